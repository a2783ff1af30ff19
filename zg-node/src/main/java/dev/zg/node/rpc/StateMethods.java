package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.state.AccountProof;
import dev.zg.chain.state.StateView;
import dev.zg.chain.state.WorldStateStore;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.state.AccountInfo;
import dev.zg.node.ChainNode;
import dev.zg.rpc.BlockParam;
import dev.zg.rpc.Json;
import dev.zg.rpc.Param;
import dev.zg.rpc.RpcServer;
import java.util.List;

/** Account state at a block: balances, nonces, code, storage and eth_getProof. */
final class StateMethods {
  private final ChainNode node;
  private final Blocks blocks;

  StateMethods(ChainNode node, Blocks blocks) {
    this.node = node;
    this.blocks = blocks;
  }

  private StateView view(BlockParam at) {
    BlockHeader header = blocks.require(at);
    return node.store().worldState().view(header.stateRoot());
  }

  void register(RpcServer server) {
    server.register("eth_getBalance", (p, c) -> {
      Address who = p.atMost(2).required(0, Param.ADDRESS);
      AccountInfo a = view(p.optional(1, Param.BLOCK, BlockParam.Tag.LATEST)).account(who);
      return Json.quantity(a == null ? UInt256.ZERO : a.balance());
    });
    server.register("eth_getTransactionCount", (p, c) -> {
      Address who = p.atMost(2).required(0, Param.ADDRESS);
      BlockParam at = p.optional(1, Param.BLOCK, BlockParam.Tag.LATEST);
      if (at == BlockParam.Tag.PENDING) {
        return Json.quantity(node.pool().nextNonce(who));
      }
      AccountInfo a = view(at).account(who);
      return Json.quantity(a == null ? 0 : a.nonce());
    });
    server.register("eth_getCode", (p, c) -> {
      Address who = p.atMost(2).required(0, Param.ADDRESS);
      return Json.data(view(p.optional(1, Param.BLOCK, BlockParam.Tag.LATEST)).code(who));
    });
    server.register("eth_getStorageAt", (p, c) -> {
      Address who = p.atMost(3).required(0, Param.ADDRESS);
      UInt256 slot = slot(p.required(1, Param.JSON));
      UInt256 value = view(p.optional(2, Param.BLOCK, BlockParam.Tag.LATEST)).storage(who, slot);
      return Json.data(value.toBytes32());
    });
    server.register("eth_getProof", (p, c) -> {
      Address who = p.atMost(3).required(0, Param.ADDRESS);
      List<com.fasterxml.jackson.databind.JsonNode> keys = p.required(1,
          Param.listOf(Param.JSON, WorldStateStore.PROOF_SLOTS_MAX));
      BlockHeader header = blocks.require(p.optional(2, Param.BLOCK, BlockParam.Tag.LATEST));
      List<UInt256> slots = keys.stream().map(StateMethods::slot).toList();
      return proofJson(node.store().worldState().proof(header.stateRoot(), who, slots));
    });
  }

  /**
   * A storage slot as clients send it: a 32-byte hash, or a quantity (geth accepts both, and
   * short hex such as {@code 0x0}).
   */
  static UInt256 slot(com.fasterxml.jackson.databind.JsonNode node) {
    String text = node.isTextual() ? node.asText() : "";
    if (!text.startsWith("0x") || text.length() > 66 || text.length() < 3) {
      throw dev.zg.rpc.RpcException.invalidParams(
          "invalid argument: storage slot must be 0x-hex of at most 32 bytes, got " + node);
    }
    try {
      return UInt256.fromBytes(dev.zg.common.Hex.decodeLenient(text));
    } catch (IllegalArgumentException e) {
      throw dev.zg.rpc.RpcException.invalidParams("invalid argument: storage slot: " + e.getMessage());
    }
  }

  private static ObjectNode proofJson(AccountProof proof) {
    ObjectNode o = Json.object();
    o.put("address", Json.address(proof.address()));
    o.set("accountProof", nodes(proof.accountProof()));
    o.put("balance", Json.quantity(proof.balance()));
    o.put("codeHash", Json.hash(proof.codeHash()));
    o.put("nonce", Json.quantity(proof.nonce()));
    o.put("storageHash", Json.hash(proof.storageHash()));
    ArrayNode storage = o.putArray("storageProof");
    for (AccountProof.StorageProof s : proof.storageProof()) {
      ObjectNode e = storage.addObject();
      e.put("key", Json.quantity(s.key()));
      e.put("value", Json.quantity(s.value()));
      e.set("proof", nodes(s.proof()));
    }
    return o;
  }

  private static ArrayNode nodes(List<byte[]> nodes) {
    ArrayNode out = Json.array();
    nodes.forEach(n -> out.add(Json.data(n)));
    return out;
  }

}
