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

  /** Over the EVM's working state; counts reads and writes for gas. */
  final class OfState implements Slots {
    static final long READ_GAS = 2_100;
    static final long WRITE_GAS = 20_000;

    private final EvmState state;
    private final Address account;
    long gasUsed;

    OfState(EvmState state, Address account) {
      this.state = state;
      this.account = account;
    }

    @Override
    public UInt256 get(UInt256 key) {
      gasUsed += READ_GAS;
      return state.storage(account, key);
    }

    @Override
    public void put(UInt256 key, UInt256 value) {
      gasUsed += WRITE_GAS;
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
