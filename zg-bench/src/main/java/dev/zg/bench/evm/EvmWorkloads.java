package dev.zg.bench.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.interpreter.CallResult;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.interpreter.Evm;
import dev.zg.evm.precompile.Precompile;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.MemoryWorld;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The EVM workloads of {@code evm-workloads.json} (written by {@code zg-bench/evm/compile.mjs})
 * deployed into a {@link MemoryWorld} by zg's own EVM, as the peers deploy them: one create
 * transaction each, from the same deployer in the same order, so the addresses agree.
 *
 * <p>{@link #call} then runs one workload call the way a transaction would (sender, recipient,
 * precompiles and coinbase warm), on a fresh {@link EvmState} over the deployed world, so every
 * call starts from the same state: fresh slots stay fresh.
 */
public final class EvmWorkloads {
  /** Analysed-code cache size; the workloads' code is a few KiB. */
  private static final long CODE_CACHE_BYTES = 1 << 20;

  /** One workload call; {@code gas} and {@code output} are what every EVM must produce. */
  public record Workload(String name, String kind, String summary, Address address,
      byte[] initCode, byte[] calldata, long gas, byte[] output) {}

  /** What zg's EVM did: execution gas (limit minus gas left) and the return data. */
  public record Outcome(long gas, byte[] output, boolean success) {}

  private final List<Workload> workloads;
  private final Address deployer;
  private final long callGas;
  private final MemoryWorld world = new MemoryWorld();
  private final CodeCache codeCache = new CodeCache(CODE_CACHE_BYTES);
  private final Map<Address, Precompile> precompiles = Precompiles.cancun().asMap();
  // Chain id 31337 and a zero coinbase like the peers; no workload reads the block.
  private final BlockEnv block = new BlockEnv(1, Address.ZERO, 1_700_000_000L, 1_000_000_000L,
      UInt256.ZERO, Hash.ZERO, 0, 31337, number -> null);

  private EvmWorkloads(JsonNode artifacts) {
    deployer = Address.fromHex(artifacts.path("deployer").asText());
    callGas = artifacts.path("callGas").asLong();
    List<Workload> list = new ArrayList<>();
    for (JsonNode w : artifacts.path("workloads")) {
      list.add(new Workload(w.path("name").asText(), w.path("kind").asText(),
          w.path("summary").asText(), Address.fromHex(w.path("address").asText()),
          Hex.decode(w.path("initCode").asText()), Hex.decode(w.path("calldata").asText()),
          w.path("gas").asLong(), Hex.decode(w.path("output").asText())));
    }
    workloads = List.copyOf(list);
    world.put(deployer, 0, UInt256.ZERO, new byte[0], Map.of());
    deploy(artifacts.path("deployGas").asLong());
  }

  /** Loads the committed artifacts from the classpath and deploys every workload. */
  public static EvmWorkloads load() {
    try (InputStream in = EvmWorkloads.class.getResourceAsStream("/evm-workloads.json")) {
      if (in == null) {
        throw new IllegalStateException("evm-workloads.json is not on the classpath");
      }
      return new EvmWorkloads(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Workload> workloads() {
    return workloads;
  }

  public Workload workload(String name) {
    return workloads.stream().filter(w -> w.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no workload named " + name));
  }

  /** Runs one call of {@code w} from the deployed state; the world is left unchanged. */
  public Outcome call(Workload w) {
    EvmState state = startTransaction(w.address());
    Evm evm = new Evm(state, block, deployer, UInt256.ZERO, List.of(), precompiles, codeCache,
        null);
    CallResult result = evm.call(deployer, w.address(), UInt256.ZERO, w.calldata(), callGas);
    return new Outcome(callGas - result.gasLeft(), result.output(), result.success());
  }

  /** Runs {@code w} once and fails unless zg used the gas and returned the output recorded. */
  public Outcome verify(Workload w) {
    Outcome outcome = call(w);
    if (!outcome.success() || outcome.gas() != w.gas()
        || !Arrays.equals(outcome.output(), w.output())) {
      throw new IllegalStateException(w.name() + ": zg used " + outcome.gas() + " gas and returned "
          + Hex.prefixed(outcome.output()) + "; the peers used " + w.gas() + " and returned "
          + Hex.prefixed(w.output()));
    }
    return outcome;
  }

  private void deploy(long deployGas) {
    EvmState state = startTransaction(null);
    for (Workload w : workloads) {
      Evm evm = new Evm(state, block, deployer, UInt256.ZERO, List.of(), precompiles, codeCache,
          null);
      CallResult result = evm.create(deployer, UInt256.ZERO, w.initCode(), deployGas);
      if (!result.success() || !w.address().equals(result.createdAddress())) {
        throw new IllegalStateException("deploying " + w.name() + " failed: " + result.halt()
            + " at " + result.createdAddress() + ", expected " + w.address());
      }
      state.finishTransaction();
      warm(state, null);
    }
    world.apply(state.changes());
  }

  private EvmState startTransaction(Address to) {
    EvmState state = new EvmState(world);
    warm(state, to);
    return state;
  }

  /** EIP-2929 warms the sender, the recipient and the precompiles; EIP-3651 the coinbase. */
  private void warm(EvmState state, Address to) {
    state.warmAddress(deployer);
    if (to != null) {
      state.warmAddress(to);
    }
    for (Address precompile : precompiles.keySet()) {
      state.warmAddress(precompile);
    }
    state.warmAddress(block.coinbase());
  }
}
