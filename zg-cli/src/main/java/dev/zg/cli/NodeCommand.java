package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.consensus.Validator;
import dev.zg.node.validator.ValidatorConfig;
import dev.zg.staking.Staking;
import dev.zg.staking.StakingParams;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "node", mixinStandardHelpOptions = true,
    description = {
      "Run one chain node from a JSON config file:",
      "  {\"genesis\": \"genesis.json\" (geth format; \"devnet\" for the built-in one),",
      "   \"dataDir\": \"data\", \"host\": \"127.0.0.1\", \"port\": 8545, \"blockTime\": 1,",
      "   \"coinbase\": \"0x...\", \"cors\": [\"*\"], \"devAccounts\": false,",
      "   \"validator\": {...} (to run as one validator of a network; see zg-cli/README.md)}",
      "Relative paths are relative to the config file."})
final class NodeCommand implements Runnable {
  private static final Set<String> FIELDS = Set.of("genesis", "chainId", "dataDir", "host",
      "port", "blockTime", "coinbase", "cors", "devAccounts", "rpcGasCap", "validator");

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The node's config file.")
  Path configFile;

  /** Test-only, hidden from --help: a Byzantine validator for the process-level slashing test. */
  @Option(names = "--byzantine-double-sign", hidden = true,
      description = "TEST ONLY: this validator signs two different prevotes per round, so it is slashed and jailed.")
  boolean byzantineDoubleSign;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    NodeConfig config = parse(configFile);
    if (config.dataDir() != null) {
      Folders.create(config.dataDir());
    }
    ValidatorConfig validator = ValidatorSection.fromConfigFile(configFile);
    if (byzantineDoubleSign && validator == null) {
      throw new UserError("--byzantine-double-sign needs a \"validator\" section in the config");
    }
    ChainNode node = NodeRunner.open(config, validator);
    if (byzantineDoubleSign) {
      node.validator().doubleSignForTests();
    }
    spec.commandLine().getOut().println("zg node: chain id " + config.chainId() + ", head block "
        + node.store().head().number() + ", JSON-RPC " + node.rpcUrl() + ", WebSocket "
        + node.wsUrl() + (validator == null ? "" : ", validator " + validator.address()
        + " on port " + node.validator().peerPort()));
    spec.commandLine().getOut().flush();
    NodeRunner.runUntilStopped(node, spec.commandLine().getErr());
  }

  static NodeConfig parse(Path file) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new UserError("no such config file: " + file);
    } catch (IOException e) {
      throw new UserError("cannot read config " + file + ": " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw new UserError("config " + file + " must be a JSON object");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new UserError("config " + file + ": unknown field '" + field + "' (known: "
            + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    Path base = file.toAbsolutePath().getParent();
    String genesisText = json.path("genesis").asText("devnet");
    boolean devnet = genesisText.equals("devnet");
    Genesis genesis;
    try {
      genesis = devnet
          ? DevnetGenesis.create(json.path("chainId").asLong(DevnetGenesis.DEFAULT_CHAIN_ID))
          : Genesis.load(base.resolve(genesisText));
    } catch (IllegalArgumentException e) {
      throw new UserError("config " + file + ": genesis: " + e.getMessage());
    } catch (IOException e) {
      throw new UserError("config " + file + ": cannot read genesis " + genesisText + ": "
          + e.getMessage());
    }
    if (devnet && json.hasNonNull("validator")) {
      genesis = withValidatorStake(genesis, ValidatorSection.fromConfigFile(file));
    }
    Path dataDir = json.hasNonNull("dataDir") ? base.resolve(json.get("dataDir").asText()) : null;
    double blockTime = json.path("blockTime").asDouble(1);
    if (blockTime < 0 || blockTime > 3600) {
      throw new UserError("config " + file + ": blockTime must be 0..3600 seconds");
    }
    List<String> cors = new ArrayList<>();
    json.path("cors").forEach(o -> cors.add(o.asText()));
    boolean devAccounts = json.path("devAccounts").asBoolean(devnet);
    List<Secp256k1.KeyPair> keys = devAccounts ? DevnetGenesis.accounts() : List.of();
    Address coinbase;
    try {
      coinbase = json.hasNonNull("coinbase") ? Address.fromHex(json.get("coinbase").asText())
          : keys.isEmpty() ? Address.ZERO : keys.get(0).address();
    } catch (IllegalArgumentException e) {
      throw new UserError("config " + file + ": coinbase: " + e.getMessage());
    }
    int port = json.path("port").asInt(8545);
    try {
      return new NodeConfig(genesis, dataDir, json.path("host").asText("127.0.0.1"), port,
          Duration.ofMillis(Math.round(blockTime * 1000)), coinbase, keys, cors,
          json.path("rpcGasCap").asLong(NodeConfig.RPC_GAS_CAP_DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new UserError("config " + file + ": " + e.getMessage());
    }
  }

  /**
   * The devnet genesis of a validator network: with the staking module, each configured
   * validator staking its voting power in whole 0G, so the set comes from stake from block 1,
   * and holding 100 0G to pay for its transactions (double-sign reports).
   */
  static Genesis withValidatorStake(Genesis devnet, ValidatorConfig validator) {
    List<Staking.GenesisValidator> stakes = new ArrayList<>();
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>(devnet.alloc());
    for (Validator v : validator.validators()) {
      alloc.putIfAbsent(v.address(), GenesisAccount.funded(UInt256.fromBigInteger(
          StakingParams.ONE_ZG.multiply(BigInteger.valueOf(100)))));
    }
    devnet = new Genesis(devnet.chainId(), devnet.timestamp(), devnet.gasLimit(),
        devnet.baseFeePerGas(), devnet.extraData(), devnet.coinbase(), devnet.mixHash(),
        devnet.difficulty(), alloc);
    for (Validator v : validator.validators()) {
      stakes.add(new Staking.GenesisValidator(v.address(), v.address().toHex().substring(0, 10),
          BigInteger.valueOf(v.votingPower()).multiply(StakingParams.ONE_ZG)));
    }
    return Staking.withStaking(devnet, StakingParams.defaults(), stakes);
  }
}
