package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.block.StoredReceipt;
import dev.zg.chain.tx.AccessListEntry;
import dev.zg.chain.tx.BlobTransaction;
import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionType;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.evm.state.Log;
import dev.zg.rpc.Json;
import java.math.BigInteger;
import java.util.List;

/**
 * Blocks, transactions, receipts and logs in the JSON shapes Ethereum clients return (field
 * names and encodings as go-ethereum writes them), so ethers, viem and web3j parse them.
 */
final class RpcJson {
  private RpcJson() {}

  static ObjectNode header(BlockHeader h) {
    ObjectNode o = Json.object();
    o.put("number", Json.quantity(h.number()));
    o.put("hash", Json.hash(h.hash()));
    o.put("parentHash", Json.hash(h.parentHash()));
    o.put("sha3Uncles", Json.hash(h.ommersHash()));
    o.put("miner", Json.address(h.coinbase()));
    o.put("stateRoot", Json.hash(h.stateRoot()));
    o.put("transactionsRoot", Json.hash(h.transactionsRoot()));
    o.put("receiptsRoot", Json.hash(h.receiptsRoot()));
    o.put("logsBloom", Json.data(h.logsBloom().toArray()));
    o.put("difficulty", Json.quantity(h.difficulty()));
    o.put("gasLimit", Json.quantity(h.gasLimit()));
    o.put("gasUsed", Json.quantity(h.gasUsed()));
    o.put("timestamp", Json.quantity(h.timestamp()));
    o.put("extraData", Json.data(h.extraData()));
    o.put("mixHash", Json.hash(h.mixHash()));
    byte[] nonce = new byte[8];
    Bytes.putLong(nonce, 0, h.nonce());
    o.put("nonce", Json.data(nonce));
    o.put("baseFeePerGas", Json.quantity(h.baseFeePerGas()));
    o.put("withdrawalsRoot", Json.hash(h.withdrawalsRoot()));
    o.put("blobGasUsed", Json.quantity(h.blobGasUsed()));
    o.put("excessBlobGas", Json.quantity(h.excessBlobGas()));
    o.put("parentBeaconBlockRoot", Json.hash(h.parentBeaconBlockRoot()));
    return o;
  }

  static ObjectNode block(Block block, boolean fullTransactions) {
    ObjectNode o = header(block.header());
    o.put("totalDifficulty", "0x0");
    o.put("size", Json.quantity(block.encode().length));
    ArrayNode txs = o.putArray("transactions");
    List<Transaction> list = block.transactions();
    for (int i = 0; i < list.size(); i++) {
      Transaction tx = list.get(i);
      if (fullTransactions) {
        txs.add(transaction(tx, block.header(), i));
      } else {
        txs.add(Json.hash(tx.hash()));
      }
    }
    o.putArray("uncles");
    o.putArray("withdrawals");
    return o;
  }

  /** A transaction; {@code header} null for one still pending. */
  static ObjectNode transaction(Transaction tx, BlockHeader header, int index) {
    ObjectNode o = Json.object();
    o.put("type", Json.quantity(tx.type().typeByte()));
    o.put("hash", Json.hash(tx.hash()));
    o.put("nonce", Json.quantity(tx.nonce()));
    if (header == null) {
      o.putNull("blockHash");
      o.putNull("blockNumber");
      o.putNull("transactionIndex");
    } else {
      o.put("blockHash", Json.hash(header.hash()));
      o.put("blockNumber", Json.quantity(header.number()));
      o.put("transactionIndex", Json.quantity(index));
    }
    o.put("from", tx.sender().map(Json::address).orElse(null));
    if (tx.to() == null) {
      o.putNull("to");
    } else {
      o.put("to", Json.address(tx.to()));
    }
    o.put("value", Json.quantity(tx.value()));
    o.put("gas", Json.quantity(tx.gasLimit()));
    BigInteger price = header == null ? tx.maxFeePerGas() : tx.effectiveGasPrice(header.baseFeePerGas());
    o.put("gasPrice", Json.quantity(price));
    if (tx.type() != TransactionType.LEGACY && tx.type() != TransactionType.ACCESS_LIST) {
      o.put("maxFeePerGas", Json.quantity(tx.maxFeePerGas()));
      o.put("maxPriorityFeePerGas", Json.quantity(tx.maxPriorityFeePerGas()));
    }
    if (tx instanceof BlobTransaction blob) {
      o.put("maxFeePerBlobGas", Json.quantity(blob.maxFeePerBlobGas()));
      ArrayNode hashes = o.putArray("blobVersionedHashes");
      blob.blobVersionedHashes().forEach(h -> hashes.add(Json.hash(h)));
    }
    o.put("input", Json.data(tx.data()));
    if (tx.type() != TransactionType.LEGACY) {
      o.set("accessList", accessList(tx.accessList()));
    }
    tx.signedChainId().ifPresent(id -> o.put("chainId", Json.quantity(id)));
    if (tx instanceof LegacyTransaction legacy) {
      o.put("v", Json.quantity(legacy.v()));
    } else {
      o.put("v", Json.quantity(tx.signature().recoveryId()));
      o.put("yParity", Json.quantity(tx.signature().recoveryId()));
    }
    o.put("r", Json.quantity(tx.signature().r()));
    o.put("s", Json.quantity(tx.signature().s()));
    return o;
  }

  static ArrayNode accessList(List<AccessListEntry> list) {
    ArrayNode out = Json.array();
    for (AccessListEntry e : list) {
      ObjectNode entry = out.addObject();
      entry.put("address", Json.address(e.address()));
      ArrayNode keys = entry.putArray("storageKeys");
      e.storageKeys().forEach(k -> keys.add(Json.hash(k)));
    }
    return out;
  }

  static ObjectNode receipt(StoredReceipt r, Hash blockHash, long blockNumber, int index,
      TransactionType type) {
    ObjectNode o = Json.object();
    o.put("type", Json.quantity(type.typeByte()));
    o.put("transactionHash", Json.hash(r.transactionHash()));
    o.put("transactionIndex", Json.quantity(index));
    o.put("blockHash", Json.hash(blockHash));
    o.put("blockNumber", Json.quantity(blockNumber));
    o.put("from", Json.address(r.from()));
    if (r.to() == null) {
      o.putNull("to");
    } else {
      o.put("to", Json.address(r.to()));
    }
    o.put("cumulativeGasUsed", Json.quantity(r.receipt().cumulativeGasUsed()));
    o.put("gasUsed", Json.quantity(r.gasUsed()));
    o.put("effectiveGasPrice", Json.quantity(r.effectiveGasPrice()));
    if (r.contractAddress() == null) {
      o.putNull("contractAddress");
    } else {
      o.put("contractAddress", Json.address(r.contractAddress()));
    }
    ArrayNode logs = o.putArray("logs");
    for (IndexedLog log : r.logs(blockHash, blockNumber, index)) {
      logs.add(log(log));
    }
    o.put("logsBloom", Json.data(r.receipt().bloom().toArray()));
    o.put("status", r.receipt().success() ? "0x1" : "0x0");
    if (type == TransactionType.BLOB) {
      o.put("blobGasUsed", Json.quantity(r.blobGasUsed()));
      o.put("blobGasPrice", Json.quantity(r.blobGasPrice()));
    }
    return o;
  }

  static ObjectNode log(IndexedLog indexed) {
    Log log = indexed.log();
    ObjectNode o = Json.object();
    o.put("address", Json.address(log.address()));
    ArrayNode topics = o.putArray("topics");
    for (Hash t : log.topics()) {
      topics.add(Json.hash(t));
    }
    o.put("data", Json.data(log.data()));
    o.put("blockNumber", Json.quantity(indexed.blockNumber()));
    o.put("transactionHash", Json.hash(indexed.transactionHash()));
    o.put("transactionIndex", Json.quantity(indexed.transactionIndex()));
    o.put("blockHash", Json.hash(indexed.blockHash()));
    o.put("logIndex", Json.quantity(indexed.logIndex()));
    o.put("removed", false);
    return o;
  }

  static String hex(byte[] b) {
    return Hex.prefixed(b);
  }
}
