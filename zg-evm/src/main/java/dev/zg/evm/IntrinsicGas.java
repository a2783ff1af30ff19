package dev.zg.evm;

import java.util.List;

/** Gas a transaction pays before any code runs (Cancun rules). */
public final class IntrinsicGas {
  public static final long TRANSACTION = 21000;
  public static final long CREATE = 32000;
  public static final long ZERO_DATA_BYTE = 4;
  /** EIP-2028. */
  public static final long NON_ZERO_DATA_BYTE = 16;
  /** EIP-2930. */
  public static final long ACCESS_LIST_ADDRESS = 2400;
  public static final long ACCESS_LIST_STORAGE_KEY = 1900;
  /** EIP-3860: per 32-byte word of init code. */
  public static final long INIT_CODE_WORD = 2;

  private IntrinsicGas() {}

  public static long of(byte[] data, boolean isCreate, List<TxEnv.AccessListEntry> accessList) {
    long keys = 0;
    for (TxEnv.AccessListEntry e : accessList) {
      keys += e.storageKeys().size();
    }
    return of(data, isCreate, accessList.size(), keys);
  }

  public static long of(byte[] data, boolean isCreate, long accessListAddresses,
      long accessListKeys) {
    long gas = TRANSACTION;
    long zeros = 0;
    for (byte b : data) {
      if (b == 0) {
        zeros++;
      }
    }
    gas += zeros * ZERO_DATA_BYTE + (data.length - zeros) * NON_ZERO_DATA_BYTE;
    if (isCreate) {
      gas += CREATE + INIT_CODE_WORD * ((data.length + 31L) / 32);
    }
    gas += accessListAddresses * ACCESS_LIST_ADDRESS + accessListKeys * ACCESS_LIST_STORAGE_KEY;
    return gas;
  }
}
