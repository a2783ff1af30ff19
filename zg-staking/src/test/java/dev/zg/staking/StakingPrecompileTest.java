package dev.zg.staking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.interpreter.CallResult;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.interpreter.Evm;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.MemoryWorld;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The staking precompile under zg's EVM directly, and its share accounting. */
class StakingPrecompileTest {
  private static final BigInteger ZG = StakingParams.ONE_ZG;
  private static final Address CALLER = Address.fromHex("0x" + "11".repeat(20));
  private static final Address CONTRACT = Address.fromHex("0x" + "22".repeat(20));

  private final MemoryWorld world = new MemoryWorld();

  private CallResult call(Address to, UInt256 value, byte[] input) {
    return call(to, value, input, 1_000_000);
  }

  private CallResult call(Address to, UInt256 value, byte[] input, long gas) {
    EvmState state = new EvmState(world);
    BlockEnv block = new BlockEnv(1, Address.ZERO, 1, 30_000_000, UInt256.ZERO, Hash.ZERO, 0, 1,
        n -> null);
    Evm evm = new Evm(state, block, CALLER, UInt256.ZERO, List.of(), Staking.precompiles(),
        new CodeCache(1 << 20), null);
    CallResult result = evm.call(CALLER, to, value, input, gas);
    state.finishTransaction();
    world.apply(state.changes());
    return result;
  }

  @Test
  void onlyCallAndStaticCallReachIt() {
    world.put(CALLER, 0, UInt256.fromBigInteger(ZG.multiply(BigInteger.TEN)), new byte[0],
        Map.of());
    // slot 0 = DELEGATECALL(gas, 0x1001, no input) success flag; slot 1 = STATICCALL params().
    String paramsSelector = String.format("%08x", Abi.selector("params()"));
    byte[] code = Hex.decode("0x"
        + "6000600060006000611001" + "620186a0" + "f4" + "600055"
        + "63" + paramsSelector + "60e01b" + "600052"
        + "6000600060046000611001" + "620186a0" + "fa" + "600155" + "00");
    world.put(CONTRACT, 1, UInt256.ZERO, code, Map.of());
    assertThat(call(CONTRACT, UInt256.ZERO, new byte[0]).halt()).isEqualTo(Halt.STOP);
    assertThat(world.storage(CONTRACT, UInt256.ZERO)).isEqualTo(UInt256.ZERO);
    assertThat(world.storage(CONTRACT, UInt256.ONE)).isEqualTo(UInt256.ONE);
  }

  @Test
  void aRevertReturnsItsReasonAndTheValue() {
    world.put(CALLER, 0, UInt256.fromBigInteger(ZG.multiply(BigInteger.TEN)), new byte[0],
        Map.of());
    byte[] input = Hex.decode(String.format("0x%08x", Abi.selector("delegate(address)"))
        + "00".repeat(12) + "33".repeat(20));
    CallResult r = call(Staking.ADDRESS, UInt256.fromBigInteger(ZG), input);
    assertThat(r.halt()).isEqualTo(Halt.REVERT);
    assertThat(r.gasLeft()).isPositive();
    assertThat(Hex.prefixed(r.output())).startsWith("0x08c379a0");
    assertThat(new String(r.output())).contains("no validator");
    assertThat(world.get(CALLER).balance()).isEqualTo(UInt256.fromBigInteger(
        ZG.multiply(BigInteger.TEN)));
  }

  @Test
  void workStopsWhenTheGasRunsOut() {
    byte[] params = Hex.decode(String.format("0x%08x", Abi.selector("params()")));
    assertThat(call(Staking.ADDRESS, UInt256.ZERO, params, 100_000).halt())
        .isEqualTo(Halt.RETURN);
    CallResult starved = call(Staking.ADDRESS, UInt256.ZERO, params, 3_000);
    assertThat(starved.halt()).isEqualTo(Halt.OUT_OF_GAS);
    assertThat(starved.gasLeft()).isZero();
  }

  @Test
  void aSlashLowersEveryDelegatorsTokensThroughShares() {
    Map<UInt256, UInt256> storage = new TreeMap<>();
    StakingLedger ledger = new StakingLedger(new Slots.OfMap(storage));
    ledger.setParams(new StakingParams(10, ZG, 10, 50_000, BigInteger.ZERO));
    Address v = Address.fromHex("0x" + "aa".repeat(20));
    Address d = Address.fromHex("0x" + "dd".repeat(20));
    ledger.createValidator(v, "v", 0, 0, ZG.multiply(BigInteger.TEN));
    ledger.delegate(d, v, ZG.multiply(BigInteger.valueOf(30)));
    assertThat(ledger.slashAndTombstone(v, 50_000)).isEqualTo(ZG.multiply(BigInteger.TWO));
    BigInteger ninetyFivePercent = BigInteger.valueOf(95).multiply(ZG).divide(BigInteger.TEN);
    assertThat(ledger.tokensOf(v, ledger.shares(v, v))).isEqualTo(ninetyFivePercent);
    assertThat(ledger.tokensOf(v, ledger.shares(d, v))).isEqualTo(
        ninetyFivePercent.multiply(BigInteger.valueOf(3)));
    assertThat(ledger.tombstoned(v)).isTrue();
    assertThat(ledger.computeSet()).isEmpty(); // jailed: out of the set
    Address late = Address.fromHex("0x" + "ee".repeat(20));
    // Tombstoned validators take no new delegations.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.delegate(late, v, ZG))
        .hasMessageContaining("tombstoned");
  }

  @Test
  void theSigningRingJudgesTheLastWindowAndJailsForATime() {
    StakingLedger ledger = new StakingLedger(new Slots.OfMap(new TreeMap<>()));
    // A window of 4 blocks: at least 2 signed (50 %), else 1 % slashed and 100 s of jail.
    ledger.setParams(new StakingParams(10, ZG, 10, 50_000, BigInteger.ZERO)
        .withDowntime(4, 500_000, 10_000, 100));
    Address a = Address.fromHex("0x" + "aa".repeat(20));
    Address b = Address.fromHex("0x" + "bb".repeat(20));
    ledger.createValidator(a, "a", 0, 0, ZG.multiply(BigInteger.TEN));
    ledger.createValidator(b, "b", 0, 0, ZG.multiply(BigInteger.TEN));
    List<dev.zg.consensus.Validator> set = ledger.computeSet();
    Map<Address, Integer> index = Map.of(set.get(0).address(), 0, set.get(1).address(), 1);
    // a misses 2 of its first 4 (exactly the minimum signed), b misses 3.
    boolean[][] rounds = {{false, false}, {false, false}, {true, false}, {true, true}};
    for (int r = 0; r < rounds.length; r++) {
      boolean[] signed = new boolean[2];
      signed[index.get(a)] = rounds[r][0];
      signed[index.get(b)] = rounds[r][1];
      List<StakingLedger.DowntimeSlash> slashes = ledger.recordSignatures(set, signed, 1_000 + r);
      if (r < 3) {
        assertThat(slashes).isEmpty();
      } else {
        assertThat(slashes).containsExactly(new StakingLedger.DowntimeSlash(b,
            ZG.divide(BigInteger.TEN), 1_103));
      }
    }
    assertThat(ledger.signingInfo(a)).isEqualTo(new StakingLedger.SigningInfo(4, 2));
    assertThat(ledger.signingInfo(b)).isEqualTo(new StakingLedger.SigningInfo(0, 0)); // reset
    assertThat(ledger.validator(b).jailed()).isTrue();
    assertThat(ledger.validator(b).tokens()).isEqualTo(ZG.multiply(BigInteger.TEN)
        .subtract(ZG.divide(BigInteger.TEN)));
    assertThat(ledger.computeSet()).extracting(dev.zg.consensus.Validator::address)
        .containsExactly(a);
    // The ring slides: a's fifth block overwrites its first (a miss), so it still has 2 missed
    // after a miss, and 1 after a signature.
    boolean[] signed = new boolean[2];
    signed[index.get(a)] = false;
    assertThat(ledger.recordSignatures(set, signed, 1_004)).isEmpty(); // b jailed: not counted
    assertThat(ledger.signingInfo(a)).isEqualTo(new StakingLedger.SigningInfo(5, 2));
    signed[index.get(a)] = true;
    ledger.recordSignatures(set, signed, 1_005);
    assertThat(ledger.signingInfo(a)).isEqualTo(new StakingLedger.SigningInfo(6, 1));
    assertThat(ledger.signingInfo(b)).isEqualTo(new StakingLedger.SigningInfo(0, 0));

    // Unjail: not before the jail time is over; then back in the set.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.unjail(b, 1_102))
        .hasMessageContaining("is jailed until 1103");
    ledger.unjail(b, 1_103);
    assertThat(ledger.validator(b).jailed()).isFalse();
    assertThat(ledger.computeSet()).hasSize(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.unjail(b, 1_104))
        .hasMessageContaining("is not jailed");
    // A tombstoned validator never unjails.
    ledger.slashAndTombstone(a, 50_000);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.unjail(a, Long.MAX_VALUE))
        .hasMessageContaining("tombstoned for double-signing and can never unjail");
  }
}
