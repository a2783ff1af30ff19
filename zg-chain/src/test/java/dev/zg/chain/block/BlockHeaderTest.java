package dev.zg.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.common.rlp.RlpItem;
import dev.zg.common.rlp.RlpReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {

  static BlockHeader random(Random r) {
    byte[] bloom = new byte[256];
    r.nextBytes(bloom);
    byte[] extra = new byte[r.nextInt(33)];
    r.nextBytes(extra);
    return BlockHeader.builder()
        .parentHash(hash(r)).ommersHash(hash(r))
        .coinbase(Address.wrap(hash(r).toArray(), 12))
        .stateRoot(hash(r)).transactionsRoot(hash(r)).receiptsRoot(hash(r))
        .logsBloom(LogsBloom.wrap(bloom))
        .difficulty(new BigInteger(r.nextInt(257), r))
        .number(r.nextLong() >>> (1 + r.nextInt(63)))
        .gasLimit(r.nextLong() >>> 1).gasUsed(r.nextInt(Integer.MAX_VALUE)).timestamp(r.nextLong() >>> 1)
        .extraData(extra).mixHash(hash(r)).nonce(r.nextLong())
        .baseFeePerGas(new BigInteger(r.nextInt(257), r))
        .withdrawalsRoot(hash(r)).blobGasUsed(r.nextLong() >>> 1).excessBlobGas(r.nextInt(9))
        .parentBeaconBlockRoot(hash(r)).build();
  }

  private static Hash hash(Random r) {
    byte[] b = new byte[32];
    r.nextBytes(b);
    return Hash.wrap(b);
  }

  @Property(tries = 300)
  void decodeInvertsEncodeAndTheHashIsKeccakOfTheRlp(@ForAll long seed) {
    BlockHeader header = random(new Random(seed));
    byte[] encoded = header.encode();
    BlockHeader decoded = BlockHeader.decode(encoded);
    assertThat(decoded.encode()).isEqualTo(encoded);
    assertThat(decoded).isEqualTo(header);
    assertThat(header.hash()).isEqualTo(Hash.keccak(independentEncoding(header)));
  }

  /** The header as a generic RLP tree, written field by field from the Yellow Paper order. */
  static byte[] independentEncoding(BlockHeader h) {
    byte[] nonce = new byte[8];
    Bytes.putLong(nonce, 0, h.nonce());
    List<RlpItem> items = new ArrayList<>(List.of(
        s(h.parentHash().toArray()), s(h.ommersHash().toArray()), s(h.coinbase().toArray()),
        s(h.stateRoot().toArray()), s(h.transactionsRoot().toArray()),
        s(h.receiptsRoot().toArray()), s(h.logsBloom().toArray()),
        s(Bytes.unsigned(h.difficulty())), s(Bytes.unsigned(h.number())),
        s(Bytes.unsigned(h.gasLimit())), s(Bytes.unsigned(h.gasUsed())),
        s(Bytes.unsigned(h.timestamp())), s(h.extraData()), s(h.mixHash().toArray()), s(nonce),
        s(Bytes.unsigned(h.baseFeePerGas())), s(h.withdrawalsRoot().toArray()),
        s(Bytes.unsigned(h.blobGasUsed())), s(Bytes.unsigned(h.excessBlobGas())),
        s(h.parentBeaconBlockRoot().toArray())));
    return RlpItem.list(items).encode();
  }

  private static RlpItem s(byte[] value) {
    return RlpItem.string(value);
  }

  @Test
  void postMergeDefaultsAndTheEmptyRoots() {
    BlockHeader h = BlockHeader.builder().build();
    assertThat(h.ommersHash().toHex())
        .isEqualTo("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
    assertThat(h.withdrawalsRoot().toHex())
        .isEqualTo("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
    assertThat(BlockRoots.transactionsRoot(List.of())).isEqualTo(Hash.EMPTY_TRIE_ROOT);
    assertThat(BlockRoots.receiptsRoot(List.of())).isEqualTo(Hash.EMPTY_TRIE_ROOT);
  }

  @Test
  void decodingIsStrictAndNamesTheField() {
    BlockHeader header = random(new Random(1));
    List<RlpItem> fields = new ArrayList<>(RlpReader.decode(header.encode()).asList());
    List<RlpItem> shortList = fields.subList(0, 19);
    assertThatThrownBy(() -> BlockHeader.decode(RlpItem.list(shortList).encode()))
        .isInstanceOf(BlockDecodingException.class)
        .hasMessageContaining("header.parentBeaconBlockRoot").hasMessageContaining("missing");
    List<RlpItem> prague = new ArrayList<>(fields);
    prague.add(RlpItem.string(new byte[32]));
    assertThatThrownBy(() -> BlockHeader.decode(RlpItem.list(prague).encode()))
        .hasMessageContaining("more than the 20 fields");
    List<RlpItem> badRoot = new ArrayList<>(fields);
    badRoot.set(3, RlpItem.string(new byte[31]));
    assertThatThrownBy(() -> BlockHeader.decode(RlpItem.list(badRoot).encode()))
        .isInstanceOf(BlockDecodingException.class).hasMessageContaining("header.stateRoot");
    List<RlpItem> longExtra = new ArrayList<>(fields);
    longExtra.set(12, RlpItem.string(new byte[33]));
    assertThatThrownBy(() -> BlockHeader.decode(RlpItem.list(longExtra).encode()))
        .hasMessageContaining("header.extraData");
    List<RlpItem> paddedNumber = new ArrayList<>(fields);
    paddedNumber.set(8, RlpItem.string(new byte[] {0, 1}));
    assertThatThrownBy(() -> BlockHeader.decode(RlpItem.list(paddedNumber).encode()))
        .hasMessageContaining("header.number").hasMessageContaining("leading zero");
    byte[] trailing = Bytes.concat(header.encode(), new byte[] {0});
    assertThatThrownBy(() -> BlockHeader.decode(trailing)).hasMessageContaining("trailing");
  }

  @Test
  void headerHashIsTheKeccakOfItsEncoding() {
    BlockHeader h = BlockHeader.builder().number(1).gasLimit(30_000_000)
        .baseFeePerGas(BigInteger.valueOf(875_000_000)).timestamp(1_700_000_000L)
        .extraData(Hex.decode("0x7a67")).build();
    assertThat(h.hash().toArray()).isEqualTo(Keccak256.hash(h.encode()));
    assertThat(h.hash()).isSameAs(h.hash());
  }
}
