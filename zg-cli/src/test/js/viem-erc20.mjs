// viem against a zg devnet: the same as ethers-erc20.mjs (deploy the OpenZeppelin ERC-20,
// transfer, balances, eth_getLogs, a WebSocket subscription), through viem's clients.
//
//   node viem-erc20.mjs RPC_URL WS_URL CONTRACTS_JSON
// Prints one JSON line: the token address and the transfer transaction hashes.
import {
  createPublicClient, createWalletClient, defineChain, http, parseEther, parseEventLogs, webSocket,
  zeroAddress,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { MNEMONIC, args, check, guard, run, until } from './lib.mjs';

guard(120);
const { rpc, ws, contracts } = args();
const { abi, bytecode } = contracts.ZgToken;
const SUPPLY = parseEther('1000000');

run(async () => {
  const probe = createPublicClient({ transport: http(rpc) });
  const chain = defineChain({
    id: await probe.getChainId(),
    name: 'zg devnet',
    nativeCurrency: { name: '0G', symbol: '0G', decimals: 18 },
    rpcUrls: { default: { http: [rpc], webSocket: [ws] } },
  });
  const client = createPublicClient({ chain, transport: http(rpc), pollingInterval: 50 });
  const socketClient = createPublicClient({ chain, transport: webSocket(ws) });
  const deployer = mnemonicToAccount(MNEMONIC, { addressIndex: 3 });
  const alice = mnemonicToAccount(MNEMONIC, { addressIndex: 4 });
  const bob = mnemonicToAccount(MNEMONIC, { addressIndex: 5 });
  const wallet = (account) => createWalletClient({ chain, account, transport: http(rpc) });

  const deployHash = await wallet(deployer).deployContract({ abi, bytecode, args: [SUPPLY] });
  const deployed = await client.waitForTransactionReceipt({ hash: deployHash });
  check(deployed.status === 'success' && deployed.contractAddress, 'deployment succeeded');
  const token = { address: deployed.contractAddress, abi };
  check(await client.readContract({ ...token, functionName: 'totalSupply' }) === SUPPLY, 'supply');

  // eth_subscribe "logs" over the WebSocket, before any transfer.
  const seen = [];
  const unwatch = socketClient.watchContractEvent({
    ...token,
    eventName: 'Transfer',
    onLogs: (logs) => seen.push(...logs),
    onError: (e) => console.error('subscription error:', e),
  });

  const send = async (account, to, amount) => {
    const { request } = await client.simulateContract({
      ...token, account, functionName: 'transfer', args: [to, amount],
    });
    const hash = await wallet(account).writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash });
    check(receipt.status === 'success', `transfer ${hash}`);
    const events = parseEventLogs({ abi, logs: receipt.logs, eventName: 'Transfer' });
    check(events.length === 1 && events[0].args.value === amount, 'receipt carries the event');
    return hash;
  };
  // viem subscribes in the background; its socket client lists a subscription once the node
  // has answered eth_subscribe, and only then are the transfers sure to be seen.
  const socket = await socketClient.transport.getRpcClient();
  await until(() => socket.subscriptions.size > 0);
  const hashes = [
    await send(deployer, alice.address, parseEther('1000')),
    await send(alice, bob.address, parseEther('250')),
    await send(deployer, bob.address, 5n),
  ];

  const balance = (who) =>
    client.readContract({ ...token, functionName: 'balanceOf', args: [who] });
  check(await balance(deployer.address) === SUPPLY - parseEther('1000') - 5n, 'deployer balance');
  check(await balance(alice.address) === parseEther('750'), 'alice balance');
  check(await balance(bob.address) === parseEther('250') + 5n, 'bob balance');

  let reverted = null;
  try {
    await client.simulateContract({ ...token, account: alice, functionName: 'transfer',
      args: [bob.address, parseEther('751')] });
  } catch (e) {
    reverted = e;
  }
  const revertError = reverted?.walk?.((e) => e.name === 'ContractFunctionRevertedError');
  check(revertError?.data?.errorName === 'ERC20InsufficientBalance',
    'revert decoded as ERC20InsufficientBalance, got ' + (reverted?.shortMessage ?? reverted));

  const logs = await client.getContractEvents({ ...token, eventName: 'Transfer', fromBlock: 0n });
  check(logs.length === 4, `eth_getLogs finds the mint and 3 transfers, found ${logs.length}`);
  check(logs[0].args.from === zeroAddress, 'first is the mint');
  check(logs.slice(1).map((l) => l.transactionHash).join() === hashes.join(), 'transfers in order');
  const toBob = await client.getContractEvents({ ...token, eventName: 'Transfer',
    args: { to: bob.address }, fromBlock: 0n });
  check(toBob.length === 2, 'topic filter on the recipient');

  await until(() => seen.length >= 3);
  check(seen.map((l) => l.transactionHash).join() === hashes.join(), 'WebSocket events in order');
  check(seen[1].args.from === alice.address && seen[1].args.value === parseEther('250'),
    'WebSocket event arguments');
  unwatch();
  socket.close();
  return { token: token.address, transfers: hashes, logs: logs.length, events: seen.length };
});
