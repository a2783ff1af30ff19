package dev.zg.chain.pool;

/**
 * Limits of the transaction pool.
 *
 * @param slotsPerSenderMax transactions one sender may have in the pool (pending and queued)
 * @param transactionsMax transactions in the whole pool
 * @param queuedMax transactions waiting behind a nonce gap, over all senders
 * @param transactionBytesMax largest encoded transaction accepted (128 KiB, as geth)
 * @param priceBumpPercent how much more a replacement must offer, in both fee cap and tip
 */
public record PoolConfig(
    long chainId,
    int slotsPerSenderMax,
    int transactionsMax,
    int queuedMax,
    int transactionBytesMax,
    int priceBumpPercent) {

  public PoolConfig {
    if (slotsPerSenderMax < 1 || transactionsMax < slotsPerSenderMax || queuedMax < 0
        || queuedMax > transactionsMax || transactionBytesMax < 1024 || priceBumpPercent < 0) {
      throw new IllegalArgumentException("inconsistent pool limits: " + slotsPerSenderMax + " per "
          + "sender, " + transactionsMax + " total, " + queuedMax + " queued, "
          + transactionBytesMax + " bytes, bump " + priceBumpPercent + "%");
    }
  }

  /** Limits sized for a busy local chain: 100,000 transactions, 5,000 per sender. */
  public static PoolConfig defaults(long chainId) {
    return new PoolConfig(chainId, 5_000, 100_000, 20_000, 128 * 1024, 10);
  }
}
