package dev.zg.staking;

import dev.zg.chain.exec.BlockEndHook;
import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.common.Address;
import dev.zg.common.UInt256;
import dev.zg.consensus.Validator;
import dev.zg.consensus.ValidatorSet;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.precompile.Precompile;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.WorldView;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The staking module's entry points for the node: its precompile address, the precompile map
 * with it, the end-of-block hook, the genesis account, and the validator set at a height read
 * from a committed state.
 */
public final class Staking {
  /** zg's staking precompile (0G documented a staking precompile at this address once). */
  public static final Address ADDRESS = Precompiles.address(0x1001);

  private Staking() {}

  /** Cancun's precompiles plus the staking and governance modules. */
  public static Map<Address, Precompile> precompiles() {
    Map<Address, Precompile> map = new LinkedHashMap<>(Precompiles.cancun().asMap());
    map.put(ADDRESS, new StakingPrecompile());
    map.put(Governance.ADDRESS, new GovernancePrecompile());
    return map;
  }

  /**
   * After each block's transactions: pay out the unbondings complete at the block's time,
   * mint the block's inflation to the validators of its height, then schedule the set the
   * stake now gives (in force two heights on).
   */
  public static final BlockEndHook END_BLOCK = Staking::endBlock;

  private static void endBlock(EvmState state, BlockEnv block) {
    if (!state.exists(ADDRESS)) {
      return; // a chain without the module in its genesis
    }
    StakingLedger ledger = new StakingLedger(new Slots.OfState(state, ADDRESS));
    ledger.completeUnbondings(block.timestamp(), (delegator, amount) -> {
      UInt256 value = UInt256.fromBigInteger(amount);
      state.subtractBalance(ADDRESS, value);
      state.addBalance(delegator, value);
    });
    BigInteger minted = ledger.distribute(block.number());
    if (minted.signum() > 0) {
      state.addBalance(ADDRESS, UInt256.fromBigInteger(minted));
    }
    ledger.updateSet(block.number());
  }

  /** A genesis validator: its operator (consensus key) address and self-stake in neuron. */
  public record GenesisValidator(Address address, String moniker, BigInteger selfStake) {}

  /**
   * The staking account at genesis: the validators with their self-stake (held as the account's
   * balance) and the set they form, in force from height 1.
   */
  public static GenesisAccount genesisAccount(StakingParams params,
      List<GenesisValidator> validators) {
    Map<UInt256, UInt256> storage = new TreeMap<>();
    StakingLedger ledger = new StakingLedger(new Slots.OfMap(storage));
    ledger.setParams(params);
    BigInteger total = BigInteger.ZERO;
    for (GenesisValidator v : validators) {
      try {
        ledger.createValidator(v.address(), v.moniker(), 0, 1_000_000, v.selfStake());
      } catch (Abi.Invalid e) {
        throw new IllegalArgumentException("genesis validator " + v.address() + ": "
            + e.getMessage());
      }
      total = total.add(v.selfStake());
    }
    List<Validator> set = ledger.computeSet();
    if (set.isEmpty()) {
      throw new IllegalArgumentException("the genesis validators give an empty set");
    }
    ledger.schedule(1, set);
    ledger.markStatuses(set);
    return new GenesisAccount(UInt256.fromBigInteger(total), 1, new byte[0], storage);
  }

  /** {@code genesis} with the staking account added (it must not be in the alloc already). */
  public static dev.zg.chain.genesis.Genesis withStaking(dev.zg.chain.genesis.Genesis genesis,
      StakingParams params, List<GenesisValidator> validators) {
    if (genesis.alloc().containsKey(ADDRESS)) {
      throw new IllegalArgumentException("the genesis alloc already has the staking account "
          + ADDRESS);
    }
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>(genesis.alloc());
    alloc.put(ADDRESS, genesisAccount(params, validators));
    return new dev.zg.chain.genesis.Genesis(genesis.chainId(), genesis.timestamp(),
        genesis.gasLimit(), genesis.baseFeePerGas(), genesis.extraData(), genesis.coinbase(),
        genesis.mixHash(), genesis.difficulty(), alloc);
  }

  /** Calldata of {@code submitEvidence(bytes)} with a {@code MessageCodec}-encoded evidence. */
  public static byte[] submitEvidenceCall(byte[] encodedEvidence) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int selector = StakingPrecompile.SUBMIT_EVIDENCE;
    out.writeBytes(new byte[] {(byte) (selector >>> 24), (byte) (selector >>> 16),
        (byte) (selector >>> 8), (byte) selector});
    out.writeBytes(Abi.word(BigInteger.valueOf(32)));
    out.writeBytes(Abi.word(BigInteger.valueOf(encodedEvidence.length)));
    out.writeBytes(encodedEvidence);
    out.writeBytes(new byte[(32 - encodedEvidence.length % 32) % 32]);
    return out.toByteArray();
  }

  /** True when {@code state} records {@code validator} as tombstoned (slashed for good). */
  public static boolean tombstoned(WorldView state, Address validator) {
    return state.account(ADDRESS) != null
        && new StakingLedger(new Slots.OfView(state, ADDRESS)).tombstoned(validator);
  }

  /** A validator set and the first height it is in force. */
  public record ScheduledSet(long fromHeight, ValidatorSet set) {}

  /**
   * The validator set in force at {@code height} as {@code state} records it, or null when the
   * state has no staking module (the configured genesis set applies then). A state at height
   * {@code h} knows the sets of every height up to {@code h + 2}.
   */
  public static ScheduledSet scheduledAt(WorldView state, long height) {
    if (state.account(ADDRESS) == null) {
      return null;
    }
    StakingLedger.ScheduledSet set = new StakingLedger(new Slots.OfView(state, ADDRESS))
        .setAt(height);
    return set == null ? null : new ScheduledSet(set.fromHeight(), ValidatorSet.of(set.members()));
  }
}
