// ethers v6 against a zg devnet: deploys the OpenZeppelin ERC-20 (ZgToken), transfers with a
// locally signed wallet and through the node's eth_sendTransaction, reads balances, finds the
// Transfer events with eth_getLogs and receives them over a WebSocket subscription.
//
//   node ethers-erc20.mjs RPC_URL WS_URL CONTRACTS_JSON
// Prints one JSON line: the token address and the transfer transaction hashes.
import {
  Contract, ContractFactory, HDNodeWallet, JsonRpcProvider, Mnemonic, WebSocketProvider, parseUnits,
} from 'ethers';
import { MNEMONIC, args, check, guard, run, until } from './lib.mjs';

guard(120);
const { rpc, ws, contracts } = args();
const { abi, bytecode } = contracts.ZgToken;
const SUPPLY = parseUnits('1000000', 18);

run(async () => {
  // No response cache: ethers would otherwise answer a second eth_getTransactionCount within
  // 250 ms from its cache, and on a chain that mines at once that nonce is already used.
  const provider = new JsonRpcProvider(rpc, undefined,
    { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
  const network = await provider.getNetwork();
  const mnemonic = Mnemonic.fromPhrase(MNEMONIC);
  const deployer = HDNodeWallet.fromMnemonic(mnemonic, "m/44'/60'/0'/0/0").connect(provider);
  const alice = HDNodeWallet.fromMnemonic(mnemonic, "m/44'/60'/0'/0/1").connect(provider);
  const bob = HDNodeWallet.fromMnemonic(mnemonic, "m/44'/60'/0'/0/2");

  const factory = new ContractFactory(abi, bytecode, deployer);
  const token = await factory.deploy(SUPPLY);
  const deployReceipt = await token.deploymentTransaction().wait();
  check(deployReceipt.status === 1, 'deployment succeeded');
  const address = await token.getAddress();
  check(deployReceipt.contractAddress === address, 'receipt names the contract');
  check((await provider.getCode(address)).length > 2, 'code is deployed');
  check(await token.name() === 'zg test token' && await token.symbol() === 'ZGT', 'metadata');
  check(await token.totalSupply() === SUPPLY, 'total supply');

  // Subscribe before transferring, over a WebSocket (eth_subscribe "logs").
  const socket = new WebSocketProvider(ws, network);
  // ethers sends eth_subscribe in the background; keep its answer, so the transfers start
  // only once the node has the subscription.
  let subscribed = null;
  const send = socket.send.bind(socket);
  socket.send = (method, params) => {
    const answer = send(method, params);
    if (method === 'eth_subscribe') {
      subscribed = answer;
    }
    return answer;
  };
  const seen = [];
  const live = new Contract(address, abi, socket);
  await live.on('Transfer', (from, to, value, event) => {
    seen.push({ from, to, value, tx: event.log.transactionHash, index: event.log.index });
  });
  await until(() => subscribed !== null);
  check(/^0x[0-9a-f]+$/.test(await subscribed), 'a subscription id');

  const hashes = [];
  const t1 = await token.transfer(alice.address, parseUnits('1000', 18));
  check((await t1.wait()).status === 1, 'transfer 1');
  hashes.push(t1.hash);
  const t2 = await token.connect(alice).transfer(bob.address, parseUnits('250', 18));
  const r2 = await t2.wait();
  check(r2.status === 1 && r2.logs.length === 1, 'transfer 2 with one log');
  hashes.push(t2.hash);
  // The node signs for its dev accounts (eth_sendTransaction).
  const nodeSigner = await provider.getSigner(deployer.address);
  const t3 = await token.connect(nodeSigner).transfer(bob.address, 5n);
  check((await t3.wait()).status === 1, 'transfer 3 through eth_sendTransaction');
  hashes.push(t3.hash);

  check(await token.balanceOf(deployer.address) === SUPPLY - parseUnits('1000', 18) - 5n,
    'deployer balance');
  check(await token.balanceOf(alice.address) === parseUnits('750', 18), 'alice balance');
  check(await token.balanceOf(bob.address) === parseUnits('250', 18) + 5n, 'bob balance');

  // A transfer beyond the balance reverts with OpenZeppelin's custom error, decoded by ethers.
  let reverted = null;
  try {
    await token.connect(alice).transfer.staticCall(bob.address, parseUnits('751', 18));
  } catch (e) {
    reverted = e;
  }
  check(reverted?.code === 'CALL_EXCEPTION' && reverted.revert?.name === 'ERC20InsufficientBalance',
    'revert decoded as ERC20InsufficientBalance, got ' + (reverted?.shortMessage ?? reverted));

  const logs = await token.queryFilter(token.filters.Transfer(), 0, 'latest');
  check(logs.length === 4, `eth_getLogs finds the mint and 3 transfers, found ${logs.length}`);
  check(logs[0].args.from === '0x0000000000000000000000000000000000000000', 'first is the mint');
  check(logs.slice(1).map((l) => l.transactionHash).join() === hashes.join(), 'transfers in order');
  const toBob = await token.queryFilter(token.filters.Transfer(null, bob.address));
  check(toBob.length === 2, 'topic filter on the recipient');

  await until(() => seen.length >= 3);
  check(seen.map((s) => s.tx).join() === hashes.join(), 'WebSocket events in order');
  check(seen[1].from === alice.address && seen[1].to === bob.address
    && seen[1].value === parseUnits('250', 18), 'WebSocket event arguments');
  await live.removeAllListeners();
  await socket.destroy();
  provider.destroy();
  return { token: address, transfers: hashes, logs: logs.length, events: seen.length };
});
