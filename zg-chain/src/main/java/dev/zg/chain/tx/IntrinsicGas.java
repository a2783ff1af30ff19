package dev.zg.chain.tx;

import java.util.List;

/**
 * Gas a transaction costs before any code runs, under Cancun rules: the EVM's own rule
 * ({@link dev.zg.evm.IntrinsicGas}) applied to a transaction's fields, so the pool, the
 * validator and the executor can never disagree.
 */
public final class IntrinsicGas {
  private IntrinsicGas() {}

  public static long of(Transaction tx) {
    return of(tx.data(), tx.isContractCreation(), tx.accessList());
  }

  public static long of(byte[] data, boolean contractCreation, List<AccessListEntry> accessList) {
    long keys = 0;
    for (AccessListEntry entry : accessList) {
      keys += entry.storageKeys().size();
    }
    return dev.zg.evm.IntrinsicGas.of(data, contractCreation, accessList.size(), keys);
  }
}
