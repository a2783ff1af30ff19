// Hardhat's EDR (revm inside) through Hardhat's in-process network provider, the way a
// Hardhat user's scripts and tests reach it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intrinsicGas } from './hex.mjs';

/**
 * Deploys every workload with mined transactions (automine), then returns a runner whose
 * `call(workload)` runs the workload as an eth_call on the latest block: EDR executes it on
 * its in-memory state and discards the changes, so every call starts from the same state.
 * That is EDR's cheapest path: no block is mined, no state root computed.
 */
export async function edrRunner(artifacts) {
  // Hardhat looks for its config from the working directory up.
  process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));
  const { default: hre } = await import('hardhat');
  const provider = hre.network.provider;
  const request = (method, params = []) => provider.request({ method, params });
  const hex = (n) => '0x' + BigInt(n).toString(16);

  for (const w of artifacts.workloads) {
    const hash = await request('eth_sendTransaction', [
      { from: artifacts.deployer, data: w.initCode, gas: hex(artifacts.deployGas) },
    ]);
    const receipt = await request('eth_getTransactionReceipt', [hash]);
    if (receipt.status !== '0x1' || receipt.contractAddress.toLowerCase() !== w.address) {
      throw new Error(`EDR: deploying ${w.name} failed or landed at ${receipt.contractAddress}`);
    }
  }

  const call = (w) => request('eth_call', [
    { from: artifacts.deployer, to: w.address, data: w.calldata, gas: hex(artifacts.callGas) },
    'latest',
  ]);
  return {
    name: 'edr',
    version: hre.version ?? null,
    async call(w) {
      return { output: await call(w) };
    },
    /**
     * EDR answers each call with a step-by-step trace of it (for Solidity stack traces; Hardhat
     * cannot turn it off), held in native memory until V8 finalizes the response. V8 does not
     * see that memory, so without a collection between calls the process grows by hundreds of
     * MB per call and EDR slows down several times. Collecting between calls, outside the
     * timed region (node --expose-gc), measures EDR at its best.
     */
    betweenCalls() {
      globalThis.gc?.();
    },
    /**
     * eth_call reports no gas, so the gas is read once from a mined transaction's receipt
     * (rolled back with evm_snapshot/evm_revert): receipt gas minus intrinsic gas is the
     * execution gas, since no workload earns a refund.
     */
    async gas(w) {
      const snapshot = await request('evm_snapshot');
      const hash = await request('eth_sendTransaction', [
        { from: artifacts.deployer, to: w.address, data: w.calldata, gas: hex(artifacts.callGas) },
      ]);
      const receipt = await request('eth_getTransactionReceipt', [hash]);
      await request('evm_revert', [snapshot]);
      if (receipt.status !== '0x1') {
        throw new Error(`EDR: ${w.name} reverted`);
      }
      return BigInt(receipt.gasUsed) - intrinsicGas(w.calldata);
    },
  };
}
