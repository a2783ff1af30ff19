// The official 0G compute SDK, unchanged, against a zg devnet (chain 31337, so the SDK uses
// its built-in contract addresses): a provider registers an inference service and the
// devnet's owner acknowledges its signer (plain ethers, as a provider's broker would); then the
// SDK creates a ledger, deposits, lists the services (full and read-only brokers), transfers
// to the provider (creating the sub-account), reads the ledger and the sub-account back, asks
// for the sub-account's money back (a refund locked for the lock time) and refunds 1 0G from
// the ledger to the wallet.
//
//   node compute-ledger.mjs RPC_URL
// Prints one JSON line with what the SDK saw.
import { Contract, HDNodeWallet, JsonRpcProvider, Mnemonic, parseEther } from 'ethers';
import {
  createZGComputeNetworkBroker, createZGComputeNetworkReadOnlyBroker,
} from '@0gfoundation/0g-compute-ts-sdk';

const MNEMONIC = 'test test test test test test test test test test test junk';
const INFERENCE = '0x0165878A594ca255338adfa4d48449f69242Eb8F';
const SERVING_ABI = [
  'function addOrUpdateService((string serviceType, string url, string model, string verifiability, uint256 inputPrice, uint256 outputPrice, string additionalInfo, address teeSignerAddress) params) payable',
  'function acknowledgeTEESignerByOwner(address provider)',
];

const timer = setTimeout(() => {
  console.error('timed out after 240 s');
  process.exit(3);
}, 240_000);
timer.unref();

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
}

function wallet(index, provider) {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(MNEMONIC), `m/44'/60'/0'/0/${index}`)
    .connect(provider);
}

async function main() {
  const rpc = process.argv[2];
  if (!rpc) {
    console.error('usage: node compute-ledger.mjs RPC_URL');
    process.exit(2);
  }
  const provider = new JsonRpcProvider(rpc, undefined, { cacheTimeout: -1 });
  const owner = wallet(0, provider);
  const user = wallet(1, provider);
  const providerWallet = wallet(2, provider);
  const signer = wallet(3, provider);

  // The provider's side, outside the SDK.
  const serving = new Contract(INFERENCE, SERVING_ABI, providerWallet);
  await (await serving.addOrUpdateService(['chatbot', 'http://127.0.0.1:9', 'zg-tiny', 'TeeML',
    10n, 20n, '{}', signer.address], { value: parseEther('100') })).wait();
  await (await serving.connect(owner).acknowledgeTEESignerByOwner(providerWallet.address)).wait();

  // The user's side, through the SDK only.
  const broker = await createZGComputeNetworkBroker(user);
  await broker.ledger.addLedger(3);
  await broker.ledger.depositFund(2);
  const ledger = await broker.ledger.getLedger();
  const services = await broker.inference.listService();
  const readOnly = await createZGComputeNetworkReadOnlyBroker(rpc, 31337);
  const listed = await readOnly.inference.listService();
  await broker.ledger.transferFund(providerWallet.address, 'inference', parseEther('1'));
  const account = await broker.inference.getAccount(providerWallet.address);
  const after = await broker.ledger.getLedger();
  // The sub-account's money starts a locked refund; 1 0G goes back to the wallet.
  await broker.ledger.retrieveFund('inference');
  const retrieving = await broker.inference.getAccount(providerWallet.address);
  await broker.ledger.refund(1);
  const refunded = await broker.ledger.getLedger();

  const addresses = (list) => list.map((s) => s.provider ?? s[0]);
  check(addresses(services).includes(providerWallet.address), 'listService names the provider');
  return {
    user: user.address,
    provider: providerWallet.address,
    ledger: { available: ledger.availableBalance ?? ledger[1], total: ledger.totalBalance ?? ledger[2] },
    services: addresses(services),
    readOnlyServices: addresses(listed),
    account: {
      user: account.user ?? account[0],
      provider: account.provider ?? account[1],
      balance: account.balance ?? account[3],
      acknowledged: account.acknowledged ?? account[7],
    },
    after: { available: after.availableBalance ?? after[1], total: after.totalBalance ?? after[2] },
    pendingRefund: retrieving.pendingRefund ?? retrieving[4],
    refunds: (retrieving.refunds ?? retrieving[5]).length,
    refunded: { available: refunded.availableBalance ?? refunded[1], total: refunded.totalBalance ?? refunded[2] },
  };
}

main().then(
  (result) => {
    console.log(JSON.stringify(result, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    process.exit(0);
  },
  (e) => {
    console.error(e?.stack ?? String(e));
    process.exit(1);
  },
);
