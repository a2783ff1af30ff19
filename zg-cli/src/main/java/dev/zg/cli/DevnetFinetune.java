package dev.zg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.JsonRpcFineTuningChain;
import dev.zg.compute.finetune.BuiltInTrainer;
import dev.zg.compute.finetune.CommandTrainer;
import dev.zg.compute.finetune.Trainer;
import dev.zg.compute.finetune.ZgModelStorage;
import dev.zg.node.ChainNode;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The devnet's fine-tuning provider: devnet account {@link #PROVIDER_ACCOUNT} registers it on
 * FineTuningServing (100 0G stake), its signer is account {@link #SIGNER_ACCOUNT}, and the
 * contract owner (account 0, the devnet deployer) acknowledges that signer, so the SDK can use
 * it at once. Encrypted models go to the devnet's storage node.
 */
final class DevnetFinetune implements AutoCloseable {
  static final int PROVIDER_ACCOUNT = 5;
  static final int SIGNER_ACCOUNT = 6;
  static final int PORT_DEFAULT = 3100;
  static final BigInteger PRICE_PER_TOKEN = BigInteger.valueOf(1_000_000_000L);

  private final FinetuneServer server;
  private final Address provider;
  private final Address signer;
  private final Trainer trainer;

  private DevnetFinetune(FinetuneServer server, Address provider, Address signer,
      Trainer trainer) {
    this.server = server;
    this.provider = provider;
    this.signer = signer;
    this.trainer = trainer;
  }

  static DevnetFinetune start(ChainNode node, Map<String, Address> contracts,
      List<Secp256k1.KeyPair> accounts, String storageRpc, String host, int port, Path dataDir,
      String trainerCommand) {
    Secp256k1.KeyPair provider = accounts.get(PROVIDER_ACCOUNT);
    Secp256k1.KeyPair signer = accounts.get(SIGNER_ACCOUNT);
    Address contract = contracts.get("fineTuningServing");
    Trainer trainer;
    try {
      trainer = trainerCommand == null ? new BuiltInTrainer(dataDir.resolve("models"))
          : new CommandTrainer("zg-custom", List.of("sh", "-c", trainerCommand + " \"$@\"",
              "zg-trainer"), Duration.ofHours(6));
    } catch (java.io.IOException e) {
      throw new UserError("fine-tuning provider: the built-in model: " + e.getMessage(), e);
    }
    ZgModelStorage storage = new ZgModelStorage(node.rpcUrl(), contracts.get("flow"), provider,
        null, List.of(storageRpc));
    FinetuneServer server;
    try {
      server = FinetuneServer.start(node.rpcUrl(), contract, storage, provider,
          signer.privateKey(), trainer, dataDir, host, port, null, PRICE_PER_TOKEN);
    } catch (RuntimeException e) {
      if (NodeRunner.isBindFailure(e)) {
        throw new UserError("port " + port + " on " + host + " is in use; choose another with"
            + " --finetune-port", e);
      }
      throw new UserError("fine-tuning provider: " + e.getMessage(), e);
    }
    try {
      JsonRpcFineTuningChain owner = new JsonRpcFineTuningChain(URI.create(node.rpcUrl()),
          contract, accounts.get(0).privateKey());
      if (!owner.service(provider.address()).orElseThrow().teeSignerAcknowledged()) {
        owner.acknowledgeSignerAsOwner(provider.address());
      }
    } catch (RuntimeException e) {
      server.close();
      throw new UserError("fine-tuning provider: the owner's signer acknowledgement failed: "
          + e.getMessage(), e);
    }
    return new DevnetFinetune(server, provider.address(), signer.address(), trainer);
  }

  String describe() {
    return server.url() + " (provider " + provider.toChecksumHex() + ", model "
        + trainer.modelName() + ")";
  }

  void describe(ObjectNode out) {
    out.put("address", provider.toChecksumHex());
    out.put("url", server.url());
    out.put("signer", signer.toChecksumHex());
    out.put("model", trainer.modelName());
    out.put("modelHash", trainer.modelHash());
    out.put("pricePerToken", PRICE_PER_TOKEN.toString());
  }

  @Override
  public void close() {
    server.close();
  }
}
