// The Hardhat node of the JSON-RPC benchmark, configured like the `zg devnet` it runs beside:
// chain id 31337, the same 20 accounts of 10,000 ETH (Hardhat's default mnemonic is the
// devnet's), Cancun, 1 gwei initial base fee, a block every second (no automine), and the
// block gas limit run.sh gives both nodes (ZG_BENCH_GAS_LIMIT).
module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      hardfork: 'cancun',
      initialBaseFeePerGas: 1_000_000_000,
      blockGasLimit: Number(process.env.ZG_BENCH_GAS_LIMIT ?? 30_000_000),
      mining: { auto: false, interval: 1000 },
      accounts: { count: 20 },
      loggingEnabled: false,
    },
  },
};
