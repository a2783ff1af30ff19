package dev.zg.compute.chain;

import dev.zg.common.Address;
import java.math.BigInteger;

/**
 * The fields of InferenceServing's {@code Account} the broker uses. Refunds and
 * {@code additionalInfo} are left out: the broker needs only the totals.
 */
public record ServingAccount(
    Address user,
    Address provider,
    BigInteger nonce,
    BigInteger balance,
    BigInteger pendingRefund,
    boolean acknowledged,
    BigInteger generation,
    BigInteger revokedBitmap) {

  /** What settlement can take from this account right now: balance minus pending refunds. */
  public BigInteger lockedBalance() {
    BigInteger locked = balance.subtract(pendingRefund);
    return locked.signum() < 0 ? BigInteger.ZERO : locked;
  }

  /** Whether persistent API key {@code tokenId} (0..254) is revoked. */
  public boolean isRevoked(int tokenId) {
    return revokedBitmap.testBit(tokenId);
  }
}
