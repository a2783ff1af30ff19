package dev.zg.node;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.exec.SkippedTransaction;
import dev.zg.chain.pool.BlockCandidates;
import dev.zg.chain.pool.TxPool;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.common.Hash;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What goes into a new block and what leaves the pool after it: one rule for the single-node
 * producer and the validator host.
 */
public final class BlockFilling {
  /** No limit on the encoded size of a block's transactions. */
  public static final long NO_BYTE_LIMIT = Long.MAX_VALUE;
  private static final long SMALLEST_TX_GAS = 21_000;
  private static final Logger LOG = LoggerFactory.getLogger(BlockFilling.class);

  private BlockFilling() {}

  /**
   * The best-paying pending transactions whose gas limits (and, unless {@link #NO_BYTE_LIMIT},
   * encoded sizes) fit the block, each sender's in nonce order. A sender whose next
   * transaction does not fit is skipped whole, since its later nonces could not run either.
   */
  public static List<Transaction> choose(TxPool pool, BlockHeader template, long bytesMax) {
    BlockCandidates candidates = pool.candidates(template.baseFeePerGas());
    List<Transaction> chosen = new ArrayList<>();
    long gasLeft = template.gasLimit();
    long bytesLeft = bytesMax;
    for (Transaction tx = candidates.next(); tx != null; tx = candidates.next()) {
      // Sizing costs an encoding; only pay it when a byte budget applies.
      long size = bytesMax == NO_BYTE_LIMIT ? 0 : TransactionCodec.encode(tx).length;
      if (tx.gasLimit() > gasLeft || tx.gasLimit() < 0 || size > bytesLeft) {
        candidates.skipSender();
        continue;
      }
      chosen.add(tx);
      gasLeft -= tx.gasLimit();
      bytesLeft -= size;
      if (gasLeft < SMALLEST_TX_GAS) {
        break;
      }
    }
    return chosen;
  }

  /**
   * Removes from the pool the transactions that failed a rule (not merely a full block): they
   * can never be included.
   */
  public static void dropImpossible(TxPool pool, List<SkippedTransaction> skipped) {
    List<Hash> drop = new ArrayList<>();
    for (SkippedTransaction s : skipped) {
      if (s.reason() == SkippedTransaction.Reason.INVALID
          || s.reason() == SkippedTransaction.Reason.INVALID_FOR_STATE) {
        LOG.info("dropping transaction {}: {}", s.transaction().hash(), s.message());
        drop.add(s.transaction().hash());
      }
    }
    if (!drop.isEmpty()) {
      pool.remove(drop);
    }
  }
}
