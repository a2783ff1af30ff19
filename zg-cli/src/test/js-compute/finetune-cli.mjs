// The official SDK's CLI, 0g-compute-cli, unchanged, fine-tunes through zg devnet's
// fine-tuning provider. Unattended use (compute-sdk.md §7): a config file with the key and
// the RPC URL in a private HOME, --service on transfer-fund, a provider whose
// /v1/task/pending says 0, and --download-method tee (the storage paths run the bundled Go
// binary with the public testnet's URLs, §6.4).
//   add-account, transfer-fund --service fine-tuning, fine-tuning create-task --dataset ROOT,
//   get-task until Delivered, acknowledge-model --download-method tee, get-task until
//   Finished, decrypt-model, list-tasks, get-log.
//
//   node finetune-cli.mjs RPC_URL USER_KEY PROVIDER DATASET_ROOT MODEL_NAME CONFIG_FILE WORK_DIR
// Prints one JSON line.
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, 'node_modules', '@0gfoundation', '0g-compute-ts-sdk', 'cli.commonjs',
  'cli', 'index.js');
const deadline = Date.now() + 420_000;

const [rpc, key, provider, root, model, config, work] = process.argv.slice(2);
if (!work) {
  console.error('usage: node finetune-cli.mjs RPC USER_KEY PROVIDER ROOT MODEL CONFIG WORK_DIR');
  process.exit(2);
}
const home = join(work, 'home');
mkdirSync(join(home, '.0g-compute-cli'), { recursive: true });
writeFileSync(join(home, '.0g-compute-cli', 'config.json'), JSON.stringify({
  privateKey: key, rpcEndpoint: rpc, network: 'custom', lastUpdated: new Date().toISOString(),
}));

function cli(...args) {
  try {
    return execFileSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, HOME: home, NO_UPDATE_NOTIFIER: '1', CI: '1' },
      encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`0g-compute-cli ${args.join(' ')} failed: ${e.stdout}\n${e.stderr}`);
  }
}

function waitFor(id, state) {
  for (;;) {
    const out = cli('fine-tuning', 'get-task', '--provider', provider, '--task', id);
    if (out.includes(state)) return out;
    if (out.includes('Failed')) throw new Error('task failed: ' + out);
    if (Date.now() > deadline) throw new Error(`no ${state} in time: ${out}`);
    execFileSync('sleep', ['0.5']);
  }
}

const models = join(work, 'models');
mkdirSync(models, { recursive: true });
cli('add-account', '--amount', '5');
cli('transfer-fund', '--provider', provider, '--amount', '2', '--service', 'fine-tuning');
const created = cli('fine-tuning', 'create-task', '--provider', provider, '--model', model,
  '--dataset', root, '--config-path', config);
const id = /Created Task ID:\s*(\S+)/.exec(created)[1];
const delivered = waitFor(id, 'Delivered');
cli('fine-tuning', 'acknowledge-model', '--provider', provider, '--task-id', id,
  '--data-path', models, '--download-method', 'tee');
const finished = waitFor(id, 'Finished');
const encrypted = join(models, readdirSync(models).find((f) => f.startsWith('lora_model_')));
const output = join(work, 'model.gguf');
cli('fine-tuning', 'decrypt-model', '--provider', provider, '--task-id', id,
  '--encrypted-model', encrypted, '--output', output);
const listed = cli('fine-tuning', 'list-tasks', '--provider', provider);
const log = cli('fine-tuning', 'get-log', '--provider', provider, '--task', id);
const account = cli('get-sub-account', '--provider', provider, '--service', 'fine-tuning');
console.log(JSON.stringify({
  id, created, delivered, finished, listed, log, account, decrypted: output, encrypted,
}));
