// The official 0G compute SDK, unchanged, fine-tunes through zg devnet's fine-tuning provider
// (chain 31337: the SDK's built-in contract addresses). The dataset is already in zg's 0G
// Storage (uploaded with zg's client); the SDK:
//   transfers 2 0G into the provider's fine-tuning sub-account (after a 5 0G ledger),
//   creates a task on the dataset's root (createTask = create-task --dataset ROOT),
//   polls getTask until Delivered,
//   acknowledgeModel with downloadMethod 'tee' (the provider's /lora route; no Go binary),
//   polls until Finished (the provider settled and put the sealed key on chain),
//   decryptModel into OUT_DIR/model.gguf.
// It also runs acknowledgeProviderSigner (what the CLI's create-task does first: the quote
// must carry report_data), verifyService (the attestation checks the SDK automates),
// modelUsage (the model's zip) and uploads the same dataset file to the provider
// (uploadDatasetToTEE, multipart).
//
//   node finetune-sdk.mjs RPC_URL USER_KEY PROVIDER DATASET_ROOT MODEL_NAME CONFIG_FILE OUT_DIR \
//       DATASET_FILE
// Prints one JSON line with what the SDK saw.
import { createRequire } from 'module';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';

// The SDK's CommonJS build, as its CLI uses it: in the ESM bundle axios's stream download
// (the TEE route of acknowledgeModel) fails with "stream.on is not a function".
const require = createRequire(import.meta.url);
const { JsonRpcProvider, Wallet, parseEther } = require('ethers');
const { createZGComputeNetworkBroker } = require('@0gfoundation/0g-compute-ts-sdk');

const timer = setTimeout(() => {
  console.error('timed out after 420 s');
  process.exit(3);
}, 420_000);
timer.unref();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(broker, provider, id, state) {
  const seen = [];
  for (;;) {
    const task = await broker.fineTuning.getTask(provider, id);
    if (seen[seen.length - 1] !== task.progress) seen.push(task.progress);
    if (task.progress === state) return { task, seen };
    if (task.progress === 'Failed') {
      throw new Error('task failed: ' + await broker.fineTuning.getLog(provider, id));
    }
    await sleep(250);
  }
}

async function main() {
  const [rpc, key, provider, root, model, config, out, datasetFile] = process.argv.slice(2);
  if (!datasetFile) {
    console.error('usage: node finetune-sdk.mjs RPC USER_KEY PROVIDER ROOT MODEL CONFIG OUT_DIR'
      + ' DATASET_FILE');
    process.exit(2);
  }
  const chain = new JsonRpcProvider(rpc, undefined, { cacheTimeout: -1 });
  const wallet = new Wallet(key, chain);
  const broker = await createZGComputeNetworkBroker(wallet);
  await broker.ledger.addLedger(5);
  await broker.ledger.transferFund(provider, 'fine-tuning', parseEther('2'));
  const before = await broker.fineTuning.getAccount(provider);
  const uploaded = await broker.fineTuning.uploadDatasetToTEE(provider, datasetFile);
  await broker.fineTuning.acknowledgeProviderSigner(provider);
  const verified = await broker.fineTuning.verifyService(provider, out, () => {});
  await broker.fineTuning.modelUsage(provider, model, join(out, 'usage.zip'));

  const id = await broker.fineTuning.createTask(provider, model, root, config);
  const delivered = await waitFor(broker, provider, id, 'Delivered');
  await broker.fineTuning.acknowledgeModel(provider, id, out, { downloadMethod: 'tee' });
  const finished = await waitFor(broker, provider, id, 'Finished');
  const encrypted = readdirSync(out).find((f) => f.startsWith('lora_model_'));
  await broker.fineTuning.decryptModel(provider, id, join(out, encrypted), join(out, 'model.gguf'));
  const after = await broker.fineTuning.getAccount(provider);
  const tasks = await broker.fineTuning.listTask(provider);
  const log = await broker.fineTuning.getLog(provider, id);
  console.log(JSON.stringify({
    id,
    uploadedHash: uploaded.datasetHash,
    verified: {
      success: verified.success,
      signer: verified.signerVerification && verified.signerVerification.allMatch,
      compose: verified.composeVerification && verified.composeVerification.passed,
    },
    usageZipBytes: readFileSync(join(out, 'usage.zip')).length,
    acknowledged: (await broker.fineTuning.getAccount(provider)).acknowledged,
    fee: finished.task.fee,
    states: [...delivered.seen, ...finished.seen],
    balanceBefore: before.balance.toString(),
    balanceAfter: after.balance.toString(),
    listed: tasks.map((t) => t.id),
    encrypted: join(out, encrypted),
    decrypted: join(out, 'model.gguf'),
    log,
  }, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

main().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
