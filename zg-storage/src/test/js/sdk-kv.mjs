// Drives the official 0G storage SDK's KV classes against zg.
//
//   node sdk-kv.mjs put STORAGE_URL CHAIN_RPC PRIVATE_KEY FLOW STREAM_ID KEY_HEX VALUE_HEX
//     Builds a one-write batch with the SDK's Batcher and uploads it (Flow.submit with the
//     stream tags, then the segments), waiting for finality.
//   node sdk-kv.mjs get KV_URL STREAM_ID KEY_HEX
//     Reads the value with the SDK's KvClient.getValue.
//
// Prints one JSON line: {"ok":true,...} or {"error":"..."}.
import { Batcher, KvClient, StorageNode, getFlowContract } from '@0gfoundation/0g-ts-sdk';
import { ethers } from 'ethers';

async function main(args) {
  const [command] = args;
  if (command === 'put') {
    const [, storageUrl, chainRpc, key, flowAddress, streamId, keyHex, valueHex] = args;
    const signer = new ethers.Wallet(key, new ethers.JsonRpcProvider(chainRpc));
    const flow = getFlowContract(flowAddress, signer);
    const batcher = new Batcher(Number.MAX_SAFE_INTEGER, [new StorageNode(storageUrl)], flow,
      chainRpc);
    batcher.streamDataBuilder.set(streamId, ethers.getBytes(keyHex), ethers.getBytes(valueHex));
    const [result, err] = await batcher.exec({ finalityRequired: true, expectedReplica: 1 });
    return err === null ? { ok: true, ...result } : { error: String(err) };
  }
  if (command === 'grant-writer') {
    // The SDK's builder has no helper for access control; its public controls list is what
    // its encoder writes (type, stream id, account).
    const [, storageUrl, chainRpc, key, flowAddress, streamId, account] = args;
    const signer = new ethers.Wallet(key, new ethers.JsonRpcProvider(chainRpc));
    const flow = getFlowContract(flowAddress, signer);
    const batcher = new Batcher(Number.MAX_SAFE_INTEGER, [new StorageNode(storageUrl)], flow,
      chainRpc);
    batcher.streamDataBuilder.addStreamId(streamId);
    batcher.streamDataBuilder.controls.push({ Type: 0x20, StreamId: streamId, Account: account });
    const [result, err] = await batcher.exec({ finalityRequired: true, expectedReplica: 1 });
    return err === null ? { ok: true, ...result } : { error: String(err) };
  }
  if (command === 'get') {
    const [, kvUrl, streamId, keyHex] = args;
    const value = await new KvClient(kvUrl).getValue(streamId, ethers.getBytes(keyHex));
    if (value === null) {
      return { ok: true, found: false };
    }
    return { ok: true, found: true, data: ethers.hexlify(Buffer.from(value.data, 'base64')),
      size: value.size, version: value.version };
  }
  return { error: 'unknown command ' + command };
}

main(process.argv.slice(2))
  .then((result) => {
    console.log(JSON.stringify(result, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    process.exit(0);
  })
  .catch((e) => { console.log(JSON.stringify({ error: String(e?.stack ?? e) })); process.exit(0); });
