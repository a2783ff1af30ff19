package dev.zg.node;

import dev.zg.chain.pool.AccountReader;
import dev.zg.chain.state.StateView;
import dev.zg.common.Address;
import dev.zg.evm.state.AccountInfo;
import java.math.BigInteger;

/** The pool's view of accounts at a head state. */
public record HeadAccounts(StateView view) implements AccountReader {
  @Override
  public long nonce(Address address) {
    AccountInfo a = view.account(address);
    return a == null ? 0 : a.nonce();
  }

  @Override
  public BigInteger balance(Address address) {
    AccountInfo a = view.account(address);
    return a == null ? BigInteger.ZERO : a.balance().toBigInteger();
  }

  @Override
  public boolean hasCode(Address address) {
    AccountInfo a = view.account(address);
    return a != null && a.hasCode();
  }
}
