package dev.zg.chain.tx;

import java.math.BigInteger;

/**
 * The header values a transaction is checked against for inclusion in a block. The blob base
 * fee is derived from the header's excess blob gas by the header code, not here.
 */
public record BlockContext(long gasLimit, BigInteger baseFeePerGas, BigInteger baseFeePerBlobGas) {
  public BlockContext {
    FieldChecks.uint256(baseFeePerGas, "baseFeePerGas");
    FieldChecks.uint256(baseFeePerBlobGas, "baseFeePerBlobGas");
  }
}
