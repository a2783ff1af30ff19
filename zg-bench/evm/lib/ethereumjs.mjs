// @ethereumjs/evm driven directly through EVM.runCall, with the transaction-level setup that
// @ethereumjs/vm's runTx would do and runCall alone does not.
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, getActivePrecompiles } from '@ethereumjs/evm';
import { createAddressFromString, createZeroAddress } from '@ethereumjs/util';
import { fromHex, toHex } from './hex.mjs';

/**
 * Deploys every workload of `artifacts` (in order, from the deployer, as transactions
 * would) into a fresh in-memory EVM and returns a runner whose `call(workload)` executes one
 * workload call from that same pre-state every time and returns { gas, refund, output }.
 */
export async function ethereumjsRunner(artifacts) {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  // Defaults: SimpleStateManager (maps, no trie) and the noble (pure JS) BN254 backend.
  const evm = await createEVM({ common });
  const deployer = createAddressFromString(artifacts.deployer);
  const precompiles = [...getActivePrecompiles(common).keys()];

  // What runTx does at the start of each transaction: forget the previous transaction's
  // original storage values (EIP-2200 prices SSTORE against them), then warm the sender, the
  // recipient and the precompiles (EIP-2929) and the coinbase (EIP-3651; the zero address in
  // runCall's default block). Afterwards journal.cleanup() forgets warm addresses and
  // touched accounts, as runTx's does.
  function startTransaction(to) {
    evm.stateManager.originalStorageCache.clear();
    for (const address of precompiles) {
      evm.journal.addAlwaysWarmAddress(address);
    }
    evm.journal.addAlwaysWarmAddress(deployer.toString());
    evm.journal.addAlwaysWarmAddress(createZeroAddress().toString());
    if (to !== undefined) {
      evm.journal.addAlwaysWarmAddress(to.toString());
    }
  }

  for (const w of artifacts.workloads) {
    startTransaction(undefined);
    const result = await evm.runCall({
      caller: deployer,
      origin: deployer,
      data: fromHex(w.initCode),
      gasLimit: BigInt(artifacts.deployGas),
    });
    await evm.journal.cleanup();
    const error = result.execResult.exceptionError;
    if (error !== undefined || result.createdAddress?.toString() !== w.address) {
      throw new Error(`ethereumjs: deploying ${w.name} failed (${error?.error}) or landed at ` +
        `${result.createdAddress}, expected ${w.address}`);
    }
  }

  const targets = new Map(
    artifacts.workloads.map((w) => [w.name, createAddressFromString(w.address)]));
  const inputs = new Map(artifacts.workloads.map((w) => [w.name, fromHex(w.calldata)]));
  return {
    name: 'ethereumjs',
    async call(w) {
      const to = targets.get(w.name);
      // Each call starts from the deployed state: the state-manager checkpoint is reverted
      // afterwards, so fresh slots stay fresh and nonces stay put.
      await evm.stateManager.checkpoint();
      startTransaction(to);
      const result = await evm.runCall({
        caller: deployer,
        origin: deployer,
        to,
        data: inputs.get(w.name),
        gasLimit: BigInt(artifacts.callGas),
      });
      await evm.journal.cleanup();
      await evm.stateManager.revert();
      const error = result.execResult.exceptionError;
      if (error !== undefined) {
        throw new Error(`ethereumjs: ${w.name} failed: ${error.error}`);
      }
      return {
        gas: result.execResult.executionGasUsed,
        refund: result.execResult.gasRefund ?? 0n,
        output: toHex(result.execResult.returnValue),
      };
    },
  };
}
