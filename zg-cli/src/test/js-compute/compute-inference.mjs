// The official 0G compute SDK and the OpenAI client, unchanged, against the inference
// provider that `zg devnet` runs: the SDK creates a ledger, deposits, acknowledges the
// provider's signer (which opens the sub-account), gets request headers, the OpenAI client
// sends chats to the provider's /v1/proxy endpoint, and processResponse checks each reply's
// signature. Settlement is the provider's business; the caller checks it on chain.
//
//   node compute-inference.mjs RPC_URL PROVIDER_ADDRESS
// Prints one JSON line: the user, the service, and per chat the answer, usage, chat id and
// the result of processResponse.
import { HDNodeWallet, JsonRpcProvider, Mnemonic } from 'ethers';
import OpenAI from 'openai';
import { createZGComputeNetworkBroker } from '@0gfoundation/0g-compute-ts-sdk';

const MNEMONIC = 'test test test test test test test test test test test junk';
const PROMPTS = [
  'Say something about zero gravity.',
  'How many tokens does this prompt have?',
  'The quick brown fox jumps over the lazy dog.',
];

const timer = setTimeout(() => {
  console.error('timed out after 240 s');
  process.exit(3);
}, 240_000);
timer.unref();

async function main() {
  const [rpc, provider] = process.argv.slice(2);
  if (!rpc || !provider) {
    console.error('usage: node compute-inference.mjs RPC_URL PROVIDER_ADDRESS');
    process.exit(2);
  }
  const chain = new JsonRpcProvider(rpc, undefined, { cacheTimeout: -1 });
  const user = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(MNEMONIC), "m/44'/60'/0'/0/5")
    .connect(chain);

  const broker = await createZGComputeNetworkBroker(user);
  await broker.ledger.addLedger(3);
  await broker.ledger.depositFund(2);
  await broker.inference.acknowledgeProviderSigner(provider);
  // No transfer of our own: getRequestHeaders tops the sub-account up (unsettled + 2 0G).
  const { endpoint, model } = await broker.inference.getServiceMetadata(provider);
  const openai = new OpenAI({ baseURL: endpoint, apiKey: 'set-per-request' });

  const chats = [];
  for (const prompt of PROMPTS) {
    const headers = await broker.inference.getRequestHeaders(provider);
    const { data, response } = await openai.chat.completions.create(
      { model, messages: [{ role: 'user', content: prompt }] }, { headers },
    ).withResponse();
    const chatId = response.headers.get('ZG-Res-Key');
    const valid = await broker.inference.processResponse(provider, chatId,
      JSON.stringify(data.usage));
    chats.push({
      prompt, answer: data.choices[0].message.content, usage: data.usage, chatId, valid,
    });
  }
  return { user: user.address, endpoint, model, chats };
}

main().then((result) => {
  console.log(JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  process.exit(0);
}).catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
