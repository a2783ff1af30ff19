package dev.zg.node.rpc;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.store.ChainStore;
import dev.zg.rpc.BlockParam;
import dev.zg.rpc.RpcException;
import java.util.Optional;

/**
 * Block parameters to headers. With instant finality, {@code safe} and {@code finalized} are
 * the head; {@code pending} is the head too (state reads; the pool answers pending nonces).
 */
final class Blocks {
  /** go-ethereum's code for "header not found" and similar lookups the node cannot serve. */
  static final int NOT_FOUND = -32000;

  private final ChainStore store;

  Blocks(ChainStore store) {
    this.store = store;
  }

  /** The header, or empty when no such block exists. */
  Optional<BlockHeader> find(BlockParam param) {
    return switch (param) {
      case BlockParam.Tag tag -> tag == BlockParam.Tag.EARLIEST
          ? store.header(0) : Optional.of(store.head());
      case BlockParam.ByNumber n -> store.header(n.number());
      case BlockParam.ByHash h -> {
        Optional<BlockHeader> header = store.header(h.hash());
        if (header.isPresent() && h.requireCanonical()
            && !store.canonicalHash(header.get().number()).equals(Optional.of(h.hash()))) {
          yield Optional.empty();
        }
        yield header;
      }
    };
  }

  /** The header, or the error clients expect for a state query at an unknown block. */
  BlockHeader require(BlockParam param) {
    return find(param).orElseThrow(() -> new RpcException(NOT_FOUND, "header not found"));
  }

  /** A block number for a log-range bound. */
  long number(BlockParam param) {
    return switch (param) {
      case BlockParam.Tag tag -> tag == BlockParam.Tag.EARLIEST ? 0 : store.head().number();
      case BlockParam.ByNumber n -> n.number();
      case BlockParam.ByHash h -> require(h).number();
    };
  }
}
