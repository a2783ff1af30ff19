package dev.zg.evm;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.math.BigInteger;
import java.util.List;

/**
 * A transaction as the EVM executes it, whatever its envelope: the chain module turns each
 * signed transaction type into one of these. Fees are BigInteger because a transaction may
 * carry values whose products overflow 256 bits, which validation must reject, not wrap.
 *
 * @param type 0 legacy, 1 access list, 2 dynamic fee, 3 blob
 * @param to null for contract creation
 * @param maxFeePerGas the gas price for types 0 and 1
 * @param maxPriorityFeePerGas the gas price for types 0 and 1
 */
public record TxEnv(
    int type,
    Address sender,
    Address to,
    long nonce,
    long gasLimit,
    UInt256 value,
    byte[] data,
    BigInteger maxFeePerGas,
    BigInteger maxPriorityFeePerGas,
    List<AccessListEntry> accessList,
    List<Hash> blobVersionedHashes,
    BigInteger maxFeePerBlobGas) {

  public TxEnv {
    accessList = accessList == null ? List.of() : List.copyOf(accessList);
    blobVersionedHashes = blobVersionedHashes == null ? List.of() : List.copyOf(blobVersionedHashes);
    maxFeePerBlobGas = maxFeePerBlobGas == null ? BigInteger.ZERO : maxFeePerBlobGas;
  }

  /** One entry of an EIP-2930 access list. */
  public record AccessListEntry(Address address, List<UInt256> storageKeys) {
    public AccessListEntry {
      storageKeys = List.copyOf(storageKeys);
    }
  }

  public boolean isCreate() {
    return to == null;
  }

  /** EIP-4844 blob gas this transaction uses. */
  public long blobGas() {
    return BlobGas.GAS_PER_BLOB * blobVersionedHashes.size();
  }

  /** The price per gas actually paid: min(maxFee, baseFee + priority fee) (EIP-1559). */
  public BigInteger effectiveGasPrice(BigInteger baseFee) {
    return maxFeePerGas.min(baseFee.add(maxPriorityFeePerGas));
  }
}
