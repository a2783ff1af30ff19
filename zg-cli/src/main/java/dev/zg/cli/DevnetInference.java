package dev.zg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.model.LocalModelConfig;
import dev.zg.compute.model.LocalModelServer;
import dev.zg.node.ChainNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The devnet's inference provider: the built-in model (or {@code --compute-backend}) behind
 * zg's provider broker ({@link ComputeProvider}), registered on InferenceServing by devnet
 * account {@link #PROVIDER_ACCOUNT} (100 0G stake) with account {@link #SIGNER_ACCOUNT} as
 * its signer, which the contract owner (account 0) acknowledges, so the SDK can use it at
 * once. Fees are settled on chain every {@code --compute-settle-seconds} (default 30) and
 * when the devnet stops.
 */
final class DevnetInference implements AutoCloseable {
  static final int PROVIDER_ACCOUNT = 14;
  static final int SIGNER_ACCOUNT = 15;
  static final int PORT_DEFAULT = 3000;
  static final long SETTLE_SECONDS_DEFAULT = 30;
  /** Per token, in neuron: 1 gwei in, 2 gwei out. */
  static final BigInteger INPUT_PRICE = BigInteger.valueOf(1_000_000_000L);
  static final BigInteger OUTPUT_PRICE = BigInteger.valueOf(2_000_000_000L);

  private final Vertx modelVertx;
  private final LocalModelServer model;
  private final ComputeProvider provider;
  private final Address signer;
  private final long settleSeconds;

  private DevnetInference(Vertx modelVertx, LocalModelServer model, ComputeProvider provider,
      Address signer, long settleSeconds) {
    this.modelVertx = modelVertx;
    this.model = model;
    this.provider = provider;
    this.signer = signer;
    this.settleSeconds = settleSeconds;
  }

  /**
   * Starts the provider; {@code backend} null serves the built-in model, else that
   * OpenAI-compatible URL under {@code backendModel} (null: the backend's first model).
   */
  static DevnetInference start(ChainNode node, Map<String, Address> contracts,
      List<Secp256k1.KeyPair> accounts, String host, int port, Path dataDir, URI backend,
      String backendModel, long settleSeconds) {
    Secp256k1.KeyPair providerKey = accounts.get(PROVIDER_ACCOUNT);
    Secp256k1.KeyPair signerKey = accounts.get(SIGNER_ACCOUNT);
    Vertx modelVertx = null;
    LocalModelServer model = null;
    try {
      URI backendUrl = backend;
      String modelName = backendModel;
      if (backendUrl == null) {
        modelVertx = Vertx.vertx();
        model = LocalModelServer.start(modelVertx,
            LocalModelConfig.builtIn(dataDir.resolve("models")));
        backendUrl = model.baseUrl();
        modelName = model.models().getFirst();
      }
      String publicHost = host.equals("0.0.0.0") ? "127.0.0.1"
          : host.contains(":") ? "[" + host + "]" : host;
      ComputeProvider provider = ComputeProvider.start(new ComputeProvider.Config(
          URI.create(node.rpcUrl()), contracts.get("inferenceServing"), providerKey.privateKey(),
          signerKey.privateKey(), backendUrl, modelName, host, port, publicHost, INPUT_PRICE,
          OUTPUT_PRICE, Duration.ofSeconds(settleSeconds), dataDir),
          Optional.of(accounts.get(0).privateKey()));
      return new DevnetInference(modelVertx, model, provider, signerKey.address(),
          settleSeconds);
    } catch (IOException | RuntimeException e) {
      if (model != null) {
        model.close();
      }
      if (modelVertx != null) {
        modelVertx.close();
      }
      if (e instanceof UserError u) {
        throw u;
      }
      if (NodeRunner.isBindFailure(e)) {
        throw new UserError("port " + port + " on " + host + " is in use; choose another with"
            + " --compute-port", e);
      }
      throw new UserError("inference provider: " + e.getMessage(), e);
    }
  }

  String describe() {
    return provider.url() + " (provider " + provider.provider().toChecksumHex() + ", model "
        + provider.model() + ")";
  }

  void describe(ObjectNode out) {
    out.put("address", provider.provider().toChecksumHex());
    out.put("url", provider.url());
    out.put("signer", signer.toChecksumHex());
    out.put("model", provider.model());
    out.put("inputPrice", INPUT_PRICE.toString());
    out.put("outputPrice", OUTPUT_PRICE.toString());
    out.put("settleSeconds", settleSeconds);
  }

  @Override
  public void close() {
    try {
      provider.settleOnce(); // what is metered is settled before the chain stops
    } catch (RuntimeException e) {
      // logged by the settler; the fee ledger keeps the requests for the next start
    }
    provider.close();
    if (model != null) {
      model.close();
    }
    if (modelVertx != null) {
      modelVertx.close();
    }
  }
}
