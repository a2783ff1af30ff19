// Drives the official 0G storage SDK against zg storage nodes through a zg indexer.
//
//   node sdk-transfer.mjs upload INDEXER_URL CHAIN_RPC PRIVATE_KEY FILE [submit]
//     Uploads FILE, waiting for finality. Without "submit" the Flow entry must already exist
//     (skipTx); with it the SDK sends Flow.submit itself, paying the fee, as users do.
//   node sdk-transfer.mjs download INDEXER_URL ROOT OUT
//
// Prints one JSON line: {"ok":true,...} or {"error":"..."}.
import { Indexer, ZgFile } from '@0gfoundation/0g-ts-sdk';
import { ethers } from 'ethers';

async function main(args) {
  const [command, indexerUrl] = args;
  const indexer = new Indexer(indexerUrl);
  if (command === 'upload') {
    const [, , chainRpc, key, path, mode] = args;
    const signer = new ethers.Wallet(key, new ethers.JsonRpcProvider(chainRpc));
    const file = await ZgFile.fromFilePath(path);
    try {
      const [result, err] = await indexer.upload(file, chainRpc, signer,
        { skipTx: mode !== 'submit', finalityRequired: true, expectedReplica: 1 });
      return err === null ? { ok: true, ...result } : { error: String(err) };
    } finally {
      await file.close();
    }
  }
  if (command === 'download') {
    const [, , root, out] = args;
    const err = await indexer.download(root, out, true);
    return err === null ? { ok: true } : { error: String(err) };
  }
  return { error: 'unknown command ' + command };
}

main(process.argv.slice(2))
  .then((result) => { console.log(JSON.stringify(result)); process.exit(0); })
  .catch((e) => { console.log(JSON.stringify({ error: String(e?.stack ?? e) })); process.exit(0); });
