// The official 0G compute SDK and the OpenAI client, unchanged, chat with zg devnet's own
// inference provider (the built-in model behind zg's broker): the SDK creates a ledger,
// acknowledges the provider's signer (which opens the sub-account), reads the service's
// endpoint and model, makes request headers for each call; the OpenAI client sends the chats
// with those headers; processResponse checks each reply's signature. Then it waits until the
// provider has settled on chain and reads the ledger back, and the SDK's CLI lists the
// provider and shows the account.
//
//   node compute-chat.mjs RPC_URL USER_KEY PROVIDER INPUT_PRICE OUTPUT_PRICE WORK_DIR
// Prints one JSON line.
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';
import { JsonRpcProvider, Wallet } from 'ethers';
import OpenAI from 'openai';
import { createZGComputeNetworkBroker } from '@0gfoundation/0g-compute-ts-sdk';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, 'node_modules', '@0gfoundation', '0g-compute-ts-sdk', 'cli.commonjs',
  'cli', 'index.js');
const PROMPTS = ['To be, or not to', 'The answer to life, the universe and everything is',
  'Fear is the mind'];

const timer = setTimeout(() => {
  console.error('timed out after 240 s');
  process.exit(3);
}, 240_000);
timer.unref();

function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
}

async function main() {
  const [rpc, key, provider, inputPrice, outputPrice, work] = process.argv.slice(2);
  if (!work) {
    console.error('usage: node compute-chat.mjs RPC_URL USER_KEY PROVIDER INPUT_PRICE'
      + ' OUTPUT_PRICE WORK_DIR');
    process.exit(2);
  }
  const user = new Wallet(key, new JsonRpcProvider(rpc, undefined, { cacheTimeout: -1 }));
  const broker = await createZGComputeNetworkBroker(user);
  await broker.ledger.addLedger(5);
  await broker.inference.acknowledgeProviderSigner(provider);
  const { endpoint, model } = await broker.inference.getServiceMetadata(provider);
  const before = await broker.ledger.getLedger();

  const chats = [];
  for (const prompt of PROMPTS) {
    const headers = await broker.inference.getRequestHeaders(provider, prompt);
    const openai = new OpenAI({ baseURL: endpoint, apiKey: '' });
    const { data, response } = await openai.chat.completions.create(
      { model, messages: [{ role: 'user', content: prompt }], max_tokens: 24, temperature: 0 },
      { headers },
    ).withResponse();
    const chatId = response.headers.get('ZG-Res-Key') ?? data.id;
    const valid = await broker.inference.processResponse(provider, chatId,
      JSON.stringify(data.usage));
    check(valid === true, `processResponse verified chat ${chatId}: ${valid}`);
    chats.push({ chatId, content: data.choices[0].message.content, usage: data.usage, valid });
  }

  // The provider settles on its own schedule (every second in the test), perhaps in several
  // rounds: wait until the ledger has paid at least the metered usage (the caller then checks
  // it is exactly that).
  const metered = chats.reduce((sum, c) => sum + BigInt(c.usage.prompt_tokens) * BigInt(inputPrice)
    + BigInt(c.usage.completion_tokens) * BigInt(outputPrice), 0n);
  let after = await broker.ledger.getLedger();
  const deadline = Date.now() + 90_000;
  const total = (l) => BigInt(l.totalBalance ?? l[2]);
  while (total(before) - total(after) < metered) {
    check(Date.now() < deadline, `settled ${metered} within 90 s`);
    await new Promise((r) => setTimeout(r, 250));
    after = await broker.ledger.getLedger();
  }
  const account = await broker.inference.getAccount(provider);

  // The SDK's CLI, with a private HOME holding its config.
  const home = join(work, 'home');
  mkdirSync(join(home, '.0g-compute-cli'), { recursive: true });
  writeFileSync(join(home, '.0g-compute-cli', 'config.json'), JSON.stringify({
    privateKey: key, rpcEndpoint: rpc, network: 'custom', lastUpdated: new Date().toISOString(),
  }));
  const cli = (...args) => {
    try {
      return execFileSync(process.execPath, [CLI, ...args], {
        env: { ...process.env, HOME: home, NO_UPDATE_NOTIFIER: '1', CI: '1' },
        encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      throw new Error(`0g-compute-cli ${args.join(' ')} failed: ${e.stdout}\n${e.stderr}`);
    }
  };
  const providers = cli('inference', 'list-providers', '--rpc', rpc);
  const subAccount = cli('get-sub-account', '--provider', provider, '--service', 'inference',
    '--rpc', rpc);

  return {
    endpoint, model, chats,
    totalBefore: total(before), totalAfter: total(after),
    accountBalance: account.balance ?? account[3],
    providers, subAccount,
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
