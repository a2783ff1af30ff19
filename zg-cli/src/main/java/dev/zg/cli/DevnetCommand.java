package dev.zg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.genesis.Genesis;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.storage.indexer.Indexer;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.kv.KvNode;
import dev.zg.storage.kv.LocalKvLog;
import dev.zg.storage.mine.MinerConfig;
import dev.zg.storage.node.StorageNode;
import dev.zg.storage.node.StorageNodeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "devnet", mixinStandardHelpOptions = true,
    description = {
      "Run a local zg chain in one process on loopback, with 20 funded accounts (the mnemonic",
      "'test test test test test test test test test test test junk', as Hardhat and Anvil).",
      "Also runs a 0G storage node (zgs_* JSON-RPC) following the devnet's Flow contract and",
      "an indexer over it; the storage node mines PoRA with account 19 (off with --no-miner).",
      "Writes DIR/devnet.json with the URLs, contracts and accounts. Stop with Ctrl-C."})
final class DevnetCommand implements Runnable {
  /** The devnet account the storage node's PoRA miner sends answers with and is paid to. */
  static final int MINER_ACCOUNT = 19;
  /** 0G's indexer listens on 12345 by default. */
  static final int INDEXER_PORT_DEFAULT = 12_345;
  /** The follower polls the local chain often: an upload waits for it to see the entry. */
  private static final Duration STORAGE_POLL = Duration.ofMillis(100);

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the chain is kept (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".zg", "devnet");

  @Option(names = "--port", paramLabel = "P", description = "JSON-RPC port, HTTP and WebSocket (default: ${DEFAULT-VALUE}).")
  int port = 8545;

  @Option(names = "--storage-port", paramLabel = "P",
      description = "The storage node's zgs_* JSON-RPC port (default: 5678, or a free port"
          + " when --port is 0).")
  Integer storagePort;

  @Option(names = "--indexer-port", paramLabel = "P",
      description = "The storage indexer's JSON-RPC port (default: 12345, or a free port"
          + " when --port is 0).")
  Integer indexerPort;

  @Option(names = "--kv-port", paramLabel = "P",
      description = "The KV node's kv_* JSON-RPC port (default: 6789, or a free port when"
          + " --port is 0).")
  Integer kvPort;

  @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(names = "--block-time", paramLabel = "S",
      description = "Seconds between blocks; 0 mines each transaction at once (default: ${DEFAULT-VALUE}).")
  double blockTimeSeconds = 1;

  @Option(names = "--chain-id", paramLabel = "ID", description = "Chain id (default: ${DEFAULT-VALUE}).")
  long chainId = DevnetGenesis.DEFAULT_CHAIN_ID;

  @Option(names = "--gas-limit", paramLabel = "GAS", description = "Block gas limit of a new chain (default: ${DEFAULT-VALUE}).")
  long gasLimit = DevnetGenesis.GAS_LIMIT;

  @Option(names = "--cors", paramLabel = "ORIGIN", split = ",",
      description = "Browser origins allowed to call the RPC ('*' for any; default: none).")
  List<String> cors = List.of();

  @Option(names = "--reset", description = "Delete the data folder first and start a new chain.")
  boolean reset;

  @Option(names = "--finetune-trainer", paramLabel = "COMMAND",
      description = {"Train fine-tuning tasks with COMMAND DATASET PARAMS OUTPUT instead of",
        "the built-in model (the fine-tuning provider runs even with --no-compute then)."})
  String finetuneTrainer;

  @Option(names = "--no-miner",
      description = "Do not run the storage node's PoRA miner (account 19 by default).")
  boolean noMiner;

  @Option(names = "--miner-cpu", paramLabel = "PERCENT",
      description = "Share of one core the PoRA miner searches with, 1..100"
          + " (default: ${DEFAULT-VALUE}).")
  int minerCpu = 25;

  @Option(names = "--no-compute",
      description = "Run no compute providers (inference, fine-tuning) and train no model.")
  boolean noCompute;

  @Option(names = "--compute-port", paramLabel = "P",
      description = "The inference provider's port (default: 3000, or a free port when"
          + " --port is 0).")
  Integer computePort;

  @Option(names = "--compute-backend", paramLabel = "URL",
      description = {"Serve inference from this OpenAI-compatible base URL (e.g.",
        "http://127.0.0.1:8000/v1) instead of the built-in model."})
  URI computeBackend;

  @Option(names = "--compute-model", paramLabel = "NAME",
      description = "The model name registered for --compute-backend (default: the first"
          + " model the backend lists).")
  String computeModel;

  @Option(names = "--compute-settle-seconds", paramLabel = "S",
      description = "How often the inference provider settles its fees on chain (default:"
          + " ${DEFAULT-VALUE}).")
  long computeSettleSeconds = DevnetInference.SETTLE_SECONDS_DEFAULT;

  @Option(names = "--finetune-port", paramLabel = "P",
      description = "The fine-tuning provider's port (default: 3100, or a free port when"
          + " --port is 0).")
  Integer finetunePort;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    if (blockTimeSeconds < 0 || blockTimeSeconds > 3600) {
      throw new UserError("--block-time must be between 0 and 3600 seconds");
    }
    if (gasLimit < 5_000_000 || gasLimit > 1_000_000_000_000L) {
      throw new UserError("--gas-limit must be between 5,000,000 and 10^12");
    }
    if (chainId < 1) {
      throw new UserError("--chain-id must be positive");
    }
    if (minerCpu < 1 || minerCpu > 100) {
      throw new UserError("--miner-cpu must be between 1 and 100");
    }
    if (computeSettleSeconds < 1 || computeSettleSeconds > 86_400) {
      throw new UserError("--compute-settle-seconds must be between 1 and 86400");
    }
    if (!noCompute && computeBackend == null) {
      dev.zg.compute.model.LlamaChatBackend.preload(); // before RocksDB's native library
    }
    int storageRpcPort = portOr(storagePort, StorageNodeConfig.RPC_PORT_DEFAULT,
        "--storage-port");
    int indexerRpcPort = portOr(indexerPort, INDEXER_PORT_DEFAULT, "--indexer-port");
    int computeRpcPort = portOr(computePort, DevnetInference.PORT_DEFAULT, "--compute-port");
    int finetuneRpcPort = portOr(finetunePort, DevnetFinetune.PORT_DEFAULT, "--finetune-port");
    int kvRpcPort = portOr(kvPort, KvNode.DEFAULT_PORT, "--kv-port");
    if (reset) {
      Folders.deleteRecursively(dataDir);
    }
    Folders.create(dataDir);
    Genesis base = DevnetGenesis.create(chainId);
    // The compute and storage contracts are in the genesis state.
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(new Genesis(base.chainId(),
        base.timestamp(), gasLimit, base.baseFeePerGas(), base.extraData(), base.coinbase(),
        base.mixHash(), base.difficulty(), base.alloc()));
    Genesis genesis = deployed.genesis();
    List<Secp256k1.KeyPair> accounts = DevnetGenesis.accounts();
    NodeConfig config = new NodeConfig(genesis, dataDir, host, port,
        Duration.ofMillis(Math.round(blockTimeSeconds * 1000)), accounts.get(0).address(), accounts,
        cors, NodeConfig.RPC_GAS_CAP_DEFAULT);
    ChainNode node = NodeRunner.open(config);
    requireContracts(node, deployed.contracts());
    StorageNode storage;
    Indexer indexer;
    try {
      storage = startStorage(node, deployed.contracts(), accounts, storageRpcPort);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    try {
      indexer = startIndexer(storage, indexerRpcPort);
    } catch (RuntimeException e) {
      storage.close();
      node.close();
      throw e;
    }
    KvNode kv;
    try {
      kv = startKv(storage, kvRpcPort);
    } catch (RuntimeException e) {
      indexer.close();
      storage.close();
      node.close();
      throw e;
    }
    String storageRpc = storage.rpcUrl();
    String indexerRpc = urlOf(indexer.rpcPort());
    DevnetInference inference = null;
    DevnetFinetune finetune = null;
    try {
      if (!noCompute) {
        inference = DevnetInference.start(node, deployed.contracts(), accounts, host,
            computeRpcPort, dataDir.resolve("compute"),
            computeBackend, computeModel, computeSettleSeconds);
      }
      if (!noCompute || finetuneTrainer != null) {
        finetune = DevnetFinetune.start(node, deployed.contracts(), accounts, storageRpc, host,
            finetuneRpcPort, dataDir.resolve("finetune"),
            finetuneTrainer);
      }
    } catch (RuntimeException e) {
      if (inference != null) {
        inference.close();
      }
      kv.close();
      indexer.close();
      storage.close();
      node.close();
      throw e;
    }
    String kvRpc = urlOf(kv.rpcPort());
    writeDevnetJson(node, accounts, deployed.contracts(), storageRpc, indexerRpc, kvRpc,
        inference, finetune);
    printBanner(node, accounts, deployed.contracts(), storageRpc, indexerRpc, kvRpc);
    if (inference != null) {
      spec.commandLine().getOut().println("Inference: " + inference.describe());
      spec.commandLine().getOut().flush();
    }
    if (finetune != null) {
      spec.commandLine().getOut().println("Fine-tuning: " + finetune.describe());
      spec.commandLine().getOut().flush();
    }
    // Stopped in the reverse order of their start: nothing polls a closed chain.
    List<AutoCloseable> services = new java.util.ArrayList<>();
    if (finetune != null) {
      services.add(finetune);
    }
    if (inference != null) {
      services.add(inference);
    }
    services.addAll(List.of(kv, indexer, storage, node));
    NodeRunner.runUntilStopped(services, spec.commandLine().getErr());
  }

  private int portOr(Integer option, int fixedDefault, String name) {
    int value = option != null ? option : port == 0 ? 0 : fixedDefault;
    if (value < 0 || value > 65_535) {
      throw new UserError(name + " must be 0..65535, got " + value);
    }
    return value;
  }

  /**
   * One storage node covering every segment, following Flow from the genesis block with no
   * confirmations (a single devnet node never reorganizes), its data in DIR/storage.
   */
  private StorageNode startStorage(ChainNode node, Map<String, Address> contracts,
      List<Secp256k1.KeyPair> accounts, int p) {
    StorageNodeConfig storageConfig = new StorageNodeConfig(node.rpcUrl(), contracts.get("flow"),
        dataDir.resolve("storage"), host, p, ShardConfig.ALL, List.of(), 0,
        StorageNodeConfig.MAX_DATA_BYTES_DEFAULT, 0, STORAGE_POLL);
    if (!noMiner) {
      storageConfig = storageConfig.withMiner(new MinerConfig(accounts.get(MINER_ACCOUNT),
          contracts.get("mine"), null, 1, minerCpu, STORAGE_POLL));
    }
    try {
      return StorageNode.start(storageConfig);
    } catch (RuntimeException e) {
      if (NodeRunner.isBindFailure(e)) {
        throw new UserError("port " + p + " on " + host + " is in use; choose another with"
            + " --storage-port", e);
      }
      throw new UserError("storage node: " + e.getMessage(), e);
    }
  }

  /** The KV node reads the storage node's log in process; its state is in DIR/kv. */
  private KvNode startKv(StorageNode storage, int p) {
    try {
      return KvNode.start(new LocalKvLog(storage.store()), dataDir.resolve("kv"), List.of(),
          host, p, STORAGE_POLL);
    } catch (RuntimeException e) {
      if (NodeRunner.isBindFailure(e)) {
        throw new UserError("port " + p + " on " + host + " is in use; choose another with"
            + " --kv-port", e);
      }
      throw new UserError("KV node: " + e.getMessage(), e);
    }
  }

  private Indexer startIndexer(StorageNode storage, int p) {
    try {
      return Indexer.start(List.of(storage.rpcUrl()), host, p, Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      if (NodeRunner.isBindFailure(e)) {
        throw new UserError("port " + p + " on " + host + " is in use; choose another with"
            + " --indexer-port", e);
      }
      throw new UserError("indexer: " + e.getMessage(), e);
    }
  }

  private String urlOf(int boundPort) {
    String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + boundPort;
  }

  /** A data folder from before the devnet had contracts would list addresses without code. */
  private void requireContracts(ChainNode node, Map<String, Address> contracts) {
    var state = node.store().worldState().view(node.store().head().stateRoot());
    for (Map.Entry<String, Address> c : contracts.entrySet()) {
      if (state.code(c.getValue()).length == 0) {
        node.close();
        throw new UserError(dataDir + " holds a devnet without the " + c.getKey()
            + " contract (made by an older zg); start it with --reset for a new chain");
      }
    }
  }

  private void writeDevnetJson(ChainNode node, List<Secp256k1.KeyPair> accounts,
      Map<String, Address> contracts, String storageRpc, String indexerRpc, String kvRpc,
      DevnetInference inference, DevnetFinetune finetune) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("chainId", node.config().chainId());
    root.put("rpc", node.rpcUrl());
    root.put("ws", node.wsUrl());
    root.put("storageRpc", storageRpc);
    root.put("indexerRpc", indexerRpc);
    root.put("kvRpc", kvRpc);
    if (!noMiner) {
      ObjectNode miner = root.putObject("miner");
      miner.put("address", accounts.get(MINER_ACCOUNT).address().toChecksumHex());
      miner.put("account", MINER_ACCOUNT);
    }
    ObjectNode contractsJson = root.putObject("contracts");
    contracts.forEach((name, address) -> contractsJson.put(name, address.toChecksumHex()));
    if (inference != null) {
      inference.describe(root.putObject("inferenceProvider"));
    }
    if (finetune != null) {
      finetune.describe(root.putObject("fineTuningProvider"));
    }
    ArrayNode list = root.putArray("accounts");
    for (Secp256k1.KeyPair key : accounts) {
      ObjectNode a = list.addObject();
      a.put("address", key.address().toChecksumHex());
      a.put("privateKey", Hex.prefixed(key.privateKeyBytes()));
      a.put("balance", DevnetGenesis.ACCOUNT_BALANCE.toBigInteger().toString());
    }
    Path target = dataDir.resolve("devnet.json");
    Path temporary = dataDir.resolve("devnet.json.tmp");
    try {
      json.writeValue(temporary.toFile(), root);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserError("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private void printBanner(ChainNode node, List<Secp256k1.KeyPair> accounts,
      Map<String, Address> contracts, String storageRpc, String indexerRpc, String kvRpc) {
    PrintWriter out = spec.commandLine().getOut();
    String balance = new BigDecimal(DevnetGenesis.ACCOUNT_BALANCE.toBigInteger())
        .divide(BigDecimal.TEN.pow(18)).toPlainString();
    out.println("zg devnet: chain id " + node.config().chainId() + ", block "
        + node.store().head().number() + ", "
        + (node.config().mineOnDemand() ? "mining on demand" : "a block every "
            + blockTimeSeconds + " s"));
    out.println();
    out.println("Accounts (" + balance + " 0G each)");
    out.println("==================");
    for (int i = 0; i < accounts.size(); i++) {
      Address a = accounts.get(i).address();
      out.printf("(%d) %s%n    private key %s%n", i, a.toChecksumHex(),
          Hex.prefixed(accounts.get(i).privateKeyBytes()));
    }
    out.println();
    out.println("Mnemonic:        " + DevnetGenesis.MNEMONIC);
    out.println("Derivation path: m/44'/60'/0'/0/{index}");
    out.println();
    out.println("Contracts");
    out.println("=========");
    contracts.forEach((name, address) -> out.printf("%-17s %s%n", name, address.toChecksumHex()));
    out.println();
    out.println("JSON-RPC:  " + node.rpcUrl());
    out.println("WebSocket: " + node.wsUrl());
    out.println("Storage:   " + storageRpc + " (zgs_* JSON-RPC, one node, every shard)");
    out.println("Indexer:   " + indexerRpc + " (for the storage SDKs and zg storage)");
    out.println("Miner:     " + (noMiner ? "off (--no-miner)" : "account " + MINER_ACCOUNT + " "
        + accounts.get(MINER_ACCOUNT).address().toChecksumHex() + " mines PoRA at " + minerCpu
        + "% of a core"));
    out.println("KV:        " + kvRpc + " (kv_* JSON-RPC over every stream)");
    out.println("Data:      " + dataDir.toAbsolutePath() + " (devnet.json describes this network)");
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

}
