package dev.zg.compute.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.compute.ComputeException;
import dev.zg.compute.NoTeeQuote;
import dev.zg.compute.RequestHandling;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.chain.ServingChain;
import dev.zg.compute.chain.ServingService;
import dev.zg.compute.token.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of 0G Compute inference: an HTTP server that checks the SDK's app-sk
 * tokens, checks the user's on-chain balance, forwards OpenAI-compatible requests to a backend,
 * meters the tokens the backend reports in {@code usage}, records each fee durably in the
 * {@link FeeLedger} before the reply is released, and signs every exchange for the SDK's
 * signature check.
 *
 * <p>Request life cycle for a metered route: read the body (bounded; 413 beyond the limit),
 * verify the token and balance on a worker thread (chain reads block), forward, meter, charge,
 * sign, reply. Anything refused before the backend answers is never charged; a backend error
 * (non-2xx) is passed through and never charged either.
 *
 * <p>Routes: {@code POST /v1/proxy/chat/completions} (streaming or not),
 * {@code POST /v1/proxy/embeddings}, {@code GET /v1/proxy/models},
 * {@code GET /v1/proxy/signature/{chatID}}, {@code GET /v1/proxy/attestation/report},
 * {@code GET /v1/user/{addr}/unsettledfee}, {@code GET /v1/quote}, {@code GET /v1/models}.
 */
public final class ProviderBroker implements AutoCloseable {
  public static final String RES_KEY_HEADER = "ZG-Res-Key";
  private static final Logger LOG = LoggerFactory.getLogger(ProviderBroker.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY = "/v1/proxy/";
  /** A backend silent for this long (no header, no chunk) fails the request with 502. */
  static final long BACKEND_IDLE_MILLIS = 300_000;

  private final Vertx vertx;
  private final RequestHandling requests;
  private final BrokerConfig config;
  private final ChainCache chain;
  private final FeeLedger ledger;
  private final TokenVerifier verifier;
  private final ResponseSignatures signatures;
  private final Address signer;
  private final SecureRandom random = new SecureRandom();
  private final String backendBase;
  private HttpServer server;
  private HttpClient client;

  public ProviderBroker(Vertx vertx, BrokerConfig config, ServingChain servingChain,
      FeeLedger ledger, Clock clock) {
    this.vertx = vertx;
    this.requests = new RequestHandling(vertx, "broker", ProviderBroker::fail,
        max -> "request bodies are limited to " + max + " bytes; nothing was charged");
    this.config = config;
    this.chain = new ChainCache(servingChain, clock, config.chainCacheMillis());
    this.ledger = ledger;
    this.verifier = new TokenVerifier(config.provider(), clock, chain::account);
    this.signatures = new ResponseSignatures(config.signerKey(), clock);
    this.signer = config.signerAddress();
    String base = config.backendUrl().toString();
    this.backendBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** Binds the port and starts serving; returns the bound port. */
  public int start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setConnectTimeout(10_000).setIdleTimeout(120).setTryUseCompression(false),
        new PoolOptions().setHttp1MaxSize(128));
    server = vertx.createHttpServer(new HttpServerOptions().setMaxHeaderSize(16 * 1024)
        .setIdleTimeout(300));
    try {
      server.requestHandler(this::handle).listen(config.port(), config.host())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
          + ": " + e.getMessage(), e);
    }
    LOG.info("compute broker for {} on {}:{} -> {}", config.provider().toChecksumHex(),
        config.host(), server.actualPort(), backendBase);
    return server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  public ResponseSignatures signatures() {
    return signatures;
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      if (client != null) {
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("broker close: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------- routing

  private void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    response.putHeader("Access-Control-Allow-Origin", "*");
    response.putHeader("Access-Control-Expose-Headers", RES_KEY_HEADER);
    try {
      route(request);
    } catch (RuntimeException e) {
      requests.failed(request, e);
    }
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    HttpMethod method = request.method();
    if (method == HttpMethod.OPTIONS) {
      request.response().putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
          .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
          .setStatusCode(204).end();
      return;
    }
    if (method == HttpMethod.POST && path.equals(PROXY + "chat/completions")) {
      readBody(request, body -> metered(request, body, "/chat/completions", true));
    } else if (method == HttpMethod.POST && path.equals(PROXY + "embeddings")) {
      readBody(request, body -> metered(request, body, "/embeddings", false));
    } else if (method == HttpMethod.GET && path.equals(PROXY + "models")) {
      proxyModels(request);
    } else if (method == HttpMethod.GET && path.startsWith(PROXY + "signature/")) {
      signature(request, path.substring((PROXY + "signature/").length()));
    } else if (method == HttpMethod.GET && path.equals(PROXY + "attestation/report")) {
      json(request.response(), 200, attestation());
    } else if (method == HttpMethod.GET && path.startsWith("/v1/user/")
        && path.endsWith("/unsettledfee")) {
      unsettledFee(request, path.substring("/v1/user/".length(),
          path.length() - "/unsettledfee".length()));
    } else if (method == HttpMethod.GET && path.equals("/v1/quote")) {
      json(request.response(), 200, quote());
    } else if (method == HttpMethod.GET && path.equals("/v1/models")) {
      blocking(request, this::models, body -> json(request.response(), 200, body));
    } else if (path.startsWith(PROXY)) {
      throw new ComputeException(404, "unsupported_route", "this provider serves "
          + "chat/completions, embeddings and models under /v1/proxy; not " + path);
    } else {
      throw new ComputeException(404, "not_found", "no route " + method + " " + path);
    }
  }

  // ---------------------------------------------------------------- metered proxy

  /** A verified request ready to forward: who pays and at which prices. */
  private record Admitted(Address user, ServingService service) {}

  private void metered(HttpServerRequest request, Buffer body, String backendPath,
      boolean chat) {
    ObjectNode json = parseObject(body);
    boolean stream = chat && json.path("stream").asBoolean(false);
    if (stream) {
      // The final chunk then carries usage, which is what the fee is computed from.
      JsonNode options = json.get("stream_options");
      ObjectNode streamOptions = options instanceof ObjectNode o ? o : json.putObject(
          "stream_options");
      streamOptions.put("include_usage", true);
    }
    byte[] forwarded = writeJson(json);
    byte[] requestSha = sha256(body.getBytes());
    String authorization = request.getHeader("Authorization");
    Admitted admitted;
    try {
      // A busy user's account and the service are cached: admit on the event loop, sparing
      // two thread hand-offs, which dominate the added latency on a small machine.
      admitted = admit(authorization, body.length(), json, true);
    } catch (ChainCache.NotCached needsChainRead) {
      blocking(request, () -> admit(authorization, body.length(), json, false), ready -> {
        forward(request, ready, backendPath, forwarded, requestSha, stream);
      });
      return;
    }
    forward(request, admitted, backendPath, forwarded, requestSha, stream);
  }

  private Admitted admit(String authorization, int bodyBytes, JsonNode body,
      boolean cachedOnly) {
    TokenVerifier.Verified verified = cachedOnly
        ? verifier.verify(authorization, chain::accountIfCached)
        : verifier.verify(authorization);
    ServingService service = servingService(cachedOnly);
    ServingAccount account = verified.account();
    BigInteger unsettled = ledger.unsettled(account.user());
    long maxTokens = body.path("max_tokens").asLong(body.path("max_completion_tokens").asLong(0));
    BigInteger estimate = service.inputPrice().multiply(BigInteger.valueOf(bodyBytes))
        .add(service.outputPrice().multiply(BigInteger.valueOf(Math.max(0, maxTokens))));
    BigInteger required = unsettled.add(estimate).add(config.reserveWei());
    if (account.lockedBalance().compareTo(required) < 0) {
      // The copy may predate a top-up (the SDK funds right after asking for the unsettled
      // fee): refuse only on what the chain says now, read off the event loop.
      if (cachedOnly) {
        throw ChainCache.NotCached.INSTANCE;
      }
      account = verifier.verify(authorization, chain::refreshAccount).account();
    }
    if (account.lockedBalance().compareTo(required) < 0) {
      throw new ComputeException(402, "insufficient_balance", "the sub-account holds "
          + account.lockedBalance() + " neuron; this request needs " + required
          + " (unsettled " + unsettled + " + estimate " + estimate + " + reserve "
          + config.reserveWei() + "); transfer more funds to this provider");
    }
    return new Admitted(account.user(), service);
  }

  private ServingService servingService(boolean cachedOnly) {
    Optional<ServingService> read = cachedOnly ? chain.serviceIfCached(config.provider())
        : chain.service(config.provider());
    ServingService service = read.orElseThrow(() ->
        new ComputeException(503, "service_not_registered", "provider "
            + config.provider().toChecksumHex() + " has no service on chain"));
    if (!service.teeSignerAddress().equals(signer)) {
      throw new ComputeException(503, "signer_mismatch", "the on-chain signer "
          + service.teeSignerAddress().toChecksumHex() + " is not this broker's "
          + signer.toChecksumHex());
    }
    if (!service.teeSignerAcknowledged()) {
      throw new ComputeException(503, "signer_not_acknowledged",
          "this provider's signer is not acknowledged on chain yet");
    }
    return service;
  }

  private void forward(HttpServerRequest request, Admitted admitted, String backendPath,
      byte[] body, byte[] requestSha, boolean stream) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(backendBase + backendPath)
        .setIdleTimeout(BACKEND_IDLE_MILLIS)
        .putHeader("Content-Type", "application/json")
        .putHeader("Accept", stream ? "text/event-stream" : "application/json");
    config.backendHeaders().forEach(options::putHeader);
    client.request(options)
        .compose(backend -> backend.send(Buffer.buffer(body)))
        .onSuccess(reply -> {
          String chatId = newChatId();
          if (reply.statusCode() / 100 != 2) {
            passThroughError(request, reply);
          } else if (stream && isEventStream(reply)) {
            relayStream(request, reply, admitted, chatId, requestSha);
          } else {
            relayWhole(request, reply, admitted, chatId, requestSha);
          }
        })
        .onFailure(e -> fail(request, new ComputeException(502, "backend_unavailable",
            "the model backend did not answer: " + e.getMessage())));
  }

  private void relayWhole(HttpServerRequest request, HttpClientResponse reply, Admitted admitted,
      String chatId, byte[] requestSha) {
    Buffer collected = Buffer.buffer();
    boolean[] tooLarge = {false};
    reply.handler(chunk -> {
      if (tooLarge[0]) {
        return;
      }
      if (collected.length() + chunk.length() > config.responseBodyBytesMax()) {
        tooLarge[0] = true;
        return;
      }
      collected.appendBuffer(chunk);
    });
    reply.exceptionHandler(e -> fail(request, new ComputeException(502, "backend_failed",
        "the model backend broke off: " + e.getMessage())));
    reply.endHandler(v -> {
      if (tooLarge[0]) {
        fail(request, new ComputeException(502, "backend_reply_too_large",
            "the backend reply exceeds " + config.responseBodyBytesMax() + " bytes; not charged"));
        return;
      }
      byte[] bytes = collected.getBytes();
      Usage usage;
      try {
        usage = Usage.of(JSON.readTree(bytes));
      } catch (IOException | IllegalArgumentException e) {
        fail(request, new ComputeException(502, "backend_bad_reply",
            "the backend reply is not valid JSON: " + e.getMessage()));
        return;
      }
      try {
        charge(admitted, chatId, usage);
      } catch (RuntimeException e) {
        LOG.error("broker: cannot record the fee of {}", chatId, e);
        fail(request, new ComputeException(500, "billing_failed",
            "the fee could not be recorded; the reply is withheld"));
        return;
      }
      signatures.sign(chatId, requestSha, sha256(bytes));
      HttpServerResponse response = request.response();
      String type = reply.getHeader("Content-Type");
      response.setStatusCode(reply.statusCode())
          .putHeader("Content-Type", type == null ? "application/json" : type)
          .putHeader(RES_KEY_HEADER, chatId)
          .end(collected);
    });
  }

  private void relayStream(HttpServerRequest request, HttpClientResponse reply, Admitted admitted,
      String chatId, byte[] requestSha) {
    HttpServerResponse response = request.response();
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader(RES_KEY_HEADER, chatId);
    SseUsageScanner scanner = new SseUsageScanner();
    MessageDigest digest = newSha256();
    reply.handler(chunk -> {
      byte[] bytes = chunk.getBytes();
      scanner.accept(bytes);
      digest.update(bytes);
      if (!response.closed()) {
        response.write(chunk);
        if (response.writeQueueFull()) {
          reply.pause();
          response.drainHandler(v -> reply.resume());
        }
      }
    });
    reply.exceptionHandler(e -> {
      LOG.warn("broker: stream {} broke off: {}", chatId, e.toString());
      if (!response.closed()) {
        response.reset();
      }
    });
    reply.endHandler(v -> {
      Usage usage = scanner.usage();
      try {
        charge(admitted, chatId, usage);
      } catch (RuntimeException e) {
        LOG.error("broker: cannot record the fee of stream {}", chatId, e);
        if (!response.closed()) {
          response.reset();
        }
        return;
      }
      signatures.sign(chatId, requestSha, digest.digest());
      if (!response.closed()) {
        response.end();
      }
    });
  }

  private void charge(Admitted admitted, String chatId, Usage usage) {
    if (usage == null) {
      LOG.warn("broker: backend reply {} carries no usage; nothing charged", chatId);
      return;
    }
    BigInteger fee = usage.fee(admitted.service().inputPrice(), admitted.service().outputPrice());
    ledger.charge(admitted.user(), chatId, usage.inputTokens(), usage.outputTokens(), fee);
  }

  private void passThroughError(HttpServerRequest request, HttpClientResponse reply) {
    reply.body().onComplete(result -> {
      HttpServerResponse response = request.response();
      if (response.ended() || response.closed()) {
        return;
      }
      Buffer body = result.succeeded() ? result.result() : Buffer.buffer();
      if (body.length() > 64 * 1024) {
        body = body.getBuffer(0, 64 * 1024);
      }
      String type = reply.getHeader("Content-Type");
      response.setStatusCode(reply.statusCode())
          .putHeader("Content-Type", type == null ? "text/plain" : type).end(body);
    });
  }

  private void proxyModels(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    blocking(request, () -> verifier.verify(authorization), verified -> {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
          .setAbsoluteURI(backendBase + "/models");
      config.backendHeaders().forEach(options::putHeader);
      client.request(options).compose(r -> r.send())
          .compose(reply -> reply.body().map(body -> new Object[] {reply, body}))
          .onSuccess(pair -> {
            HttpClientResponse reply = (HttpClientResponse) pair[0];
            String type = reply.getHeader("Content-Type");
            request.response().setStatusCode(reply.statusCode())
                .putHeader("Content-Type", type == null ? "application/json" : type)
                .end((Buffer) pair[1]);
          })
          .onFailure(e -> fail(request, new ComputeException(502, "backend_unavailable",
              "the model backend did not answer: " + e.getMessage())));
    });
  }

  // ---------------------------------------------------------------- plain routes

  private void signature(HttpServerRequest request, String chatId) {
    ResponseSignatures.Signed signed = signatures.find(chatId).orElseThrow(() ->
        new ComputeException(404, "chat_id_not_found", "no signature for chat id " + chatId
            + " (unknown, or older than 20 minutes)"));
    ObjectNode body = JSON.createObjectNode();
    body.put("text", signed.text());
    body.put("signature", signed.signature());
    body.put("signing_address", signer.toChecksumHex());
    body.put("signing_algo", "ecdsa");
    json(request.response(), 200, body);
  }

  private void unsettledFee(HttpServerRequest request, String userText) {
    Address user;
    try {
      user = Address.fromHex(userText.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ComputeException(400, "bad_address", "not an address: " + userText);
    }
    String authorization = request.getHeader("Authorization");
    blocking(request, () -> verifier.verify(authorization), verified -> {
      if (!verified.token().address().equals(user)) {
        throw new ComputeException(403, "wrong_user", "the token belongs to "
            + verified.token().address().toChecksumHex() + ", not " + user.toChecksumHex());
      }
      ObjectNode body = JSON.createObjectNode();
      body.put("unsettledFee", ledger.unsettled(user).toString());
      json(request.response(), 200, body);
    });
  }

  private ObjectNode models() {
    ServingService service = servingService(false);
    ObjectNode body = JSON.createObjectNode();
    body.put("object", "list");
    ArrayNode data = body.putArray("data");
    ObjectNode model = data.addObject();
    model.put("id", service.model());
    model.put("object", "model");
    model.put("type", service.serviceType());
    model.put("name", service.model());
    model.put("owned_by", config.provider().toChecksumHex());
    model.put("tee_type", "none");
    ObjectNode pricing = model.putObject("pricing");
    pricing.put("prompt", service.inputPrice().toString());
    pricing.put("completion", service.outputPrice().toString());
    return body;
  }

  /** What the SDK's {@code verify} reads: no TEE here, and the report says so. */
  private ObjectNode quote() {
    return NoTeeQuote.report(signer, "zg-compute", "zg broker without a TEE: the signer is an "
        + "ordinary key registered and acknowledged on chain; nothing in this report is attested "
        + "by hardware");
  }

  private ObjectNode attestation() {
    ObjectNode body = JSON.createObjectNode();
    body.put("signing_address", signer.toChecksumHex());
    body.put("signing_algo", "ecdsa");
    body.put("hardware_backed", false);
    body.put("note", "no TEE: the signing key is not attested by hardware");
    return body;
  }

  // ---------------------------------------------------------------- plumbing

  /** Reads the whole request body, refusing with 413 once it passes the limit. */
  private void readBody(HttpServerRequest request, Consumer<Buffer> then) {
    requests.readBody(request, config.requestBodyBytesMax(), then);
  }

  private <T> void blocking(HttpServerRequest request, Callable<T> work, Consumer<T> then) {
    requests.blocking(request, work, then);
  }

  private static ObjectNode parseObject(Buffer body) {
    try {
      JsonNode json = JSON.readTree(body.getBytes());
      if (json instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      throw new ComputeException(400, "bad_json", "the request body is not valid JSON: "
          + e.getMessage());
    }
    throw new ComputeException(400, "bad_json", "the request body must be a JSON object");
  }

  private static boolean isEventStream(HttpClientResponse reply) {
    String type = reply.getHeader("Content-Type");
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
  }

  private String newChatId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return "chatcmpl-zg" + Hex.encode(id);
  }

  static void fail(HttpServerRequest request, ComputeException error) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    ObjectNode inner = body.putObject("error");
    inner.put("message", error.getMessage());
    inner.put("type", error.status() >= 500 ? "server_error" : "invalid_request_error");
    inner.put("code", error.code());
    json(response, error.status(), body);
  }

  private static void json(HttpServerResponse response, int status, JsonNode body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(writeJson(body)));
  }

  private static byte[] writeJson(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    return newSha256().digest(bytes);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
