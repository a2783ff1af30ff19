package dev.zg.contracts.devnet;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.contracts.Artifacts;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.interpreter.Evm;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The contracts {@code zg devnet} starts with, placed in the genesis state: the deployment
 * transactions of an explicit plan run from Hardhat account #0 ({@link #DEPLOYER}), one
 * nonce each and in order, in a scratch state, and the accounts they leave (code, storage,
 * the deployer's advanced nonce) become the genesis alloc. So the addresses are the CREATE
 * addresses of the deployer at fixed nonces, no block is spent, and the deployer's next
 * transaction uses nonce {@link #NEXT_NONCE}, so user deployments never collide.
 *
 * <p>Nonces 0 to 12 belong to 0G Compute, whose official SDK expects its contracts at the
 * CREATE addresses of account #0 at nonces 2 (LedgerManager), 6 (InferenceServing) and 12
 * (FineTuningServing); the nonces between them are skipped. The LedgerManager registers
 * both serving contracts at construction (their addresses are known in advance), and they
 * take the ledger's address as a constructor argument. 0G Storage takes nonces 13 to 16
 * (Flow, FixedPrice, StorageReward, PoraMine).
 */
public final class DevnetContracts {
  /** Hardhat account #0, 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266. */
  public static final Address DEPLOYER = DevnetGenesis.accounts().get(0).address();

  public static final long LEDGER_MANAGER_NONCE = 2;
  public static final long INFERENCE_SERVING_NONCE = 6;
  public static final long FINE_TUNING_SERVING_NONCE = 12;
  public static final long FLOW_NONCE = 13;
  public static final long MARKET_NONCE = 14;
  public static final long REWARD_NONCE = 15;
  public static final long MINE_NONCE = 16;
  /** The deployer's first free nonce on a new devnet. */
  public static final long NEXT_NONCE = 17;

  /** Blocks per mining epoch on the devnet (short, so that epochs pass in tests). */
  public static final long BLOCKS_PER_EPOCH = 20;
  /** Mainnet's price, 3 months at unit price 1: 1e18 * 3 / 2^30 / 12 wei (1 0G per TiB). */
  public static final BigInteger PRICE_PER_SECTOR = BigInteger.valueOf(232_830_643);
  /** Storage fees are released over 3 months of 31 days, as on mainnet. */
  public static final long RELEASE_SECONDS = 3L * 31 * 86_400;
  public static final long SERVICE_FEE_RATE_BPS = 500;
  /** Paid for each accepted PoRA answer from the base pool: 0.1 0G. */
  public static final BigInteger BASE_REWARD = BigInteger.TEN.pow(17);
  /**
   * PoRA difficulty a new devnet starts at (a seal passes with probability 1/1000 while the
   * flow fits one shard); retargeted each epoch towards 10 answers, at least 1. Subtasks:
   * one per epoch, open for the whole epoch; at most 32 shards.
   */
  public static final long INIT_DIFFICULTY = 1000;
  /** The base pool the Reward contract starts with: 1,000 0G. */
  public static final UInt256 BASE_REWARD_POOL =
      UInt256.fromBigInteger(BigInteger.TEN.pow(21));
  /**
   * How long a compute refund stays locked on the devnet: one hour, the contracts' minimum
   * (0G's networks use 24 hours).
   */
  public static final long COMPUTE_LOCK_TIME = 3600;
  /** Share of a fine-tuning fee a provider gets when the user never acknowledged the model. */
  public static final long FINE_TUNING_PENALTY_PERCENT = 30;
  /** The names the compute services are registered under ({@code <type>-<version>}). */
  public static final String INFERENCE_SERVICE_NAME = "inference-v1.0";
  public static final String FINE_TUNING_SERVICE_NAME = "fine-tuning-v1.0";

  private DevnetContracts() {}

  /** One slot of the plan: the deployer's transaction at {@code nonce}. */
  public sealed interface Step {
    long nonce();

    /** A nonce kept for a contract deployed elsewhere or later; skipped for now. */
    record Reserved(long nonce, String purpose) implements Step {}

    /** Creates {@code artifact} with constructor arguments drawn from the plan's addresses. */
    record Deploy(long nonce, String name, String artifact,
        Function<Map<String, Address>, Object[]> arguments) implements Step {}
  }

  /** The ordered plan, one step per nonce from 0 to {@link #NEXT_NONCE} - 1. */
  public static List<Step> plan() {
    List<Step> steps = new ArrayList<>();
    for (long n = 0; n < FLOW_NONCE; n++) {
      if (n == LEDGER_MANAGER_NONCE) {
        steps.add(new Step.Deploy(n, "ledgerManager", "LedgerManager", a -> new Object[] {
            DEPLOYER, List.of(a.get("inferenceServing"), a.get("fineTuningServing")),
            List.of("inference", "fine-tuning"), List.of("v1.0", "v1.0"),
            List.of("0G Compute inference", "0G Compute fine-tuning")}));
      } else if (n == INFERENCE_SERVING_NONCE) {
        steps.add(new Step.Deploy(n, "inferenceServing", "InferenceServing", a -> new Object[] {
            BigInteger.valueOf(COMPUTE_LOCK_TIME), a.get("ledgerManager"), DEPLOYER}));
      } else if (n == FINE_TUNING_SERVING_NONCE) {
        steps.add(new Step.Deploy(n, "fineTuningServing", "FineTuningServing", a -> new Object[] {
            BigInteger.valueOf(COMPUTE_LOCK_TIME), a.get("ledgerManager"), DEPLOYER,
            BigInteger.valueOf(FINE_TUNING_PENALTY_PERCENT)}));
      } else {
        steps.add(new Step.Reserved(n, "compute: skipped (the SDK's addresses)"));
      }
    }
    steps.add(new Step.Deploy(FLOW_NONCE, "flow", "Flow", a -> new Object[] {
        a.get("market"), BigInteger.valueOf(BLOCKS_PER_EPOCH), BigInteger.ZERO, DEPLOYER}));
    steps.add(new Step.Deploy(MARKET_NONCE, "market", "FixedPrice", a -> new Object[] {
        a.get("flow"), a.get("reward"), PRICE_PER_SECTOR, DEPLOYER}));
    steps.add(new Step.Deploy(REWARD_NONCE, "reward", "StorageReward", a -> new Object[] {
        a.get("market"), a.get("mine"), DEPLOYER, BigInteger.valueOf(SERVICE_FEE_RATE_BPS),
        BigInteger.valueOf(RELEASE_SECONDS), BASE_REWARD, DEPLOYER}));
    steps.add(new Step.Deploy(MINE_NONCE, "mine", "PoraMine", a -> new Object[] {
        a.get("flow"), a.get("reward"), List.of(BigInteger.valueOf(INIT_DIFFICULTY),
            BigInteger.ONE, BigInteger.valueOf(BLOCKS_PER_EPOCH), BigInteger.TEN,
            BigInteger.valueOf(32), BigInteger.ONE, BigInteger.valueOf(BLOCKS_PER_EPOCH)),
        DEPLOYER}));
    return steps;
  }

  /**
   * Where each named contract of the plan lives (deployed or reserved): flow, market,
   * reward, mine, and the compute contracts' fixed addresses.
   */
  public static Map<String, Address> addresses() {
    Map<String, Address> out = new LinkedHashMap<>();
    out.put("flow", Evm.createAddress(DEPLOYER, FLOW_NONCE));
    out.put("market", Evm.createAddress(DEPLOYER, MARKET_NONCE));
    out.put("reward", Evm.createAddress(DEPLOYER, REWARD_NONCE));
    out.put("mine", Evm.createAddress(DEPLOYER, MINE_NONCE));
    out.put("ledgerManager", Evm.createAddress(DEPLOYER, LEDGER_MANAGER_NONCE));
    out.put("inferenceServing", Evm.createAddress(DEPLOYER, INFERENCE_SERVING_NONCE));
    out.put("fineTuningServing", Evm.createAddress(DEPLOYER, FINE_TUNING_SERVING_NONCE));
    return Collections.unmodifiableMap(out);
  }

  /** The genesis with the plan's contracts deployed, and the contracts that now have code. */
  public record Deployed(Genesis genesis, Map<String, Address> contracts) {
    public Deployed {
      contracts = Collections.unmodifiableMap(new LinkedHashMap<>(contracts));
    }
  }

  /**
   * Runs the plan on {@code base} (which must fund the deployer at nonce 0 and have none of
   * the plan's addresses in use) and returns the genesis holding the result.
   */
  public static Deployed deploy(Genesis base) {
    GenesisAccount deployer = base.alloc().get(DEPLOYER);
    if (deployer == null || deployer.nonce() != 0) {
      throw new IllegalArgumentException("the devnet contracts need " + DEPLOYER
          + " in the genesis at nonce 0");
    }
    EvmSandbox sandbox = new EvmSandbox(base.chainId(), 0, base.timestamp());
    base.alloc().forEach(sandbox::put);
    Map<String, Address> all = addresses();
    Map<String, Address> deployed = new LinkedHashMap<>();
    for (Step step : plan()) {
      if (sandbox.nonce(DEPLOYER) != step.nonce()) {
        throw new IllegalStateException("deployment plan out of order at nonce " + step.nonce());
      }
      switch (step) {
        case Step.Reserved r -> sandbox.skipNonce(DEPLOYER);
        case Step.Deploy d -> {
          byte[] data = Artifacts.get(d.artifact()).deployData(d.arguments().apply(all));
          TransactionResult result = sandbox.send(DEPLOYER, null, UInt256.ZERO, data);
          if (!result.success() || !all.get(d.name()).equals(result.contractAddress())) {
            throw new IllegalStateException("deploying " + d.artifact() + " at nonce "
                + d.nonce() + " failed: " + result.halt() + " " + Hex.prefixed(result.output()));
          }
          deployed.put(d.name(), result.contractAddress());
        }
      }
    }
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>(sandbox.accounts());
    Address reward = all.get("reward");
    GenesisAccount r = alloc.get(reward);
    alloc.put(reward, new GenesisAccount(r.balance().add(BASE_REWARD_POOL), r.nonce(), r.code(),
        r.storage()));
    Genesis genesis = new Genesis(base.chainId(), base.timestamp(), base.gasLimit(),
        base.baseFeePerGas(), base.extraData(), base.coinbase(), base.mixHash(),
        base.difficulty(), alloc);
    return new Deployed(genesis, deployed);
  }
}
