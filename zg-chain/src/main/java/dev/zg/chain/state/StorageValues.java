package dev.zg.chain.state;

import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;

/** Storage trie keys and values: keccak(slot as 32 bytes) to rlp(value without leading zeros). */
final class StorageValues {
  private StorageValues() {}

  static byte[] key(UInt256 slot) {
    return Keccak256.hash(slot.toBytes32());
  }

  static byte[] encode(UInt256 value) {
    return RlpWriter.encodeBytes(value.toMinimalBytes());
  }

  static UInt256 decode(byte[] encoded) {
    try {
      RlpReader in = new RlpReader(encoded);
      java.math.BigInteger value = in.readUInt256("storage value");
      in.expectEnd("storage value");
      return UInt256.fromBigInteger(value);
    } catch (RlpException e) {
      throw new IllegalStateException("malformed storage value in the state: " + e.getMessage(),
          e);
    }
  }
}
