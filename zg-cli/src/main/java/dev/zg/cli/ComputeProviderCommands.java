package dev.zg.cli;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.JsonRpcServingChain;
import dev.zg.compute.chain.ServiceParams;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zg compute provider register|serve}. */
final class ComputeProviderCommands {
  private ComputeProviderCommands() {}

  /** Options both subcommands share: what the service charges and who signs. */
  static final class ServiceOptions {
    @Option(names = "--input-price", paramLabel = "NEURON",
        description = "Price per input token in neuron (default: ${DEFAULT-VALUE}).")
    BigInteger inputPrice = BigInteger.valueOf(1_000_000_000L);

    @Option(names = "--output-price", paramLabel = "NEURON",
        description = "Price per output token in neuron (default: ${DEFAULT-VALUE}).")
    BigInteger outputPrice = BigInteger.valueOf(2_000_000_000L);

    @Option(names = "--signer-key", paramLabel = "HEX",
        description = "Key that signs replies and settlements (default: the provider key).")
    String signerKey;

    BigInteger signer(BigInteger providerKey) {
      if (signerKey == null) {
        return providerKey;
      }
      BigInteger k;
      try {
        k = new BigInteger(1, Hex.decode(signerKey.strip()));
      } catch (RuntimeException e) {
        throw new UserError("--signer-key is not hex", e);
      }
      if (k.signum() == 0 || k.compareTo(Secp256k1.N) >= 0) {
        throw new UserError("--signer-key must be in 1..n-1");
      }
      return k;
    }

    void check() {
      BigInteger max = BigInteger.TEN.pow(30);
      if (inputPrice.signum() < 0 || outputPrice.signum() < 0
          || inputPrice.compareTo(max) > 0 || outputPrice.compareTo(max) > 0) {
        throw new UserError("prices must be 0..10^30 neuron per token");
      }
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register or update your inference service on chain (first time: 100 0G stake).")
  static final class Register implements Runnable {
    @Mixin
    ComputeCommand.Target target;

    @Mixin
    ServiceOptions service;

    @Option(names = "--url", required = true, paramLabel = "URL",
        description = "Where users reach your broker.")
    URI url;

    @Option(names = "--model", required = true, paramLabel = "NAME")
    String model;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      service.check();
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new UserError("--url must be http(s), got " + url);
      }
      if (model.isBlank() || model.length() > 256) {
        throw new UserError("--model must be 1..256 characters");
      }
      BigInteger key = target.privateKey();
      ComputeCommand.guarded(() -> {
        try {
          JsonRpcServingChain chain =
              new JsonRpcServingChain(target.rpcUrl(), target.inference(), key);
          Address provider = Address.fromPublicKey(Secp256k1.publicKey(key));
          Address signer = Address.fromPublicKey(Secp256k1.publicKey(service.signer(key)));
          boolean first = chain.service(provider).isEmpty();
          chain.registerService(new ServiceParams("chatbot", url.toString().replaceAll("/+$", ""),
              model, "TeeML", service.inputPrice, service.outputPrice, "{}", signer),
              first ? ComputeProvider.STAKE : BigInteger.ZERO);
          spec.commandLine().getOut().println((first ? "registered " : "updated ") + provider
              .toChecksumHex() + " at " + url + " (signer " + signer.toChecksumHex()
              + "; the contract owner must acknowledge it)");
        } catch (IllegalStateException e) {
          throw new UserError("register: " + e.getMessage(), e);
        }
      });
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Run the provider broker in front of an OpenAI-compatible backend, keep",
          "the service registered at its URL, and settle fees on chain periodically."})
  static final class Serve implements Runnable {
    @Mixin
    ComputeCommand.Target target;

    @Mixin
    ServiceOptions service;

    @Option(names = "--backend", required = true, paramLabel = "URL",
        description = "OpenAI-compatible backend, ending in /v1.")
    URI backend;

    @Option(names = "--model", paramLabel = "NAME",
        description = "Model name (default: the backend's first model).")
    String model;

    @Option(names = "--host", paramLabel = "HOST", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port = 3080;

    @Option(names = "--public-host", paramLabel = "HOST",
        description = "Host name registered in the service URL (default: --host).")
    String publicHost;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Unsettled fees (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".zg", "compute-provider");

    @Option(names = "--settle-interval", paramLabel = "S",
        description = "Seconds between settlement rounds (default: ${DEFAULT-VALUE}).")
    long settleSeconds = 300;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      service.check();
      if (port < 0 || port > 65_535) {
        throw new UserError("--port must be 0..65535");
      }
      if (settleSeconds < 1 || settleSeconds > 86_400) {
        throw new UserError("--settle-interval must be 1..86400 seconds");
      }
      BigInteger key = target.privateKey();
      String h = publicHost != null ? publicHost : host.equals("0.0.0.0") ? "127.0.0.1" : host;
      Folders.create(dataDir);
      ComputeProvider provider;
      try {
        provider = ComputeProvider.start(new ComputeProvider.Config(target.rpcUrl(),
            target.inference(), key, service.signer(key), backend, model, host, port,
            h.contains(":") ? "[" + h + "]" : h, service.inputPrice, service.outputPrice,
            Duration.ofSeconds(settleSeconds), dataDir), Optional.empty());
      } catch (UserError e) {
        throw e;
      } catch (RuntimeException e) {
        if (NodeRunner.isBindFailure(e)) {
          throw new UserError("port " + port + " on " + host + " is in use; choose --port", e);
        }
        throw new UserError("provider: " + e.getMessage(), e);
      }
      spec.commandLine().getOut().println("zg compute provider: " + provider.url() + " serving "
          + provider.model() + " as " + provider.provider().toChecksumHex() + "; settling every "
          + settleSeconds + " s. Ctrl-C to stop.");
      spec.commandLine().getOut().flush();
      NodeRunner.runUntilStopped(List.of(provider), spec.commandLine().getErr());
    }
  }
}
