package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.JsonRpcFineTuningChain;
import dev.zg.compute.finetune.BuiltInTrainer;
import dev.zg.compute.finetune.CommandTrainer;
import dev.zg.compute.finetune.FineTuningClient;
import dev.zg.compute.finetune.Trainer;
import dev.zg.compute.finetune.ZgModelStorage;
import dev.zg.storage.client.StorageClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zg compute finetune}: the fine-tuning provider ({@code serve}) and the user's side
 * (create a task on a dataset in 0G Storage, follow it, download, acknowledge and decrypt the
 * model). Without flags everything comes from the devnet's {@code devnet.json}.
 */
@Command(name = "finetune", mixinStandardHelpOptions = true,
    description = "0G fine-tuning: run a provider, create tasks, fetch and decrypt models.",
    subcommands = {
      ComputeFinetuneCommand.Serve.class,
      ComputeFinetuneCommand.CreateTask.class,
      ComputeFinetuneCommand.Tasks.class,
      ComputeFinetuneCommand.Task.class,
      ComputeFinetuneCommand.Cancel.class,
      ComputeFinetuneCommand.Download.class,
    })
final class ComputeFinetuneCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every subcommand shares: where the chain, storage and contract are; whose key. */
  static final class Target {
    @Mixin
    StorageTarget storage = new StorageTarget();

    @Option(names = "--fine-tuning-ca", paramLabel = "ADDRESS",
        description = "The FineTuningServing contract (default: the devnet's).")
    String contract;

    @Option(names = "--key", paramLabel = "HEX", description = "The account's private key.")
    String key;

    @Option(names = "--account", paramLabel = "N", description = "Use devnet account N.")
    Integer account;

    Address contract() {
      String text = contract;
      if (text == null) {
        JsonNode d = storage.descriptor();
        text = d == null ? "" : d.at("/contracts/fineTuningServing").asText("");
        if (text.isEmpty()) {
          throw new UserError("give --fine-tuning-ca ADDRESS (no zg devnet found)");
        }
      }
      try {
        return Address.fromHex(text);
      } catch (IllegalArgumentException e) {
        throw new UserError("--fine-tuning-ca: not an address: " + text);
      }
    }

    Secp256k1.KeyPair keys(int defaultAccount) {
      return storage.key(key, key == null && account == null ? Integer.valueOf(defaultAccount)
          : account);
    }

    JsonRpcFineTuningChain chain(Secp256k1.KeyPair keys) {
      try {
        return new JsonRpcFineTuningChain(URI.create(storage.chainRpc()), contract(),
            keys.privateKey());
      } catch (RuntimeException e) {
        throw new UserError("cannot reach the chain at " + storage.chainRpc() + ": "
            + e.getMessage(), e);
      }
    }

    FineTuningClient client(int defaultAccount) {
      Secp256k1.KeyPair keys = keys(defaultAccount);
      return new FineTuningClient(chain(keys), keys);
    }
  }

  /** The target and the provider of a user's subcommand. */
  static final class AtProvider {
    @Mixin
    Target target = new Target();

    @Option(names = "--provider", paramLabel = "ADDRESS", required = true)
    String provider;

    Address provider() {
      return address(provider, "--provider");
    }
  }

  static Address address(String text, String flag) {
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new UserError(flag + ": not an address: " + text);
    }
  }

  /** The user's default devnet account: #3, so it does not collide with the providers. */
  static final int USER_ACCOUNT = 3;

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Run a fine-tuning provider: the task routes the official SDK calls,",
        "training, encrypted delivery through 0G Storage, settlement on chain. Registers the",
        "service (100 0G stake the first time) with its URL. Ctrl-C stops it."})
  static final class Serve implements Runnable {
    @Mixin
    Target target = new Target();

    @Option(names = "--host", paramLabel = "HOST", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "Port (default: ${DEFAULT-VALUE}).")
    int port = 3100;

    @Option(names = "--url", paramLabel = "URL",
        description = "The URL registered on chain (default: http://HOST:PORT).")
    String url;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Tasks, datasets and models"
        + " (default: ~/.zg/finetune).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".zg", "finetune");

    @Option(names = "--signer-key", paramLabel = "HEX",
        description = "The signer key (teeSignerAddress); default: the provider key.")
    String signerKey;

    @Option(names = "--price-per-token", paramLabel = "WEI",
        description = "Fee per dataset token (default: ${DEFAULT-VALUE}).")
    BigInteger pricePerToken = BigInteger.valueOf(1_000_000_000L);

    @Option(names = "--trainer", paramLabel = "COMMAND",
        description = {"An external training command, run as COMMAND DATASET PARAMS_JSON",
          "OUTPUT (lines 'progress: N' are reported); default: zg's built-in model."})
    String trainerCommand;

    @Option(names = "--model-name", paramLabel = "NAME",
        description = "The model name an external trainer serves (default: ${DEFAULT-VALUE}).")
    String modelName = "zg-custom";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      if (port < 0 || port > 65_535) {
        throw new UserError("--port must be 0..65535");
      }
      Secp256k1.KeyPair keys = target.keys(1);
      BigInteger signer = signerKey == null ? keys.privateKey()
          : target.storage.key(signerKey, null).privateKey();
      Trainer trainer;
      try {
        trainer = trainerCommand == null ? new BuiltInTrainer(dataDir.resolve("models"))
            : new CommandTrainer(modelName, List.of("sh", "-c", trainerCommand + " \"$@\"",
                "zg-trainer"), Duration.ofHours(6));
      } catch (java.io.IOException e) {
        throw new UserError("the built-in model: " + e.getMessage(), e);
      }
      ZgModelStorage storage = new ZgModelStorage(target.storage.chainRpc(),
          target.storage.flowAddress(), keys,
          target.storage.nodes.isEmpty() ? target.storage.indexerUrl() : null,
          target.storage.nodes);
      FinetuneServer server;
      try {
        server = FinetuneServer.start(target.storage.chainRpc(), target.contract(), storage,
            keys, signer, trainer, dataDir, host, port, url, pricePerToken);
      } catch (RuntimeException e) {
        throw new UserError("fine-tuning provider: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("fine-tuning provider " + keys.address().toChecksumHex() + " at "
          + server.url());
      out.println("model " + trainer.modelName() + " " + trainer.modelHash());
      out.println("The contract owner must acknowledge its signer "
          + Address.fromPublicKey(Secp256k1.publicKey(signer)).toChecksumHex()
          + " (acknowledgeTEESignerByOwner) before users can use it.");
      out.flush();
      NodeRunner.runUntilStopped(List.of(server), spec.commandLine().getErr());
    }
  }

  @Command(name = "create-task", mixinStandardHelpOptions = true,
      description = {"Create a fine-tuning task on a dataset in 0G Storage (--dataset ROOT),",
        "or upload --dataset-path FILE there first. Prints the task id."})
  static final class CreateTask implements Runnable {
    @Mixin
    AtProvider at = new AtProvider();

    @Option(names = "--dataset", paramLabel = "ROOT", description = "A 0G Storage root.")
    String dataset;

    @Option(names = "--dataset-path", paramLabel = "FILE", description = "Upload this file.")
    Path datasetPath;

    @Option(names = "--config-path", paramLabel = "FILE", required = true,
        description = "The training parameters (JSON).")
    Path config;

    @Option(names = "--model", paramLabel = "NAME",
        description = "The provider's model (default: its first).")
    String model;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      if ((dataset == null) == (datasetPath == null)) {
        throw new UserError("give --dataset ROOT or --dataset-path FILE");
      }
      Address p = at.provider();
      Secp256k1.KeyPair keys = at.target.keys(USER_ACCOUNT);
      FineTuningClient client = new FineTuningClient(at.target.chain(keys), keys);
      try {
        String params = Files.readString(config);
        String root = dataset;
        if (root == null) {
          root = new StorageClient().upload(datasetPath, at.target.storage.submitter(keys),
              at.target.storage.storageNodes(), 1, b -> {}).root().toHex();
          spec.commandLine().getErr().println("dataset uploaded: " + root);
        }
        String modelHash = null;
        for (JsonNode m : client.models(p)) {
          if (model == null || m.path("name").asText().equals(model)) {
            modelHash = m.path("hash").asText();
            break;
          }
        }
        if (modelHash == null) {
          throw new UserError("the provider has no model " + model);
        }
        spec.commandLine().getOut().println(client.createTask(p, modelHash, root, params));
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
  }

  @Command(name = "tasks", mixinStandardHelpOptions = true,
      description = "List your tasks with a provider, newest first.")
  static final class Tasks implements Runnable {
    @Mixin
    AtProvider at = new AtProvider();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      try {
        PrintWriter out = spec.commandLine().getOut();
        for (JsonNode t : at.target.client(USER_ACCOUNT).tasks(at.provider())) {
          out.printf("%s  %s  %-16s fee %s%n", t.path("id").asText(),
              t.path("createdAt").asText(), t.path("progress").asText(), t.path("fee").asText());
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
  }

  @Command(name = "task", mixinStandardHelpOptions = true,
      description = "Show a task (default: your newest) and its log.")
  static final class Task implements Runnable {
    @Mixin
    AtProvider at = new AtProvider();

    @Option(names = "--task", paramLabel = "ID")
    String task;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      try {
        Address p = at.provider();
        FineTuningClient client = at.target.client(USER_ACCOUNT);
        String id = task;
        if (id == null) {
          List<JsonNode> all = client.tasks(p);
          if (all.isEmpty()) {
            throw new UserError("you have no task with " + at.provider);
          }
          id = all.get(0).path("id").asText();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(client.task(p, id).toPrettyString());
        out.println(client.log(p, id));
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a queued task.")
  static final class Cancel implements Runnable {
    @Mixin
    AtProvider at = new AtProvider();

    @Option(names = "--task", paramLabel = "ID", required = true)
    String task;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      try {
        spec.commandLine().getOut().println(at.target.client(USER_ACCOUNT)
            .cancel(at.provider(), task));
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
  }

  @Command(name = "download", mixinStandardHelpOptions = true,
      description = {"Download a delivered model, acknowledge it on chain, wait for the",
        "provider's settlement (which puts the sealed key on chain) and decrypt it to OUTPUT."})
  static final class Download implements Runnable {
    @Mixin
    AtProvider at = new AtProvider();

    @Option(names = "--task", paramLabel = "ID", required = true)
    String task;

    @Option(names = "--output", paramLabel = "FILE", required = true)
    Path output;

    @Option(names = "--wait", paramLabel = "S",
        description = "Seconds to wait for the settlement (default: ${DEFAULT-VALUE}).")
    int waitSeconds = 300;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Address p = at.provider();
      Secp256k1.KeyPair keys = at.target.keys(USER_ACCOUNT);
      JsonRpcFineTuningChain chain = at.target.chain(keys);
      FineTuningClient client = new FineTuningClient(chain, keys);
      PrintWriter err = spec.commandLine().getErr();
      Path encrypted = output.resolveSibling(output.getFileName() + ".encrypted");
      try {
        client.downloadEncrypted(p, task, encrypted);
        var deliverable = chain.deliverable(keys.address(), p, task).orElseThrow(() ->
            new UserError("no deliverable " + task + " on chain"));
        String root = dev.zg.storage.merkle.FileHasher.usingAllCores().root(encrypted).toHex();
        if (!root.equalsIgnoreCase(Hex.prefixed(deliverable.modelRootHash()))) {
          throw new UserError("the downloaded model's root " + root + " is not the one on "
              + "chain " + Hex.prefixed(deliverable.modelRootHash()));
        }
        if (!deliverable.acknowledged()) {
          chain.acknowledgeDeliverable(p, task);
          err.println("acknowledged the deliverable on chain");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        while (chain.deliverable(keys.address(), p, task).orElseThrow().encryptedSecret()
            .length == 0) {
          if (System.nanoTime() > deadline) {
            throw new UserError("the provider did not settle within " + waitSeconds + " s; "
                + "run this again later (the encrypted model is in " + encrypted + ")");
          }
          Thread.sleep(1000);
        }
        client.decrypt(p, task, encrypted, output);
        Files.delete(encrypted);
        spec.commandLine().getOut().println(output);
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted");
      }
    }
  }
}
