package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.Eip1559BaseFee;
import dev.zg.chain.block.Eip4844ExcessBlobGas;
import dev.zg.chain.block.StoredReceipt;
import dev.zg.chain.store.ChainStore;
import dev.zg.chain.tx.Transaction;
import dev.zg.evm.BlobGas;
import dev.zg.node.ChainNode;
import dev.zg.rpc.BlockParam;
import dev.zg.rpc.Json;
import dev.zg.rpc.Param;
import dev.zg.rpc.RpcException;
import dev.zg.rpc.RpcServer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Chain identity, blocks, fees and client information. */
final class ChainMethods {
  /** The tip zg suggests (eth_maxPriorityFeePerGas), as other local chains do: 1 gwei. */
  static final BigInteger SUGGESTED_TIP = BigInteger.valueOf(1_000_000_000L);
  private static final int FEE_HISTORY_BLOCKS_MAX = 1024;
  private static final int FEE_HISTORY_PERCENTILES_MAX = 100;

  private final ChainNode node;
  private final ChainStore store;
  private final Blocks blocks;

  ChainMethods(ChainNode node, Blocks blocks) {
    this.node = node;
    this.store = node.store();
    this.blocks = blocks;
  }

  void register(RpcServer server) {
    String chainId = Json.quantity(node.config().chainId());
    String version = "zg/v" + clientVersion() + "/" + System.getProperty("os.name").toLowerCase()
        + "-" + System.getProperty("os.arch") + "/java" + Runtime.version().feature();
    server.register("web3_clientVersion", (p, c) -> version)
        .register("web3_sha3", (p, c) -> Json.data(dev.zg.common.Keccak256.hash(
            p.atMost(1).required(0, Param.DATA))))
        .register("net_version", (p, c) -> Long.toString(node.config().chainId()))
        .register("net_listening", (p, c) -> true)
        .register("net_peerCount", (p, c) -> Json.quantity(node.validator() == null ? 0
            : node.validator().connectedPeers().size()))
        .register("eth_chainId", (p, c) -> chainId)
        .register("eth_syncing", (p, c) -> false)
        .register("eth_mining", (p, c) -> true)
        .register("eth_hashrate", (p, c) -> "0x0")
        .register("eth_coinbase", (p, c) -> Json.address(node.config().coinbase()))
        .register("eth_blockNumber", (p, c) -> Json.quantity(store.head().number()))
        .register("eth_gasPrice", (p, c) -> Json.quantity(nextBaseFee().add(SUGGESTED_TIP)))
        .register("eth_maxPriorityFeePerGas", (p, c) -> Json.quantity(SUGGESTED_TIP))
        .register("eth_blobBaseFee", (p, c) -> Json.quantity(
            BlobGas.baseFee(Eip4844ExcessBlobGas.next(store.head())).toBigInteger()))
        .register("eth_feeHistory", (p, c) -> feeHistory(p.atMost(3).required(0, Param.QUANTITY_LONG),
            p.required(1, Param.BLOCK_TAG),
            p.optional(2, Param.listOf(Param.JSON, FEE_HISTORY_PERCENTILES_MAX), List.of())))
        .register("eth_getBlockByNumber", (p, c) -> blockJson(
            blocks.find(p.atMost(2).required(0, Param.BLOCK_TAG)), p.optional(1, Param.BOOLEAN, false)))
        .register("eth_getBlockByHash", (p, c) -> blockJson(
            store.header(p.atMost(2).required(0, Param.HASH)), p.optional(1, Param.BOOLEAN, false)))
        .register("eth_getBlockTransactionCountByNumber", (p, c) ->
            txCount(blocks.find(p.atMost(1).required(0, Param.BLOCK_TAG))))
        .register("eth_getBlockTransactionCountByHash", (p, c) ->
            txCount(store.header(p.atMost(1).required(0, Param.HASH))))
        .register("eth_getUncleCountByBlockNumber", (p, c) -> "0x0")
        .register("eth_getUncleCountByBlockHash", (p, c) -> "0x0")
        .register("eth_getBlockReceipts", (p, c) ->
            blockReceipts(blocks.find(p.atMost(1).required(0, Param.BLOCK))));
  }

  private static String clientVersion() {
    String v = ChainMethods.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  BigInteger nextBaseFee() {
    return Eip1559BaseFee.next(store.head());
  }

  private Object blockJson(Optional<BlockHeader> header, boolean full) {
    if (header.isEmpty()) {
      return null;
    }
    Optional<Block> block = store.block(header.get().hash());
    return block.<Object>map(b -> RpcJson.block(b, full)).orElse(null);
  }

  private Object txCount(Optional<BlockHeader> header) {
    return header.flatMap(h -> store.block(h.hash()))
        .<Object>map(b -> Json.quantity(b.transactions().size())).orElse(null);
  }

  private Object blockReceipts(Optional<BlockHeader> header) {
    if (header.isEmpty()) {
      return null;
    }
    Block block = store.block(header.get().hash()).orElseThrow();
    List<StoredReceipt> receipts = store.receipts(block.hash()).orElse(List.of());
    ArrayNode out = Json.array();
    for (int i = 0; i < receipts.size(); i++) {
      out.add(RpcJson.receipt(receipts.get(i), block.hash(), block.number(), i,
          block.transactions().get(i).type()));
    }
    return out;
  }

  /** eth_feeHistory: base fees (one more than blocks), gas used ratios, tip percentiles. */
  private Object feeHistory(long count, BlockParam newestParam, List<com.fasterxml.jackson.databind.JsonNode> percentileJson) {
    if (count < 1) {
      throw RpcException.invalidParams("invalid argument 0: block count must be at least 1");
    }
    List<Double> percentiles = new ArrayList<>();
    double previous = -1;
    for (var j : percentileJson) {
      if (!j.isNumber() || j.doubleValue() < 0 || j.doubleValue() > 100 || j.doubleValue() < previous) {
        throw RpcException.invalidParams("invalid argument 2: reward percentiles must be "
            + "increasing numbers from 0 to 100");
      }
      previous = j.doubleValue();
      percentiles.add(previous);
    }
    long newest = blocks.number(newestParam);
    newest = Math.min(newest, store.head().number());
    long blocksWanted = Math.min(Math.min(count, FEE_HISTORY_BLOCKS_MAX), newest + 1);
    long oldest = newest - blocksWanted + 1;
    ObjectNode out = Json.object();
    out.put("oldestBlock", Json.quantity(oldest));
    ArrayNode baseFees = out.putArray("baseFeePerGas");
    ArrayNode ratios = out.putArray("gasUsedRatio");
    ArrayNode blobFees = out.putArray("baseFeePerBlobGas");
    ArrayNode blobRatios = out.putArray("blobGasUsedRatio");
    ArrayNode rewards = percentiles.isEmpty() ? null : out.putArray("reward");
    BlockHeader last = null;
    for (long n = oldest; n <= newest; n++) {
      BlockHeader h = store.header(n).orElseThrow();
      baseFees.add(Json.quantity(h.baseFeePerGas()));
      ratios.add(h.gasLimit() == 0 ? 0 : (double) h.gasUsed() / h.gasLimit());
      blobFees.add(Json.quantity(Eip4844ExcessBlobGas.blobBaseFee(h)));
      blobRatios.add((double) h.blobGasUsed() / BlobGas.MAX_BLOB_GAS_PER_BLOCK);
      if (rewards != null) {
        rewards.add(rewards(h, percentiles));
      }
      last = h;
    }
    baseFees.add(Json.quantity(Eip1559BaseFee.next(last)));
    blobFees.add(Json.quantity(BlobGas.baseFee(Eip4844ExcessBlobGas.next(last)).toBigInteger()));
    return out;
  }

  /** Tips at the given percentiles of gas used in the block, as geth computes them. */
  private ArrayNode rewards(BlockHeader h, List<Double> percentiles) {
    ArrayNode out = Json.array();
    Block block = store.block(h.hash()).orElseThrow();
    List<StoredReceipt> receipts = store.receipts(h.hash()).orElse(List.of());
    if (block.transactions().isEmpty()) {
      percentiles.forEach(x -> out.add("0x0"));
      return out;
    }
    record Tip(BigInteger tip, long gas) {}
    List<Tip> tips = new ArrayList<>();
    for (int i = 0; i < block.transactions().size(); i++) {
      Transaction tx = block.transactions().get(i);
      BigInteger tip = tx.effectiveGasPrice(h.baseFeePerGas()).subtract(h.baseFeePerGas());
      tips.add(new Tip(tip, receipts.get(i).gasUsed()));
    }
    Collections.sort(tips, (a, b) -> a.tip.compareTo(b.tip));
    int index = 0;
    long sum = tips.get(0).gas;
    for (double p : percentiles) {
      double threshold = h.gasUsed() * p / 100;
      while (sum < threshold && index < tips.size() - 1) {
        index++;
        sum += tips.get(index).gas;
      }
      out.add(Json.quantity(tips.get(index).tip));
    }
    return out;
  }
}
