package dev.zg.staking;

import dev.zg.chain.exec.BlockEndHook;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.WorldView;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The governance module's entry points for the node: its precompile address, the parameters
 * it can change (with their bounds), the end-of-block hook that closes proposals, the genesis
 * account, and the block gas limit a committed state sets for the next block.
 */
public final class Governance {
  /** zg's governance precompile. */
  public static final Address ADDRESS = Precompiles.address(0x1004);

  private Governance() {}

  /**
   * A parameter governance can change, keyed in {@code submitProposal} by the keccak256 of its
   * name, with the inclusive bounds checked at submission.
   */
  public enum Param {
    BLOCK_GAS_LIMIT("blockGasLimit", BigInteger.valueOf(1_000_000),
        BigInteger.valueOf(1_000_000_000)),
    UNBONDING_SECONDS("unbondingSeconds", BigInteger.valueOf(60),
        BigInteger.valueOf(StakingParams.UNBONDING_SECONDS_MAX)),
    MIN_SELF_STAKE("minSelfStake", StakingParams.ONE_ZG,
        StakingParams.ONE_ZG.multiply(BigInteger.valueOf(10_000_000))),
    MAX_VALIDATORS("maxValidators", BigInteger.ONE,
        BigInteger.valueOf(StakingParams.MAX_VALIDATORS_MAX)),
    INFLATION_PER_BLOCK("inflationPerBlock", BigInteger.ZERO,
        StakingParams.ONE_ZG.multiply(BigInteger.valueOf(1_000))),
    SLASH_DOUBLE_SIGN_PPM("slashDoubleSignPpm", BigInteger.ZERO, BigInteger.valueOf(1_000_000));

    private final String label;
    private final Hash key;
    private final BigInteger min;
    private final BigInteger max;

    Param(String label, BigInteger min, BigInteger max) {
      this.label = label;
      this.key = Hash.wrap(Keccak256.hash(label.getBytes(StandardCharsets.US_ASCII)));
      this.min = min;
      this.max = max;
    }

    /** The name, as in STAKING.md ({@code blockGasLimit}, ...). */
    public String label() {
      return label;
    }

    /** The {@code bytes32 param} of {@code submitProposal}: keccak256 of the name. */
    public Hash key() {
      return key;
    }

    public BigInteger min() {
      return min;
    }

    public BigInteger max() {
      return max;
    }

    /** The parameter named {@code label}, or null. */
    public static Param named(String label) {
      for (Param p : values()) {
        if (p.label.equals(label)) {
          return p;
        }
      }
      return null;
    }

    static Param ofKey(byte[] key) {
      for (Param p : values()) {
        if (java.util.Arrays.equals(p.key.bytesUnsafe(), key)) {
          return p;
        }
      }
      throw new Abi.Invalid("unknown parameter 0x" + dev.zg.common.Hex.encode(key)
          + " (keccak256 of one of blockGasLimit, unbondingSeconds, minSelfStake,"
          + " maxValidators, inflationPerBlock, slashDoubleSignPpm)");
    }

    void check(BigInteger value) {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new Abi.Invalid(label + " must be " + min + ".." + max + ", got " + value);
      }
    }
  }

  /**
   * After each block's transactions (and after the staking hook): drop the proposals whose
   * deposit period ended, tally those whose voting period ends, refund or burn their deposits
   * and apply the passed ones, in force from the next block.
   */
  public static final BlockEndHook END_BLOCK = Governance::endBlock;

  /**
   * The staking module's end of block, then governance's: the hook of a zg chain. The
   * executor's three-argument call is passed on whole, since staking reads the signer bitmap
   * and the block's fees from it.
   */
  public static final BlockEndHook CHAIN_END_BLOCK = new BlockEndHook() {
    @Override
    public void endBlock(EvmState state, BlockEnv block) {
      endBlock(state, block, new BlockEnd(new byte[0], BigInteger.ZERO));
    }

    @Override
    public void endBlock(EvmState state, BlockEnv block, BlockEnd end) {
      Staking.END_BLOCK.endBlock(state, block, end);
      END_BLOCK.endBlock(state, block, end);
    }
  };

  private static void endBlock(EvmState state, BlockEnv block) {
    if (!state.exists(ADDRESS)) {
      return; // no proposal was ever made
    }
    GovernanceLedger ledger = new GovernanceLedger(new Slots.OfState(state, ADDRESS));
    StakingLedger staking = new StakingLedger(new Slots.OfState(state, Staking.ADDRESS));
    ledger.endBlock(block.number(), staking, new GovernanceLedger.Effects() {
      @Override
      public void refund(Address depositor, BigInteger amount) {
        UInt256 value = UInt256.fromBigInteger(amount);
        state.subtractBalance(ADDRESS, value);
        state.addBalance(depositor, value);
      }

      @Override
      public void burn(BigInteger amount) {
        state.subtractBalance(ADDRESS, UInt256.fromBigInteger(amount));
      }

      @Override
      public void apply(Param param, BigInteger value) {
        switch (param) {
          case BLOCK_GAS_LIMIT -> ledger.setBlockGasLimit(value.longValueExact());
          case UNBONDING_SECONDS -> staking.setParam(StakingLedger.P_UNBONDING_SECONDS, value);
          case MIN_SELF_STAKE -> staking.setParam(StakingLedger.P_MIN_SELF_STAKE, value);
          case MAX_VALIDATORS -> staking.setParam(StakingLedger.P_MAX_VALIDATORS, value);
          case INFLATION_PER_BLOCK -> staking.setParam(StakingLedger.P_INFLATION_PER_BLOCK, value);
          case SLASH_DOUBLE_SIGN_PPM ->
              staking.setParam(StakingLedger.P_SLASH_DOUBLE_SIGN_PPM, value);
          default -> throw new IllegalStateException("unhandled parameter " + param);
        }
      }
    });
  }

  /**
   * The gas limit of the block after one whose post-state is {@code state}: the one governance
   * set, else the parent's ({@code parentGasLimit}).
   */
  public static long nextBlockGasLimit(WorldView state, long parentGasLimit) {
    if (state.account(ADDRESS) == null) {
      return parentGasLimit;
    }
    long governed = new GovernanceLedger(new Slots.OfView(state, ADDRESS)).blockGasLimit();
    return governed == 0 ? parentGasLimit : governed;
  }

  /** The governance account at genesis: its params, no proposals. */
  public static GenesisAccount genesisAccount(GovernanceParams params) {
    Map<UInt256, UInt256> storage = new TreeMap<>();
    new GovernanceLedger(new Slots.OfMap(storage)).setParams(params);
    return new GenesisAccount(UInt256.ZERO, 1, new byte[0], storage);
  }

  /** {@code genesis} with the governance account added (it must not be in the alloc already). */
  public static Genesis withGovernance(Genesis genesis, GovernanceParams params) {
    if (genesis.alloc().containsKey(ADDRESS)) {
      throw new IllegalArgumentException("the genesis alloc already has the governance account "
          + ADDRESS);
    }
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>(genesis.alloc());
    alloc.put(ADDRESS, genesisAccount(params));
    return new Genesis(genesis.chainId(), genesis.timestamp(), genesis.gasLimit(),
        genesis.baseFeePerGas(), genesis.extraData(), genesis.coinbase(), genesis.mixHash(),
        genesis.difficulty(), alloc);
  }
}
