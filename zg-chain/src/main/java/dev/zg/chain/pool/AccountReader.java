package dev.zg.chain.pool;

import dev.zg.common.Address;
import java.math.BigInteger;

/** The head state as the pool needs it. */
public interface AccountReader {
  long nonce(Address address);

  BigInteger balance(Address address);

  boolean hasCode(Address address);
}
