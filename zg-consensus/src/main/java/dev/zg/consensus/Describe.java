package dev.zg.consensus;

import dev.zg.common.Hex;

/**
 * Short descriptions of messages for rejections. Cheap on purpose: rejections are frequent
 * (every gossip duplicate), and an address's checksum form would cost a Keccak each.
 */
final class Describe {
  private Describe() {}

  static String of(ConsensusMessage m) {
    String kind = switch (m) {
      case Proposal p -> "PROPOSAL";
      case Vote v -> v.type().name();
    };
    return kind + " h=" + m.height() + " r=" + m.round() + " from "
        + Hex.encode(m.signer().bytesUnsafe(), 0, 4);
  }
}
