package dev.zg.chain.store;

import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.state.kv.Column;
import java.nio.charset.StandardCharsets;

/** The chain's columns and how keys and small values are laid out in them. */
final class ChainKeys {
  static final Column HEADERS = new Column("headers");
  static final Column BODIES = new Column("bodies");
  static final Column RECEIPTS = new Column("receipts");
  /** Block number (8 bytes, big-endian, so numbers sort) to canonical block hash. */
  static final Column CANONICAL = new Column("canonical");
  /** Transaction hash to rlp([block hash, block number, index]). */
  static final Column TX_INDEX = new Column("tx-index");
  static final Column META = new Column("meta");

  static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  static final byte[] GENESIS = "genesis".getBytes(StandardCharsets.US_ASCII);
  /** The chain id is not in any header, so two chains can share a genesis block. */
  static final byte[] CHAIN_ID = "chain-id".getBytes(StandardCharsets.US_ASCII);

  private ChainKeys() {}

  static byte[] number(long number) {
    byte[] key = new byte[8];
    Bytes.putLong(key, 0, number);
    return key;
  }

  record TxLocation(Hash blockHash, long number, int index) {}

  static byte[] encodeLocation(Hash blockHash, long number, int index) {
    RlpWriter out = new RlpWriter(48);
    out.startList().writeBytes(blockHash.bytesUnsafe()).writeLong(number).writeLong(index)
        .endList();
    return out.toByteArray();
  }

  static TxLocation decodeLocation(byte[] encoded) {
    RlpReader outer = new RlpReader(encoded);
    RlpReader in = outer.readList();
    Hash hash = Hash.wrap(in.readBytes(32, "block hash"));
    long number = in.readLong("block number");
    long index = in.readLong("index");
    in.expectEnd("transaction location");
    outer.expectEnd("transaction location");
    return new TxLocation(hash, number, Math.toIntExact(index));
  }
}
