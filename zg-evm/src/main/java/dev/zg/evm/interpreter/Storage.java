package dev.zg.evm.interpreter;

import dev.zg.common.UInt256;
import dev.zg.evm.state.Account;
import dev.zg.evm.state.EvmState;

/** SSTORE gas and refunds: EIP-2200 net metering with EIP-2929 access and EIP-3529 refunds. */
final class Storage {
  private Storage() {}

  static Halt sstore(Evm evm, Frame f) {
    if (f.isStatic) {
      return Halt.STATIC_STATE_CHANGE;
    }
    if (f.gas <= GasCosts.SSTORE_SENTRY) {
      return Halt.OUT_OF_GAS;
    }
    EvmState state = evm.state();
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    UInt256 key = UInt256.fromWords(s, t);
    UInt256 value = UInt256.fromWords(s, t - 4);
    long cost = state.warmSlot(f.address, key) ? GasCosts.COLD_SLOAD : 0;
    Account account = state.account(f.address);
    UInt256 current = state.storage(f.address, key);
    UInt256 original = state.originalStorage(account, key);
    long refund = 0;
    if (current.equals(value)) {
      cost += GasCosts.WARM_STORAGE_READ;
    } else if (original.equals(current)) {
      if (original.isZero()) {
        cost += GasCosts.SSTORE_SET;
      } else {
        cost += GasCosts.SSTORE_RESET;
        if (value.isZero()) {
          refund += GasCosts.SSTORE_CLEARS_REFUND;
        }
      }
    } else {
      cost += GasCosts.WARM_STORAGE_READ;
      if (!original.isZero()) {
        if (current.isZero()) {
          refund -= GasCosts.SSTORE_CLEARS_REFUND;
        } else if (value.isZero()) {
          refund += GasCosts.SSTORE_CLEARS_REFUND;
        }
      }
      if (original.equals(value)) {
        refund += original.isZero()
            ? GasCosts.SSTORE_SET - GasCosts.WARM_STORAGE_READ
            : GasCosts.SSTORE_RESET - GasCosts.WARM_STORAGE_READ;
      }
    }
    if (!Operations.charge(f, cost)) {
      return Halt.OUT_OF_GAS;
    }
    if (refund != 0) {
      state.addRefund(refund);
    }
    state.setStorage(f.address, key, value);
    f.sp -= 2;
    return null;
  }
}
