package dev.zg.storage.rpc;

import dev.zg.common.Address;

/**
 * {@code zgs_getStatus.networkIdentity}: the chain and Flow contract the node follows (the
 * SDK finds Flow here) and the protocol version it speaks.
 */
public record NodeIdentity(long chainId, Address flowAddress, int major, int minor, int build) {
  /** The version 0G's current nodes announce. */
  public static NodeIdentity of(long chainId, Address flowAddress) {
    return new NodeIdentity(chainId, flowAddress, 0, 4, 0);
  }
}
