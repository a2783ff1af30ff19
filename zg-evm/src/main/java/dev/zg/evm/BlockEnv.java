package dev.zg.evm;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;

/**
 * The block a transaction executes in, as far as the EVM can see it.
 *
 * @param blockHashes the hash of an ancestor by number (BLOCKHASH reaches the last 256)
 */
public record BlockEnv(
    long number,
    Address coinbase,
    long timestamp,
    long gasLimit,
    UInt256 baseFee,
    Hash prevRandao,
    long excessBlobGas,
    long chainId,
    BlockHashes blockHashes) {

  /** Looks up the hash of an earlier block by number; null when unknown. */
  @FunctionalInterface
  public interface BlockHashes {
    Hash hash(long number);
  }

  /** EIP-4844 blob base fee for this block's excess blob gas. */
  public UInt256 blobBaseFee() {
    return BlobGas.baseFee(excessBlobGas);
  }
}
