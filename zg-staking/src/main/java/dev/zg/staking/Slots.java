package dev.zg.staking;

import dev.zg.common.Address;
import dev.zg.common.UInt256;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.WorldView;
import java.util.Map;

/**
 * The staking account's storage, as the module sees it: inside a transaction or at the end of
 * a block (an {@link EvmState}, metered), at genesis (a map), or read-only at a committed
 * state (a {@link WorldView}).
 */
interface Slots {
  UInt256 get(UInt256 key);

  void put(UInt256 key, UInt256 value);

  /** The call ran out of gas: it stops at once instead of finishing work nobody paid for. */
  final class OutOfGas extends RuntimeException {
    OutOfGas() {
      super("out of gas", null, false, false);
    }
  }

  /** Over the EVM's working state; counts reads and writes for gas. */
  final class OfState implements Slots {
    static final long READ_GAS = 2_100;
    static final long WRITE_GAS = 20_000;

    private final EvmState state;
    private final Address account;
    private final long gasLimit;
    long gasUsed;

    /** Unmetered (the end of a block). */
    OfState(EvmState state, Address account) {
      this(state, account, Long.MAX_VALUE);
    }

    /** Metered: the work stops with {@link OutOfGas} once it costs more than {@code gasLimit}. */
    OfState(EvmState state, Address account, long gasLimit) {
      this.state = state;
      this.account = account;
      this.gasLimit = gasLimit;
    }

    private void charge(long gas) {
      gasUsed += gas;
      if (gasUsed > gasLimit) {
        throw new OutOfGas();
      }
    }

    @Override
    public UInt256 get(UInt256 key) {
      charge(READ_GAS);
      return state.storage(account, key);
    }

    @Override
    public void put(UInt256 key, UInt256 value) {
      charge(WRITE_GAS);
      state.setStorage(account, key, value);
    }
  }

  /** A genesis storage map under construction. */
  record OfMap(Map<UInt256, UInt256> map) implements Slots {
    @Override
    public UInt256 get(UInt256 key) {
      return map.getOrDefault(key, UInt256.ZERO);
    }

    @Override
    public void put(UInt256 key, UInt256 value) {
      map.put(key, value);
    }
  }

  /** A committed state, read-only. */
  record OfView(WorldView view, Address account) implements Slots {
    @Override
    public UInt256 get(UInt256 key) {
      return view.storage(account, key);
    }

    @Override
    public void put(UInt256 key, UInt256 value) {
      throw new UnsupportedOperationException("a committed state is read-only");
    }
  }
}
