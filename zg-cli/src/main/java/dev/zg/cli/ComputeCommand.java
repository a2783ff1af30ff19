package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.ChainClient;
import dev.zg.compute.token.AppSkToken;
import dev.zg.compute.token.PersonalSign;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.devnet.DevnetContracts;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zg compute}: zg's own client of the 0G Compute contracts and providers, over
 * JSON-RPC to any chain. Without {@code --rpc} and {@code --key} it uses a running {@code zg
 * devnet} (its devnet.json: the RPC URL, the contracts and dev account 1 as the user).
 */
@Command(name = "compute", mixinStandardHelpOptions = true,
    description = "0G Compute marketplace: providers, deposits, chat, fine-tuning.",
    subcommands = {ComputeCommand.Providers.class, ComputeCommand.Deposit.class,
        ComputeCommand.Refund.class, ComputeCommand.Transfer.class, ComputeCommand.Chat.class,
        ComputeCommand.Provider.class, ComputeGenerateCommand.class,
        ComputeFinetuneCommand.class})
final class ComputeCommand implements Runnable {
  static final BigInteger OG = BigInteger.TEN.pow(18);
  /** InferenceServing's MAX_PAGE for getAllServices. */
  static final int PAGE = 50;
  /** The service name LedgerManager knows InferenceServing by. */
  static final String INFERENCE = DevnetContracts.INFERENCE_SERVICE_NAME;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where and as whom: options shared by every subcommand. */
  static final class Target {
    @Option(names = "--rpc", paramLabel = "URL",
        description = "JSON-RPC URL (default: env ZG_RPC, else the running zg devnet's).")
    URI rpc;

    @Option(names = "--key", paramLabel = "HEX",
        description = "Private key (default: env ZG_PRIVATE_KEY, else zg devnet's account 1).")
    String key;

    @Option(names = "--devnet-dir", paramLabel = "DIR",
        description = "The zg devnet whose devnet.json gives defaults (default: ~/.zg/devnet).")
    Path devnetDir = Path.of(System.getProperty("user.home"), ".zg", "devnet");

    @Option(names = "--ledger-ca", paramLabel = "ADDR", description = "LedgerManager address.")
    String ledgerCa;

    @Option(names = "--inference-ca", paramLabel = "ADDR",
        description = "InferenceServing address.")
    String inferenceCa;

    @Option(names = "--fine-tuning-ca", paramLabel = "ADDR",
        description = "FineTuningServing address.")
    String fineTuningCa;

    private JsonNode devnet;

    private Optional<JsonNode> devnetJson() {
      if (devnet == null) {
        Path file = devnetDir.resolve("devnet.json");
        if (!Files.isRegularFile(file)) {
          return Optional.empty();
        }
        try {
          devnet = JSON.readTree(file.toFile());
        } catch (IOException e) {
          throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
      return Optional.of(devnet);
    }

    URI rpcUrl() {
      if (rpc != null) {
        return rpc;
      }
      String env = System.getenv("ZG_RPC");
      if (env != null && !env.isBlank()) {
        return URI.create(env.strip());
      }
      return devnetJson().map(j -> URI.create(j.get("rpc").asText())).orElseThrow(() ->
          new UserError("no chain: give --rpc URL, set ZG_RPC, or start zg devnet"));
    }

    BigInteger privateKey() {
      String text = key != null ? key : System.getenv("ZG_PRIVATE_KEY");
      if (text == null && rpc == null && devnetJson().isPresent()) {
        text = devnetJson().get().path("accounts").path(1).path("privateKey").asText(null);
      }
      return PrivateKeys.parse(text);
    }

    Address contract(String option, String optionName, String name) {
      if (option != null) {
        return address(option, optionName);
      }
      Optional<String> listed = devnetJson().filter(j -> rpc == null)
          .map(j -> j.path("contracts").path(name).asText(null));
      return listed.map(a -> address(a, "devnet.json " + name))
          .orElse(DevnetContracts.addresses().get(name));
    }

    Address ledger() {
      return contract(ledgerCa, "--ledger-ca", "ledgerManager");
    }

    Address inference() {
      return contract(inferenceCa, "--inference-ca", "inferenceServing");
    }

    Address fineTuning() {
      return contract(fineTuningCa, "--fine-tuning-ca", "fineTuningServing");
    }

    ChainClient reader() {
      return new ChainClient(rpcUrl(), null);
    }

    ChainClient signer() {
      return new ChainClient(rpcUrl(), privateKey());
    }
  }

  /**
   * What deposit, refund and transfer share: the target, the amount, and one transaction to the
   * LedgerManager from the signer, after which the ledger is printed.
   */
  static final class LedgerMove {
    @Mixin
    Target target;

    @Parameters(paramLabel = "AMOUNT", description = "0G to ${COMMAND-NAME}.")
    String amount;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /**
     * Parses the amount, then sends the LedgerManager the call {@code data} makes of the chain
     * and the amount (in neuron), with the amount as value when {@code payable}.
     */
    void run(BiFunction<ChainClient, BigInteger, byte[]> data, boolean payable) {
      BigInteger value = parseOg(amount, "AMOUNT");
      guarded(() -> {
        ChainClient chain = target.signer();
        chain.sendAndWait(target.ledger(), data.apply(chain, value),
            payable ? value : BigInteger.ZERO);
        printLedger(spec, chain, target);
      });
    }

    /** Refuses unless the signer's ledger has {@code value} available. */
    void available(ChainClient chain, BigInteger value, String hintWithoutLedger) {
      BigInteger[] l = ledgerOf(chain, target.ledger(), chain.from()).orElseThrow(() ->
          new UserError("no ledger for " + chain.from().toChecksumHex() + hintWithoutLedger));
      if (l[0].compareTo(value) < 0) {
        throw new UserError("the ledger's available balance is " + og(l[0]) + " 0G");
      }
    }
  }

  static Address address(String text, String what) {
    try {
      return Address.fromHex(text.strip());
    } catch (RuntimeException e) {
      throw new UserError(what + " is not an address: " + text, e);
    }
  }

  /** 0G (decimal, up to 18 places) to neuron; positive and below 10^9 0G. */
  static BigInteger parseOg(String text, String what) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new UserError(what + " must be a number of 0G, got " + text, e);
    }
    if (value.signum() <= 0 || value.scale() > 18 || value.compareTo(BigDecimal.valueOf(1e9)) > 0) {
      throw new UserError(what + " must be above 0, at most 10^9 0G and 18 decimals, got " + text);
    }
    return value.movePointRight(18).toBigIntegerExact();
  }

  static String og(BigInteger neuron) {
    return new BigDecimal(neuron).movePointLeft(18).stripTrailingZeros().toPlainString();
  }

  static ContractArtifact abi(String name) {
    return Artifacts.get(name);
  }

  /** Runs {@code body}, turning chain and HTTP failures into one-line user errors. */
  static void guarded(Runnable body) {
    try {
      body.run();
    } catch (ChainClient.RpcException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** getLedger(user): {@code [availableBalance, totalBalance]}, or empty without a ledger. */
  static Optional<BigInteger[]> ledgerOf(ChainClient chain, Address ledger, Address user) {
    var f = abi("LedgerManager").function("getLedger");
    try {
      List<?> l = (List<?>) f.decodeResult(chain.ethCall(ledger, f.encodeCall(user))).get(0);
      return Optional.of(new BigInteger[] {(BigInteger) l.get(1), (BigInteger) l.get(2)});
    } catch (ChainClient.RpcException e) {
      return Optional.empty(); // LedgerNotExists reverts
    }
  }

  // ------------------------------------------------------------------ providers

  @Command(name = "providers", mixinStandardHelpOptions = true,
      description = "List the inference and fine-tuning services registered on chain.")
  static final class Providers implements Runnable {
    @Mixin
    Target target;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      guarded(() -> {
        PrintWriter out = spec.commandLine().getOut();
        ChainClient chain = target.reader();
        var all = abi("InferenceServing").function("getAllServices");
        List<Object> services = new java.util.ArrayList<>();
        // Pages of the contract's maximum, 50, until the reported total.
        for (long total = 1; services.size() < total; ) {
          List<Object> r = all.decodeResult(chain.ethCall(target.inference(), all.encodeCall(
              BigInteger.valueOf(services.size()), BigInteger.valueOf(PAGE))));
          List<?> page = (List<?>) r.get(0);
          total = ((BigInteger) r.get(1)).longValueExact();
          if (page.isEmpty()) {
            break;
          }
          services.addAll(page);
        }
        out.println("Inference (" + services.size() + ")");
        for (Object o : services) {
          List<?> s = (List<?>) o;
          out.printf("  %s  %s  model %s  input %s / output %s neuron per token  %s  %s%n",
              s.get(0), s.get(2), s.get(6), s.get(3), s.get(4), s.get(7),
              Boolean.TRUE.equals(s.get(10)) ? "signer acknowledged" : "signer not acknowledged");
        }
        var ft = abi("FineTuningServing").function("getAllServices");
        List<?> tuning = (List<?>) ft.decodeResult(chain.ethCall(target.fineTuning(),
            ft.encodeCall())).get(0);
        out.println("Fine-tuning (" + tuning.size() + ")");
        for (Object o : tuning) {
          List<?> s = (List<?>) o;
          out.printf("  %s  %s  models %s  %s neuron per token%s%n", s.get(0), s.get(1),
              s.get(5), s.get(3), Boolean.TRUE.equals(s.get(4)) ? "  occupied" : "");
        }
        out.flush();
      });
    }
  }

  // ------------------------------------------------------------------ ledger

  @Command(name = "deposit", mixinStandardHelpOptions = true,
      description = "Deposit 0G into your ledger (creating it on first use, at least 3 0G).")
  static final class Deposit implements Runnable {
    @Mixin
    LedgerMove move;

    @Override
    public void run() {
      move.run((chain, value) -> {
        var lm = abi("LedgerManager");
        boolean exists = ledgerOf(chain, move.target.ledger(), chain.from()).isPresent();
        if (!exists && value.compareTo(OG.multiply(BigInteger.valueOf(3))) < 0) {
          throw new UserError("a new ledger needs at least 3 0G, got " + move.amount);
        }
        return exists ? lm.function("depositFund").encodeCall()
            : lm.function("addLedger").encodeCall("");
      }, true);
    }
  }

  @Command(name = "refund", mixinStandardHelpOptions = true,
      description = "Take 0G from your ledger's available balance back to your wallet.")
  static final class Refund implements Runnable {
    @Mixin
    LedgerMove move;

    @Override
    public void run() {
      move.run((chain, value) -> {
        move.available(chain, value, "");
        return abi("LedgerManager").function("refund").encodeCall(value);
      }, false);
    }
  }

  @Command(name = "transfer", mixinStandardHelpOptions = true,
      description = "Move 0G from your ledger into a provider's inference sub-account.")
  static final class Transfer implements Runnable {
    @Mixin
    LedgerMove move;

    @Option(names = "--provider", required = true, paramLabel = "ADDR")
    String provider;

    @Override
    public void run() {
      move.run((chain, value) -> {
        Address p = address(provider, "--provider");
        move.available(chain, value, "; create one with zg compute deposit 3");
        return abi("LedgerManager").function("transferFund").encodeCall(p, INFERENCE, value);
      }, false);
    }
  }

  static void printLedger(CommandSpec spec, ChainClient chain, Target target) {
    BigInteger[] l = ledgerOf(chain, target.ledger(), chain.from()).orElseThrow();
    spec.commandLine().getOut().println("ledger of " + chain.from().toChecksumHex()
        + ": available " + og(l[0]) + " 0G, total " + og(l[1]) + " 0G");
    spec.commandLine().getOut().flush();
  }

  // ------------------------------------------------------------------ chat

  @Command(name = "chat", mixinStandardHelpOptions = true,
      description = {"Send one chat prompt to a provider and print the verified answer.",
          "Acknowledges the provider's signer and funds the sub-account when needed."})
  static final class Chat implements Runnable {
    /** The broker keeps a reserve of 1 0G above a request's estimate. */
    static final BigInteger RESERVE = OG;
    static final int PROMPT_CHARS_MAX = 1 << 20;

    @Mixin
    Target target;

    @Option(names = "--provider", required = true, paramLabel = "ADDR")
    String provider;

    @Option(names = "--max-tokens", paramLabel = "N",
        description = "max_tokens of the request (default: ${DEFAULT-VALUE}).")
    int maxTokens = 256;

    @Option(names = "--fund", paramLabel = "0G",
        description = "Transfer this much when the sub-account runs low (default: 2).")
    String fund = "2";

    @Parameters(paramLabel = "PROMPT")
    String prompt;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      if (prompt.isBlank() || prompt.length() > PROMPT_CHARS_MAX) {
        throw new UserError("PROMPT must be 1.." + PROMPT_CHARS_MAX + " characters");
      }
      if (maxTokens < 1 || maxTokens > 1_000_000) {
        throw new UserError("--max-tokens must be 1..1000000");
      }
      BigInteger topUp = parseOg(fund, "--fund");
      Address p = address(provider, "--provider");
      guarded(() -> chat(p, topUp));
    }

    private void chat(Address p, BigInteger topUp) {
      BigInteger key = target.privateKey();
      ChainClient chain = target.signer();
      Address user = chain.from();
      Address serving = target.inference();
      ContractArtifact is = abi("InferenceServing");
      List<?> service;
      try {
        service = (List<?>) is.function("getService").decodeResult(chain.ethCall(serving,
            is.function("getService").encodeCall(p))).get(0);
      } catch (ChainClient.RpcException e) {
        throw new UserError("provider " + p.toChecksumHex() + " has no inference service", e);
      }
      String url = (String) service.get(2);
      BigInteger inputPrice = (BigInteger) service.get(3);
      BigInteger outputPrice = (BigInteger) service.get(4);
      String model = (String) service.get(6);
      Address signer = (Address) service.get(9);
      if (!Boolean.TRUE.equals(service.get(10))) {
        throw new UserError("the provider's signer is not acknowledged by the contract owner");
      }

      // The sub-account: opened and funded from the ledger, then the signer acknowledged.
      String body = requestBody(model);
      BigInteger estimate = inputPrice.multiply(BigInteger.valueOf(body.length()))
          .add(outputPrice.multiply(BigInteger.valueOf(maxTokens)));
      List<?> account = account(chain, serving, user, p);
      BigInteger balance = account == null ? BigInteger.ZERO
          : ((BigInteger) account.get(ACCOUNT_BALANCE))
              .subtract((BigInteger) account.get(ACCOUNT_PENDING_REFUND)).max(BigInteger.ZERO);
      BigInteger unsettled = account == null ? BigInteger.ZERO : unsettledFee(url, key, p, account);
      BigInteger needed = unsettled.add(estimate).add(RESERVE);
      if (balance.compareTo(needed) < 0) {
        BigInteger amount = topUp.max(needed.subtract(balance));
        BigInteger[] l = ledgerOf(chain, target.ledger(), user).orElseThrow(() ->
            new UserError("no ledger for " + user.toChecksumHex()
                + "; create one with zg compute deposit 3"));
        if (l[0].compareTo(amount) < 0) {
          throw new UserError("the ledger's available balance is " + og(l[0]) + " 0G; "
              + og(amount) + " 0G are needed for this provider (zg compute deposit)");
        }
        chain.sendAndWait(target.ledger(), abi("LedgerManager").function("transferFund")
            .encodeCall(p, INFERENCE, amount), BigInteger.ZERO);
        account = account(chain, serving, user, p);
      }
      if (!Boolean.TRUE.equals(account.get(ACCOUNT_ACKNOWLEDGED))) {
        chain.sendAndWait(serving, is.function("acknowledgeTEESigner").encodeCall(p, true),
            BigInteger.ZERO);
        account = account(chain, serving, user, p);
      }

      // The request, with an ephemeral app-sk token minted as the SDK does.
      String token = token(key, p, account);
      HttpResponse<String> reply = http(HttpRequest.newBuilder(
              URI.create(url + "/v1/proxy/chat/completions"))
          .header("Content-Type", "application/json").header("Authorization", token)
          .POST(HttpRequest.BodyPublishers.ofString(body)));
      JsonNode json = parse(reply.body(), "the provider's reply");
      if (reply.statusCode() / 100 != 2) {
        throw new UserError("provider: HTTP " + reply.statusCode() + ": "
            + json.path("error").path("message").asText(reply.body()));
      }
      String chatId = reply.headers().firstValue("ZG-Res-Key")
          .orElseThrow(() -> new UserError("the provider sent no ZG-Res-Key header"));
      String answer = json.path("choices").path(0).path("message").path("content").asText();

      // The signature over the exchange, by the signer acknowledged on chain.
      HttpResponse<String> sig = http(HttpRequest.newBuilder(URI.create(url
          + "/v1/proxy/signature/" + URLEncoder.encode(chatId, StandardCharsets.UTF_8)
          + "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8))).GET());
      JsonNode s = parse(sig.body(), "the signature reply");
      if (sig.statusCode() / 100 != 2 || !s.path("text").isTextual()) {
        throw new UserError("provider: no signature for " + chatId + " (HTTP "
            + sig.statusCode() + ")");
      }
      Address recovered = PersonalSign.recover(
          s.get("text").asText().getBytes(StandardCharsets.UTF_8),
          Hex.decode(s.path("signature").asText()));
      if (!recovered.equals(signer)) {
        throw new UserError("the reply's signature is by " + recovered.toChecksumHex()
            + ", not the provider's signer " + signer.toChecksumHex());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(answer);
      JsonNode usage = json.path("usage");
      spec.commandLine().getErr().printf("(chat %s, %d+%d tokens, signature verified: %s)%n",
          chatId, usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
          signer.toChecksumHex());
      out.flush();
    }

    private String requestBody(String model) {
      ObjectNode body = JSON.createObjectNode();
      body.put("model", model).put("max_tokens", maxTokens);
      body.putArray("messages").addObject().put("role", "user").put("content", prompt);
      return body.toString();
    }

    /** getAccount(user, provider) fields, or null when it does not exist. */
    private static List<?> account(ChainClient chain, Address serving, Address user,
        Address provider) {
      var f = abi("InferenceServing").function("getAccount");
      try {
        return (List<?>) f.decodeResult(chain.ethCall(serving, f.encodeCall(user, provider)))
            .get(0);
      } catch (ChainClient.RpcException e) {
        return null;
      }
    }

    private static String token(BigInteger key, Address provider, List<?> account) {
      long now = System.currentTimeMillis();
      byte[] nonce = new byte[16];
      new SecureRandom().nextBytes(nonce);
      long generation = ((BigInteger) account.get(ACCOUNT_GENERATION)).longValueExact();
      return AppSkToken.mint(key, provider.toChecksumHex(), now, now + 3_600_000L,
          HexFormat.of().formatHex(nonce), generation, AppSkToken.EPHEMERAL_TOKEN_ID);
    }

    private BigInteger unsettledFee(String url, BigInteger key, Address provider,
        List<?> account) {
      if (!Boolean.TRUE.equals(account.get(ACCOUNT_ACKNOWLEDGED))) {
        return BigInteger.ZERO;
      }
      Address user = Address.fromPublicKey(Secp256k1.publicKey(key));
      HttpResponse<String> r = http(HttpRequest.newBuilder(URI.create(url + "/v1/user/"
          + user.toChecksumHex() + "/unsettledfee")).header("Authorization",
          token(key, provider, account)).GET());
      JsonNode fee = parse(r.body(), "the unsettled fee");
      if (r.statusCode() / 100 != 2 || !fee.path("unsettledFee").isTextual()) {
        return BigInteger.ZERO;
      }
      return new BigInteger(fee.get("unsettledFee").asText());
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) {
      try {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
            .send(request.timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UserError("provider not reachable: "
            + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted", e);
      }
    }

    private static JsonNode parse(String text, String what) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new UserError(what + " is not JSON: "
            + text.substring(0, Math.min(200, text.length())), e);
      }
    }
  }

  // InferenceServing's Account struct: user, provider, nonce, balance, pendingRefund, refunds,
  // additionalInfo, acknowledged, validRefundsLength, generation, revokedBitmap.
  static final int ACCOUNT_BALANCE = 3;
  static final int ACCOUNT_PENDING_REFUND = 4;
  static final int ACCOUNT_ACKNOWLEDGED = 7;
  static final int ACCOUNT_GENERATION = 9;

  // ------------------------------------------------------------------ provider

  @Command(name = "provider", mixinStandardHelpOptions = true,
      description = "Run an inference provider: register its service, serve it.",
      subcommands = {ComputeProviderCommands.Register.class, ComputeProviderCommands.Serve.class})
  static final class Provider implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }
}
