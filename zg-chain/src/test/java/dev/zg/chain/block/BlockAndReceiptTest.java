package dev.zg.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.chain.testkit.ChainFixtures;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionType;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.rlp.RlpItem;
import dev.zg.common.rlp.RlpReader;
import dev.zg.evm.state.Log;
import dev.zg.state.trie.MerklePatriciaTrie;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockAndReceiptTest {
  private static final Address BOB = Address.fromHex("0x00000000000000000000000000000000000b0b00");

  private static List<Transaction> mixed() {
    return List.of(ChainFixtures.transfer(0, 0, BOB, 1),
        ChainFixtures.legacy(ChainFixtures.key(1), 0, BOB, 2),
        ChainFixtures.transfer(0, 1, BOB, 3));
  }

  @Test
  void blocksRoundTripWithLegacyAsListsAndTypedAsStrings() {
    Block block = new Block(BlockHeaderTest.random(new Random(3)), mixed());
    byte[] encoded = block.encode();
    Block decoded = Block.decode(encoded);
    assertThat(decoded.encode()).isEqualTo(encoded);
    assertThat(decoded.transactions()).isEqualTo(block.transactions());
    assertThat(Block.fromBody(block.header(), block.encodeBody()).encode()).isEqualTo(encoded);
    // The header alone (what a validator hashes for a proposal's id) is the block's header.
    assertThat(Block.decodeHeader(encoded).hash()).isEqualTo(block.hash());
    List<RlpItem> txs = RlpReader.decode(encoded).asList().get(1).asList();
    assertThat(txs.get(0)).isInstanceOf(RlpItem.RlpString.class);
    assertThat(txs.get(1)).isInstanceOf(RlpItem.RlpList.class);
    List<RlpItem> parts = RlpReader.decode(encoded).asList();
    assertThat(parts).hasSize(4);
    assertThat(parts.get(2).asList()).isEmpty();
    assertThat(parts.get(3).asList()).isEmpty();
  }

  @Test
  void blocksWithOmmersOrWithdrawalsAreRejected() {
    Block block = new Block(BlockHeaderTest.random(new Random(4)), List.of());
    List<RlpItem> parts = RlpReader.decode(block.encode()).asList();
    RlpItem withOmmer = RlpItem.list(parts.get(0), parts.get(1),
        RlpItem.list(parts.get(0)), parts.get(3));
    assertThatThrownBy(() -> Block.decode(withOmmer.encode()))
        .hasMessageContaining("block.ommers");
    RlpItem withWithdrawal = RlpItem.list(parts.get(0), parts.get(1), parts.get(2),
        RlpItem.list(RlpItem.list(RlpItem.string(new byte[] {1}))));
    assertThatThrownBy(() -> Block.decode(withWithdrawal.encode()))
        .hasMessageContaining("block.withdrawals");
    RlpItem legacyAsString = RlpItem.list(parts.get(0),
        RlpItem.list(RlpItem.string(mixed().get(1).encode())), parts.get(2), parts.get(3));
    assertThatThrownBy(() -> Block.decode(legacyAsString.encode()))
        .hasMessageContaining("block.transactions[0]");
  }

  @Test
  void theTransactionsRootIsTheTrieOfIndexKeyedEncodings() {
    List<Transaction> txs = mixed();
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    trie.put(new byte[] {(byte) 0x80}, txs.get(0).encode());
    trie.put(new byte[] {0x01}, txs.get(1).encode());
    trie.put(new byte[] {0x02}, txs.get(2).encode());
    assertThat(BlockRoots.transactionsRoot(txs)).isEqualTo(trie.rootHash());
    assertThat(BlockRoots.indexKey(128)).isEqualTo(Hex.decode("8180"));
  }

  @Test
  void receiptsEncodeAsEip2718AndRoundTrip() {
    Log log = new Log(BOB, List.of(Hash.EMPTY_KECCAK, Hash.ZERO), new byte[] {1, 2, 3});
    Receipt typed = Receipt.of(TransactionType.DYNAMIC_FEE, true, 52_000, List.of(log));
    byte[] encoded = typed.encode();
    assertThat(encoded[0]).isEqualTo((byte) 2);
    assertThat(Receipt.decode(encoded)).isEqualTo(typed);
    Receipt failed = Receipt.of(TransactionType.LEGACY, false, 21_000, List.of());
    byte[] legacy = failed.encode();
    // rlp(["" (failure), 21000, bloom, []]): 0xf90108 (264 bytes), 0x80, 0x825208, 0xb90100...
    assertThat(Hex.encode(legacy, 0, 8)).isEqualTo("f9010880825208b9");
    assertThat(Receipt.decode(legacy)).isEqualTo(failed);
    assertThat(typed.bloom().mayContain(BOB)).isTrue();
    assertThat(typed.bloom().mayContain(Hash.ZERO)).isTrue();
    RlpItem oldStyle = RlpItem.list(RlpItem.string(new byte[32]), RlpItem.string(new byte[] {1}),
        RlpItem.string(new byte[256]), RlpItem.list());
    assertThatThrownBy(() -> Receipt.decode(oldStyle.encode()))
        .hasMessageContaining("receipt.status").hasMessageContaining("EIP-658");
  }

  @Test
  void storedReceiptsRoundTripWithLogIndexes() {
    Log log = new Log(BOB, List.of(Hash.ZERO), new byte[] {9});
    StoredReceipt first = new StoredReceipt(
        Receipt.of(TransactionType.BLOB, true, 21_000, List.of(log, log)), Hash.EMPTY_KECCAK,
        BOB, null, BOB, 21_000, BigInteger.TEN, 131_072, BigInteger.ONE, 0);
    StoredReceipt second = new StoredReceipt(
        Receipt.of(TransactionType.LEGACY, false, 42_000, List.of()), Hash.ZERO, BOB, BOB, null,
        21_000, BigInteger.TWO, 0, BigInteger.ZERO, 2);
    List<StoredReceipt> decoded =
        StoredReceipt.decodeAll(StoredReceipt.encodeAll(List.of(first, second)));
    assertThat(decoded).containsExactly(first, second);
    List<IndexedLog> logs = decoded.get(0).logs(Hash.EMPTY_TRIE_ROOT, 5, 0);
    assertThat(logs).extracting(IndexedLog::logIndex).containsExactly(0, 1);
  }
}
