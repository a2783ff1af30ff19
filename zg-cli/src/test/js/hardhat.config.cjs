// The Hardhat node the differential test runs beside zg devnet (`npx hardhat node`): chain id
// 31337 and the same 20 accounts of 10,000 ETH, configured to match zg devnet's genesis:
// Cancun, 1 gwei initial base fee, 30M gas limit, a block per transaction (automine).
// Nothing is compiled through Hardhat; contracts come from compile.mjs (solcjs).
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      initialBaseFeePerGas: 1_000_000_000,
      blockGasLimit: 30_000_000,
      mining: { auto: true, interval: 0 },
      // A reverted transaction is still mined and answered with its hash, as zg does; the
      // differential test compares the receipts.
      throwOnTransactionFailures: false,
      loggingEnabled: false,
    },
  },
};
