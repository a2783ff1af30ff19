package dev.zg.chain.block;

import dev.zg.chain.tx.Transaction;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.state.trie.MerklePatriciaTrie;
import java.util.List;

/**
 * The header's commitments to a block's contents: tries keyed by rlp(index) holding each
 * transaction's canonical encoding (EIP-2718: {@code type || rlp} for typed ones) and each
 * receipt's; the empty withdrawals trie (zg has no beacon chain withdrawals); the hash of the
 * empty ommers list.
 */
public final class BlockRoots {
  /** EIP-4895 root of an empty withdrawals list. */
  public static final Hash EMPTY_WITHDRAWALS_ROOT = Hash.EMPTY_TRIE_ROOT;
  /** Keccak-256 of rlp([]): no ommers since the merge (EIP-3675). */
  public static final Hash EMPTY_OMMERS_HASH = Hash.EMPTY_LIST_HASH;

  private BlockRoots() {}

  public static Hash transactionsRoot(List<? extends Transaction> transactions) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    for (int i = 0; i < transactions.size(); i++) {
      trie.put(indexKey(i), transactions.get(i).encode());
    }
    return trie.rootHash();
  }

  public static Hash receiptsRoot(List<Receipt> receipts) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    for (int i = 0; i < receipts.size(); i++) {
      trie.put(indexKey(i), receipts.get(i).encode());
    }
    return trie.rootHash();
  }

  /** The key of entry {@code index}: its RLP, so 0 is 0x80 and 1..127 are one byte. */
  static byte[] indexKey(int index) {
    return RlpWriter.encodeLong(index);
  }
}
