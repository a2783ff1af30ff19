package dev.zg.chain.exec;

import dev.zg.chain.tx.AccessListEntry;
import dev.zg.chain.tx.BlobTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.TxEnv;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** A signed transaction as the EVM executes it. */
public final class TxEnvs {
  private TxEnvs() {}

  public static TxEnv of(Transaction tx, Address sender) {
    List<TxEnv.AccessListEntry> accessList = new ArrayList<>(tx.accessList().size());
    for (AccessListEntry entry : tx.accessList()) {
      List<UInt256> keys = new ArrayList<>(entry.storageKeys().size());
      for (Hash key : entry.storageKeys()) {
        keys.add(UInt256.fromBytes(key.bytesUnsafe()));
      }
      accessList.add(new TxEnv.AccessListEntry(entry.address(), keys));
    }
    BigInteger maxFeePerBlobGas =
        tx instanceof BlobTransaction blob ? blob.maxFeePerBlobGas() : BigInteger.ZERO;
    return new TxEnv(tx.type().typeByte(), sender, tx.to(), tx.nonce(), tx.gasLimit(),
        UInt256.fromBigInteger(tx.value()), tx.data(), tx.maxFeePerGas(),
        tx.maxPriorityFeePerGas(), accessList, tx.blobVersionedHashes(), maxFeePerBlobGas);
  }
}
