package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.pool.TxPoolException;
import dev.zg.chain.store.IndexedTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionDecodingException;
import dev.zg.common.Hash;
import dev.zg.node.ChainNode;
import dev.zg.rpc.Json;
import dev.zg.rpc.Param;
import dev.zg.rpc.RpcException;
import dev.zg.rpc.RpcServer;
import java.util.Map;
import java.util.Optional;

/** Submitting transactions and finding them, with their receipts, once included. */
final class TransactionMethods {
  /** The error code go-ethereum uses for transactions the pool refuses. */
  static final int REJECTED = -32000;
  /** Largest raw transaction accepted over RPC; the pool has its own, smaller limit. */
  private static final int RAW_BYTES_MAX = 1 << 20;

  private final ChainNode node;

  TransactionMethods(ChainNode node) {
    this.node = node;
  }

  void register(RpcServer server) {
    server.register("eth_sendRawTransaction", (p, c) ->
        Json.hash(submitRaw(p.atMost(1).required(0, Param.data(RAW_BYTES_MAX)))));
    server.register("eth_getTransactionByHash", (p, c) -> byHash(p.atMost(1).required(0, Param.HASH)));
    server.register("eth_getTransactionReceipt", (p, c) -> {
      Optional<IndexedTransaction> found = node.store().transaction(p.atMost(1).required(0, Param.HASH));
      return found.<Object>map(TransactionMethods::receiptJson).orElse(null);
    });
    server.register("eth_getTransactionByBlockNumberAndIndex", (p, c) -> {
      Optional<BlockHeader> header = new Blocks(node.store()).find(p.atMost(2).required(0, Param.BLOCK_TAG));
      return byBlockAndIndex(header, p.required(1, Param.QUANTITY_LONG));
    });
    server.register("eth_getTransactionByBlockHashAndIndex", (p, c) ->
        byBlockAndIndex(node.store().header(p.atMost(2).required(0, Param.HASH)),
            p.required(1, Param.QUANTITY_LONG)));
    server.register("txpool_status", (p, c) -> {
      ObjectNode o = Json.object();
      o.put("pending", Json.quantity(node.pool().pendingCount()));
      o.put("queued", Json.quantity(node.pool().queuedCount()));
      return o;
    });
    server.register("txpool_content", (p, c) -> {
      ObjectNode o = Json.object();
      o.set("pending", content(node.pool().content(true)));
      o.set("queued", content(node.pool().content(false)));
      return o;
    });
  }

  Hash submitRaw(byte[] raw) {
    Transaction tx;
    try {
      tx = TransactionCodec.decode(raw);
    } catch (TransactionDecodingException e) {
      throw new RpcException(REJECTED, "invalid transaction: " + e.getMessage());
    }
    return submit(tx, raw.length);
  }

  Hash submit(Transaction tx, int size) {
    try {
      return node.submit(tx, size);
    } catch (TxPoolException e) {
      throw new RpcException(REJECTED, e.getMessage());
    }
  }

  private Object byHash(Hash hash) {
    Optional<IndexedTransaction> found = node.store().transaction(hash);
    if (found.isPresent()) {
      IndexedTransaction t = found.get();
      BlockHeader header = node.store().header(t.blockHash()).orElseThrow();
      return RpcJson.transaction(t.transaction(), header, t.index());
    }
    return node.pool().get(hash).<Object>map(tx -> RpcJson.transaction(tx, null, 0)).orElse(null);
  }

  private Object byBlockAndIndex(Optional<BlockHeader> header, long index) {
    if (header.isEmpty()) {
      return null;
    }
    var block = node.store().block(header.get().hash()).orElseThrow();
    if (index >= block.transactions().size()) {
      return null;
    }
    return RpcJson.transaction(block.transactions().get((int) index), block.header(), (int) index);
  }

  static ObjectNode receiptJson(IndexedTransaction t) {
    return RpcJson.receipt(t.receipt(), t.blockHash(), t.blockNumber(), t.index(),
        t.transaction().type());
  }

  private static ObjectNode content(Map<dev.zg.common.Address, Map<Long, Transaction>> bySender) {
    ObjectNode out = Json.object();
    bySender.forEach((sender, txs) -> {
      ObjectNode perSender = out.putObject(Json.address(sender));
      txs.forEach((nonce, tx) -> perSender.set(Long.toString(nonce), RpcJson.transaction(tx, null, 0)));
    });
    return out;
  }
}
