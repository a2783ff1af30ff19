package dev.zg.chain.block;

import dev.zg.evm.BlobGas;
import java.math.BigInteger;

/**
 * The header rules that relate a Cancun child to its parent and need no execution: parent
 * hash, number, timestamp, gas limit bounds (Yellow Paper 4.3.4: change below parent/1024,
 * at least 5000), EIP-1559 base fee, EIP-4844 excess blob gas and blob gas bounds, and the
 * post-merge constants (EIP-3675). Execution-derived fields are checked by the executor.
 */
public final class HeaderValidator {
  public static final long GAS_LIMIT_MIN = 5000;
  public static final long GAS_LIMIT_BOUND_DIVISOR = 1024;

  private HeaderValidator() {}

  /** Throws {@link InvalidBlockException} naming the first broken rule. */
  public static void validateChild(BlockHeader parent, BlockHeader child) {
    validateChild(parent, child, 0);
  }

  /**
   * As {@link #validateChild(BlockHeader, BlockHeader)} on a chain whose governance sets the
   * block gas limit in state: when {@code governedGasLimit} is not 0 (the value the parent's
   * post-state holds) the child must have exactly that limit instead of one within parent/1024.
   */
  public static void validateChild(BlockHeader parent, BlockHeader child,
      long governedGasLimit) {
    check(child.parentHash().equals(parent.hash()), "parentHash " + child.parentHash()
        + " is not the hash of block " + parent.number() + ", " + parent.hash());
    check(child.number() == parent.number() + 1,
        "number " + child.number() + " does not follow parent " + parent.number());
    check(child.timestamp() > parent.timestamp(), "timestamp " + child.timestamp()
        + " is not after the parent's " + parent.timestamp());
    if (governedGasLimit != 0) {
      check(child.gasLimit() == governedGasLimit, "gasLimit " + child.gasLimit()
          + " is not the governed block gas limit " + governedGasLimit);
    } else {
      checkGasLimit(parent.gasLimit(), child.gasLimit());
    }
    check(child.gasUsed() <= child.gasLimit(),
        "gasUsed " + child.gasUsed() + " exceeds gasLimit " + child.gasLimit());
    BigInteger baseFee = Eip1559BaseFee.next(parent);
    check(child.baseFeePerGas().equals(baseFee), "baseFeePerGas " + child.baseFeePerGas()
        + " is not the EIP-1559 value " + baseFee);
    long excess = Eip4844ExcessBlobGas.next(parent);
    check(child.excessBlobGas() == excess,
        "excessBlobGas " + child.excessBlobGas() + " is not the EIP-4844 value " + excess);
    check(child.blobGasUsed() <= BlobGas.MAX_BLOB_GAS_PER_BLOCK
        && child.blobGasUsed() % BlobGas.GAS_PER_BLOB == 0, "blobGasUsed " + child.blobGasUsed()
        + " is not a multiple of " + BlobGas.GAS_PER_BLOB + " up to "
        + BlobGas.MAX_BLOB_GAS_PER_BLOCK);
    check(child.ommersHash().equals(BlockRoots.EMPTY_OMMERS_HASH), "ommersHash must be "
        + BlockRoots.EMPTY_OMMERS_HASH + " (no ommers since the merge)");
    check(child.difficulty().signum() == 0, "difficulty must be 0 since the merge");
    check(child.nonce() == 0, "nonce must be 0 since the merge");
    check(child.withdrawalsRoot().equals(BlockRoots.EMPTY_WITHDRAWALS_ROOT),
        "withdrawalsRoot must be the empty trie root: zg has no withdrawals");
  }

  static void checkGasLimit(long parentGasLimit, long gasLimit) {
    long bound = parentGasLimit / GAS_LIMIT_BOUND_DIVISOR;
    check(gasLimit >= GAS_LIMIT_MIN, "gasLimit " + gasLimit + " is below " + GAS_LIMIT_MIN);
    check(Math.abs(gasLimit - parentGasLimit) < bound || gasLimit == parentGasLimit,
        "gasLimit " + gasLimit + " differs from the parent's " + parentGasLimit
            + " by " + bound + " or more (parent / " + GAS_LIMIT_BOUND_DIVISOR + ")");
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new InvalidBlockException(message);
    }
  }
}
