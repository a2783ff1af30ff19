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
  public static final BlockEndHook END_BLOCK = new BlockEndHook() {
    @Override
    public void endBlock(EvmState state, BlockEnv block) {
      endBlock(state, block, new BlockEnd(new byte[0], BigInteger.ZERO));
    }

    @Override
    public void endBlock(EvmState state, BlockEnv block, BlockEnd end) {
      Staking.endBlock(state, block, end);
    }
  };

  /** The mark every zg block's extraData starts with; the signer bitmap follows it. */
  public static final byte[] EXTRA_DATA_MARK = {'z', 'g'};

  /**
   * The end of a block: pay out the unbondings complete at its time; record who signed the
   * previous block's certificate (the bitmap after {@link #EXTRA_DATA_MARK} in the extraData)
   * and slash and jail members down for too much of the window; move the block's priority fees
   * from the coinbase and mint its inflation, paid to the validators of its height by power
   * with commission; schedule the set the stake now gives.
   */
  private static void endBlock(EvmState state, BlockEnv block, BlockEndHook.BlockEnd end) {
    if (!state.exists(ADDRESS)) {
      return; // a chain without the module in its genesis
    }
    StakingLedger ledger = new StakingLedger(new Slots.OfState(state, ADDRESS));
    ledger.completeUnbondings(block.timestamp(), (delegator, amount) -> {
      UInt256 value = UInt256.fromBigInteger(amount);
      state.subtractBalance(ADDRESS, value);
      state.addBalance(delegator, value);
    });
    byte[] extra = end.extraData();
    StakingLedger.ScheduledSet previous = block.number() >= 2 ? ledger.setAt(block.number() - 1)
        : null;
    if (previous != null && extra.length == EXTRA_DATA_MARK.length
        + bitmapBytes(previous.members().size())) {
      boolean[] signed = new boolean[previous.members().size()];
      for (int i = 0; i < signed.length; i++) {
        signed[i] = bit(extra, EXTRA_DATA_MARK.length, i);
      }
      for (StakingLedger.DowntimeSlash slash : ledger.recordSignatures(previous.members(),
          signed, block.timestamp())) {
        state.subtractBalance(ADDRESS, UInt256.fromBigInteger(slash.burned()));
      }
    }
    // Fees the coinbase no longer holds (it spent them within the block) are not paid on.
    BigInteger fees = end.priorityFees().min(state.balance(block.coinbase()).toBigInteger());
    BigInteger paid = ledger.distribute(block.number(), fees);
    if (paid.signum() > 0) {
      BigInteger fromFees = paid.min(fees);
      state.subtractBalance(block.coinbase(), UInt256.fromBigInteger(fromFees));
      state.addBalance(ADDRESS, UInt256.fromBigInteger(paid)); // the rest is minted
    }
    ledger.updateSet(block.number());
  }

  private static int bitmapBytes(int members) {
    return (members + 7) / 8;
  }

  private static boolean bit(byte[] bytes, int offset, int i) {
    return (bytes[offset + i / 8] & (1 << (i % 8))) != 0;
  }

  /**
   * The signer bitmap block {@code height} carries for the certificate of {@code height - 1}:
   * bit i (byte i / 8, least significant bit first) set when member i of that height's set, in
   * the order the ledger scheduled it, signed. {@code state} is the parent's (height - 1)
   * state. Empty when there is nothing to carry: no staking module, or height 1.
   */
  public static byte[] signerBitmap(WorldView state, long height,
      java.util.Collection<Address> signers) {
    List<Validator> members = previousMembers(state, height);
    if (members == null) {
      return new byte[0];
    }
    byte[] bitmap = new byte[bitmapBytes(members.size())];
    for (int i = 0; i < members.size(); i++) {
      if (signers.contains(members.get(i).address())) {
        bitmap[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return bitmap;
  }

  /**
   * Null when {@code bitmap} is what block {@code height} must carry on the parent state
   * {@code state}: empty without a staking module or at height 1; else exactly one bit per
   * member of the previous height's set, none beyond, naming more than 2/3 of its power (a
   * certificate's quorum). Otherwise why not.
   */
  public static String checkSignerBitmap(WorldView state, long height, byte[] bitmap) {
    List<Validator> members = previousMembers(state, height);
    if (members == null) {
      return bitmap.length == 0 ? null : "a signer bitmap where none is expected";
    }
    if (bitmap.length != bitmapBytes(members.size())) {
      return "signer bitmap of " + bitmap.length + " bytes for " + members.size() + " validators";
    }
    long total = 0;
    long signed = 0;
    for (int i = 0; i < bitmap.length * 8; i++) {
      boolean set = bit(bitmap, 0, i);
      if (i >= members.size()) {
        if (set) {
          return "signer bitmap names validator " + i + " of " + members.size();
        }
        continue;
      }
      total += members.get(i).votingPower();
      signed += set ? members.get(i).votingPower() : 0;
    }
    if (3 * signed <= 2 * total) {
      return "signer bitmap power " + signed + " of " + total + " is not more than 2/3";
    }
    return null;
  }

  private static List<Validator> previousMembers(WorldView state, long height) {
    if (height < 2 || state.account(ADDRESS) == null) {
      return null;
    }
    StakingLedger.ScheduledSet set = new StakingLedger(new Slots.OfView(state, ADDRESS))
        .setAt(height - 1);
    return set == null ? null : set.members();
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
