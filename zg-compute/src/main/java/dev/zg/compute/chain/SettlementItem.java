package dev.zg.compute.chain;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.math.BigInteger;

/**
 * One {@code TEESettlementData} tuple of {@code settleFeesWithTEE}:
 * {@code (address user, address provider, uint256 totalFee, bytes32 requestsHash,
 * uint256 nonce, bytes signature)}, in that ABI order.
 */
public record SettlementItem(
    Address user,
    Address provider,
    BigInteger totalFee,
    Hash requestsHash,
    BigInteger nonce,
    byte[] signature) {
  public SettlementItem {
    if (signature.length != 65) {
      throw new IllegalArgumentException("a settlement signature is 65 bytes");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
