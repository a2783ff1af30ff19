// Hardhat is used only for its in-process network (EDR); nothing is compiled through it.
module.exports = {
  networks: {
    hardhat: {
      hardfork: 'cancun',
      // Room for the deployments (the ERC-20 driver funds 2,500 holders in its constructor)
      // and for eth_call with the workloads' 100M gas limit.
      blockGasLimit: 1_000_000_000,
      initialBaseFeePerGas: 0,
      loggingEnabled: false,
    },
  },
};
