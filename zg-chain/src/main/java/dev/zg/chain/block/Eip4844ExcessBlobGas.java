package dev.zg.chain.block;

import dev.zg.evm.BlobGas;
import java.math.BigInteger;

/**
 * EIP-4844 blob gas accounting between blocks: the child's excess blob gas
 * (calc_excess_blob_gas, delegated to the EVM's {@link BlobGas} so both agree) and the blob
 * base fee a header implies.
 */
public final class Eip4844ExcessBlobGas {
  private Eip4844ExcessBlobGas() {}

  public static long next(BlockHeader parent) {
    return BlobGas.nextExcess(parent.excessBlobGas(), parent.blobGasUsed());
  }

  /** The price per unit of blob gas in a block with this header. */
  public static BigInteger blobBaseFee(BlockHeader header) {
    return BlobGas.baseFee(header.excessBlobGas()).toBigInteger();
  }
}
