package dev.zg.compute.chain;

/** The per-item result of {@code settleFeesWithTEE}, by its uint8 code. */
public enum SettlementStatus {
  SUCCESS,
  /** Settled only what the account could pay (balance, then pending refunds). */
  PARTIAL,
  PROVIDER_MISMATCH,
  NO_TEE_SIGNER,
  INVALID_NONCE,
  INVALID_SIGNATURE;

  public static SettlementStatus of(int code) {
    SettlementStatus[] all = values();
    if (code < 0 || code >= all.length) {
      throw new IllegalArgumentException("unknown settlement status " + code);
    }
    return all[code];
  }
}
