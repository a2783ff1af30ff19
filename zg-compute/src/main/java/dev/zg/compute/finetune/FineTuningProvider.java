package dev.zg.compute.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.compute.ComputeException;
import dev.zg.compute.NoTeeQuote;
import dev.zg.compute.RequestHandling;
import dev.zg.compute.chain.FineTuningChain;
import dev.zg.storage.merkle.FileHasher;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider side of 0G fine-tuning: the HTTP routes the SDK calls under the service URL
 * (compute-sdk.md §6.1) with the user signatures of §6.2, over a {@link TaskStore} and a
 * {@link TaskRunner}. Errors are {@code {"error": message, "code": code}}: the SDK throws the
 * {@code error} field.
 */
public final class FineTuningProvider implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FineTuningProvider.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Task bodies are small: trainingParams is a config file. */
  static final int TASK_BODY_BYTES_MAX = 256 * 1024;
  static final int TRAINING_PARAMS_BYTES_MAX = 64 * 1024;
  private static final String USER = "/v1/user/";

  private final Vertx vertx;
  private final RequestHandling requests;
  private final FineTuningConfig config;
  private final TaskStore store;
  private final TaskRunner runner;
  private final FineTuningChain chain;
  private final Trainer trainer;
  private final Clock clock;
  private HttpServer server;

  public FineTuningProvider(Vertx vertx, FineTuningConfig config, TaskStore store,
      TaskRunner runner, FineTuningChain chain, Trainer trainer, Clock clock) {
    this.vertx = vertx;
    this.requests = new RequestHandling(vertx, "fine-tuning", FineTuningProvider::fail,
        max -> "bodies here are limited to " + max + " bytes");
    this.config = config;
    this.store = store;
    this.runner = runner;
    this.chain = chain;
    this.trainer = trainer;
    this.clock = clock;
  }

  /** Starts the runner and binds the port; returns the bound port. */
  public int start() {
    try {
      runner.start();
      server = vertx.createHttpServer(new HttpServerOptions().setMaxHeaderSize(16 * 1024)
          .setIdleTimeout(600));
      server.requestHandler(this::handle).listen(config.port(), config.host())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fine-tuning provider on " + config.host()
          + ":" + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("fine-tuning provider {} on {}:{} (model {})", config.provider().toChecksumHex(),
        config.host(), server.actualPort(), trainer.modelName());
    return server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("fine-tuning provider close: {}", e.toString());
    }
    runner.close();
  }

  // ---------------------------------------------------------------- routing

  private void handle(HttpServerRequest request) {
    request.response().putHeader("Access-Control-Allow-Origin", "*");
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
          .putHeader("Access-Control-Allow-Headers", "Content-Type").setStatusCode(204).end();
      return;
    }
    if (method == HttpMethod.GET && path.equals("/v1/quote")) {
      json(request.response(), 200, quote());
    } else if (method == HttpMethod.GET && path.equals("/v1/task/pending")) {
      blocking(request, runner::pending, n -> text(request.response(), 200, Long.toString(n)));
    } else if (method == HttpMethod.GET && path.equals("/v1/model")) {
      json(request.response(), 200, JSON.createArrayNode().add(model()));
    } else if (method == HttpMethod.GET && path.startsWith("/v1/model/desc/")) {
      String name = path.substring("/v1/model/desc/".length());
      requireModel(name);
      request.response().putHeader("Content-Type", "application/zip")
          .putHeader("Content-Disposition", "attachment; filename=\"" + name + ".zip\"")
          .end(Buffer.buffer(usageZip()));
    } else if (method == HttpMethod.GET && path.startsWith("/v1/model/")) {
      requireModel(path.substring("/v1/model/".length()));
      json(request.response(), 200, model());
    } else if (path.startsWith(USER)) {
      userRoute(request, method, path.substring(USER.length()).split("/", -1));
    } else {
      throw new ComputeException(404, "not_found", "no route " + method + " " + path);
    }
  }

  private void userRoute(HttpServerRequest request, HttpMethod method, String[] parts) {
    Address user = parseUser(parts[0]);
    if (parts.length == 2 && parts[1].equals("task") && method == HttpMethod.POST) {
      readBody(request, TASK_BODY_BYTES_MAX, body -> blocking(request,
          () -> createTask(user, body), id -> json(request.response(), 200,
              JSON.createObjectNode().put("id", id))));
    } else if (parts.length == 2 && parts[1].equals("task") && method == HttpMethod.GET) {
      boolean latest = "true".equalsIgnoreCase(request.getParam("latest"));
      blocking(request, () -> {
        ArrayNode out = JSON.createArrayNode();
        List<FineTuningTask> tasks = store.list(user);
        for (FineTuningTask t : latest && !tasks.isEmpty() ? tasks.subList(0, 1) : tasks) {
          out.add(JSON.valueToTree(t.publicView()));
        }
        return out;
      }, out -> json(request.response(), 200, out));
    } else if (parts.length == 3 && parts[1].equals("task") && method == HttpMethod.GET) {
      blocking(request, () -> task(user, parts[2]),
          t -> json(request.response(), 200, JSON.valueToTree(t.publicView())));
    } else if (parts.length == 4 && parts[1].equals("task") && parts[3].equals("log")
        && method == HttpMethod.GET) {
      blocking(request, () -> store.log(task(user, parts[2]).id()),
          log -> text(request.response(), 200, log));
    } else if (parts.length == 4 && parts[1].equals("task") && parts[3].equals("cancel")
        && method == HttpMethod.POST) {
      readBody(request, 4096, body -> blocking(request, () -> cancel(user, parts[2], body),
          message -> text(request.response(), 200, message)));
    } else if (parts.length == 4 && parts[1].equals("task") && parts[3].equals("lora")
        && method == HttpMethod.POST) {
      readBody(request, 4096, body -> blocking(request, () -> loraFile(user, parts[2], body),
          file -> request.response().putHeader("Content-Type", "application/octet-stream")
              .putHeader("Content-Disposition", "attachment; filename=\"lora_model_"
                  + parts[2] + ".zip\"")
              .sendFile(file.toString())));
    } else if (parts.length == 2 && parts[1].equals("dataset") && method == HttpMethod.POST) {
      uploadDataset(request, user);
    } else {
      throw new ComputeException(404, "not_found", "no route " + method + " " + request.path());
    }
  }

  // ---------------------------------------------------------------- tasks

  String createTask(Address user, Buffer body) {
    JsonNode t = parseObject(body);
    String userAddress = requiredText(t, "userAddress");
    if (!Address.fromHex(userAddress).equals(user)) {
      throw new ComputeException(400, "wrong_user", "userAddress " + userAddress
          + " is not the user in the path " + user.toChecksumHex());
    }
    String datasetHash = requiredText(t, "datasetHash");
    if (!datasetHash.matches("0x[0-9a-fA-F]{64}")) {
      throw new ComputeException(400, "bad_dataset", "datasetHash must be a 0G Storage root "
          + "(0x + 64 hex digits), got " + abbreviate(datasetHash));
    }
    String trainingParams = requiredText(t, "trainingParams");
    if (trainingParams.length() > TRAINING_PARAMS_BYTES_MAX) {
      throw new ComputeException(400, "bad_training_params", "trainingParams is limited to "
          + TRAINING_PARAMS_BYTES_MAX + " bytes");
    }
    try {
      TaskRunner.epochs(trainingParams);
    } catch (IllegalArgumentException e) {
      throw new ComputeException(400, "bad_training_params", e.getMessage());
    }
    String modelHash = requiredText(t, "preTrainedModelHash");
    if (!modelHash.equalsIgnoreCase(trainer.modelHash())) {
      throw new ComputeException(400, "unknown_model", "this provider fine-tunes "
          + trainer.modelName() + " (" + trainer.modelHash() + "), not " + abbreviate(modelHash));
    }
    BigInteger nonce;
    try {
      nonce = new BigInteger(requiredText(t, "nonce"));
    } catch (NumberFormatException e) {
      throw new ComputeException(400, "bad_nonce", "nonce must be a decimal integer");
    }
    if (nonce.signum() <= 0 || nonce.bitLength() > 128) {
      throw new ComputeException(400, "bad_nonce", "nonce out of range");
    }
    // The SDK's nonce is ms × 10,000 + a counter: its time must be near now.
    long nonceMillis = nonce.divide(BigInteger.valueOf(10_000)).min(BigInteger.valueOf(
        Long.MAX_VALUE)).longValue();
    if (Math.abs(nonceMillis - clock.millis()) > config.nonceWindow().toMillis()) {
      throw new ComputeException(400, "stale_nonce", "the nonce's time is more than "
          + config.nonceWindow().toMinutes() + " minutes from the provider's clock");
    }
    String signature = requiredText(t, "signature");
    byte[] digest = FineTuningSignatures.taskDigest(user, nonce, datasetHash);
    Address signer = FineTuningSignatures.recover(digest, signature);
    if (signer == null || !signer.equals(user)) {
      throw new ComputeException(401, "invalid_signature", "the task signature is not by "
          + user.toChecksumHex());
    }
    byte[] publicKey = FineTuningSignatures.recoverPublicKey(digest, signature);
    // Chain and storage reads first, outside the lock: they may take a while.
    FineTuningChain.Account account = chain.account(user, config.provider()).orElseThrow(() ->
        new ComputeException(403, "account_not_found", "no fine-tuning sub-account of "
            + user.toChecksumHex() + " with this provider; fund one with transfer-fund "
            + "--service fine-tuning"));
    long size = datasetSize(user, datasetHash);
    if (size < 0) {
      throw new ComputeException(400, "dataset_not_found", "no dataset " + datasetHash
          + " was uploaded here and no 0G Storage node knows that root");
    }
    if (size > config.datasetBytesMax()) {
      throw new ComputeException(413, "dataset_too_large", "the dataset is " + size
          + " bytes; the limit is " + config.datasetBytesMax());
    }
    BigInteger fee = runner.fee(size, trainingParams);
    if (account.lockedBalance().compareTo(fee) < 0) {
      throw new ComputeException(402, "insufficient_balance", "the fee is " + fee
          + " wei but the fine-tuning sub-account holds " + account.lockedBalance()
          + " wei (balance minus pending refunds)");
    }
    // The nonce and one-task-per-user checks and the creation are one atomic step.
    synchronized (this) {
      if (nonce.compareTo(store.lastNonce(user)) <= 0) {
        throw new ComputeException(409, "nonce_reused", "the nonce is not above the last one "
            + "this provider accepted from " + user.toChecksumHex() + " (a replayed request?)");
      }
      for (FineTuningTask other : store.list(user)) {
        if (!other.state().isFinal()) {
          throw new ComputeException(409, "task_running", "task " + other.id() + " of this "
              + "user is " + other.state() + "; one task at a time per user (the contract "
              + "needs each deliverable acknowledged before the next)");
        }
      }
      String id = UUID.randomUUID().toString();
      long now = clock.millis();
      String at = FineTuningTask.time(now);
      FineTuningTask task = new FineTuningTask(id, at, at, user.toChecksumHex(), modelHash,
          datasetHash, trainingParams, fee.toString(), nonce.toString(), signature,
          TaskState.Init.name(), null, t.path("wait").asBoolean(false),
          Hex.encode(publicKey), size, null, null, null, null);
      store.create(task, now);
      store.appendLog(id, at + " Init: task created; dataset " + datasetHash + ", fee " + fee
          + " wei");
      runner.submit(id);
      return id;
    }
  }

  private long datasetSize(Address user, String root) {
    Path uploaded = runner.uploadedDataset(user, root);
    try {
      if (Files.isRegularFile(uploaded)) {
        return Files.size(uploaded);
      }
      return runner.storageSize(root);
    } catch (IOException e) {
      throw new ComputeException(502, "storage_unavailable", "cannot reach 0G Storage: "
          + e.getMessage());
    }
  }

  private FineTuningTask task(Address user, String id) {
    if (!FineTuningSignatures.isTaskId(id)) {
      throw new ComputeException(400, "bad_task_id", "not a task id: " + abbreviate(id));
    }
    FineTuningTask task = store.get(id.toLowerCase(Locale.ROOT)).orElse(null);
    if (task == null || !Address.fromHex(task.userAddress()).equals(user)) {
      throw new ComputeException(404, "task_not_found", "no task " + id + " of "
          + user.toChecksumHex());
    }
    return task;
  }

  private String cancel(Address user, String id, Buffer body) {
    FineTuningTask task = task(user, id);
    String signature = requiredText(parseObject(body), "signature");
    Address signer = FineTuningSignatures.recover(FineTuningSignatures.cancelDigest(task.id()),
        signature);
    if (signer == null || !signer.equals(user)) {
      throw new ComputeException(401, "invalid_signature", "the cancel signature is not by "
          + user.toChecksumHex());
    }
    String now = FineTuningTask.time(clock.millis());
    if (store.transition(task.id(), TaskState.Init, TaskState.Failed, now).isEmpty()) {
      throw new ComputeException(409, "cannot_cancel", "task " + id + " is "
          + store.get(task.id()).orElseThrow().state() + "; only a queued (Init) task can be "
          + "cancelled");
    }
    store.appendLog(task.id(), now + " Failed: cancelled by the user");
    return "task " + id + " cancelled";
  }

  private Path loraFile(Address user, String id, Buffer body) {
    FineTuningTask task = task(user, id);
    JsonNode json = parseObject(body);
    long timestamp = json.path("timestamp").asLong(-1);
    checkTimestamp(timestamp);
    Address signer = FineTuningSignatures.recover(FineTuningSignatures.loraDigest(task.id(),
        timestamp), requiredText(json, "signature"));
    if (signer == null || !signer.equals(user)) {
      throw new ComputeException(401, "invalid_signature", "the download signature is not by "
          + user.toChecksumHex());
    }
    Path file = runner.encryptedModel(task.id());
    if (task.state().ordinal() < TaskState.Delivered.ordinal() || !Files.isRegularFile(file)) {
      throw new ComputeException(409, "not_delivered", "task " + id + " is " + task.state()
          + "; the model can be downloaded once it is Delivered");
    }
    return file;
  }

  private void checkTimestamp(long unixSeconds) {
    long now = clock.millis() / 1000;
    if (unixSeconds <= 0) {
      throw new ComputeException(400, "bad_timestamp", "timestamp (unix seconds) is required");
    }
    if (now - unixSeconds > config.timestampWindow().toSeconds() || unixSeconds - now > 60) {
      throw new ComputeException(401, "expired_timestamp", "the signed timestamp must be "
          + "within " + config.timestampWindow().toMinutes() + " minutes of now");
    }
  }

  // ---------------------------------------------------------------- dataset upload

  private void uploadDataset(HttpServerRequest request, Address user) {
    long max = config.datasetBytesMax();
    String length = request.getHeader("Content-Length");
    if (length != null && parseLong(length) > max + 64 * 1024) {
      tooLarge(request, max);
      return;
    }
    Path partial;
    FileChannel channel;
    try {
      Files.createDirectories(runner.datasetsDir());
      partial = Files.createTempFile(runner.datasetsDir(), "upload", ".partial");
      channel = FileChannel.open(partial, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ComputeException(500, "storage_error", e.getMessage());
    }
    request.setExpectMultipart(true);
    long[] received = {0};
    boolean[] state = {false, false}; // refused, got a file
    Runnable cleanup = () -> {
      try {
        channel.close();
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // best effort
      }
    };
    request.uploadHandler(upload -> {
      if (!upload.name().equals("file") || state[1]) {
        upload.handler(b -> {});
        return;
      }
      state[1] = true;
      upload.handler(chunk -> {
        if (state[0]) {
          return;
        }
        received[0] += chunk.length();
        if (received[0] > max) {
          state[0] = true;
          tooLarge(request, max);
          return;
        }
        try {
          channel.write(ByteBuffer.wrap(chunk.getBytes()));
        } catch (IOException e) {
          state[0] = true;
          fail(request, new ComputeException(500, "storage_error", e.getMessage()));
        }
      });
    });
    request.exceptionHandler(e -> cleanup.run());
    request.endHandler(v -> {
      if (state[0]) {
        cleanup.run();
        return;
      }
      String signature = request.getFormAttribute("signature");
      String timestampText = request.getFormAttribute("timestamp");
      blocking(request, () -> {
        try {
          channel.close();
          if (!state[1] || received[0] == 0) {
            throw new ComputeException(400, "missing_file", "the multipart field 'file' with "
                + "the dataset is required (and must not be empty)");
          }
          long timestamp = timestampText == null ? -1 : parseLong(timestampText);
          checkTimestamp(timestamp);
          Address signer = FineTuningSignatures.recover(
              FineTuningSignatures.datasetDigest(user, timestamp), signature);
          if (signer == null || !signer.equals(user)) {
            throw new ComputeException(401, "invalid_signature", "the upload signature is not "
                + "by " + user.toChecksumHex());
          }
          String root = FileHasher.usingAllCores().root(partial).toHex();
          Path target = runner.uploadedDataset(user, root);
          Files.createDirectories(target.getParent());
          Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
          return root;
        } finally {
          cleanup.run();
        }
      }, root -> json(request.response(), 200, JSON.createObjectNode()
          .put("datasetHash", root).put("message", "dataset stored (" + received[0]
              + " bytes); its hash is its 0G Storage root")));
    });
  }

  // ---------------------------------------------------------------- models and quote

  private void requireModel(String name) {
    if (!name.equals(trainer.modelName())) {
      throw new ComputeException(404, "model_not_found", "this provider fine-tunes "
          + trainer.modelName() + ", not " + abbreviate(name));
    }
  }

  private ObjectNode model() {
    ObjectNode m = JSON.createObjectNode();
    m.put("name", trainer.modelName());
    m.put("hash", trainer.modelHash());
    m.put("image", "zg-compute (in-process trainer)");
    m.put("dataType", "text");
    m.put("trainingScript", trainer.getClass().getSimpleName());
    m.put("description", "fine-tunes " + trainer.modelName() + " on a text dataset; the "
        + "result is a GGUF model file (encrypted for the user)");
    m.put("tokenizer", trainer.modelName());
    return m;
  }

  private byte[] usageZip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("README.md"));
      zip.write(("# " + trainer.modelName() + "\n\nDataset: a UTF-8 text file (JSONL with "
          + "text, or plain text), at most " + config.datasetBytesMax() + " bytes.\n"
          + "trainingParams: JSON; num_train_epochs (1.." + TaskRunner.EPOCHS_MAX + ") sets the "
          + "fee: ceil(bytes / 4) tokens x epochs x pricePerToken.\n"
          + "Result: a GGUF model file, encrypted with AES-256-GCM (the key sealed to you).\n")
          .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** As the inference broker's: report_data names the signer, nothing is hardware-attested. */
  private ObjectNode quote() {
    ObjectNode body = NoTeeQuote.report(config.signerAddress(), "zg-compute-finetune",
        "zg fine-tuning provider without a TEE: the signer is an ordinary key registered and "
        + "acknowledged on chain; nothing here is attested by hardware");
    // The SDK's fine-tuning verifier reads event_log beside tcb_info, dstack-style readers
    // inside it: both carry the compose hash.
    body.putArray("event_log").add(body.path("tcb_info").path("event_log").get(0).deepCopy());
    return body;
  }

  // ---------------------------------------------------------------- plumbing

  private static Address parseUser(String text) {
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new ComputeException(400, "bad_address", "not an address: " + abbreviate(text));
    }
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new ComputeException(400, "missing_field", "'" + field + "' (a string) is required");
    }
    return value.asText();
  }

  private static JsonNode parseObject(Buffer body) {
    try {
      JsonNode json = JSON.readTree(body.getBytes());
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException e) {
      throw new ComputeException(400, "bad_json", "the body is not valid JSON: " + e.getMessage());
    }
    throw new ComputeException(400, "bad_json", "the body must be a JSON object");
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ComputeException(400, "bad_number", "not a number: " + abbreviate(text));
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private void readBody(HttpServerRequest request, int max, Consumer<Buffer> then) {
    requests.readBody(request, max, then);
  }

  private void tooLarge(HttpServerRequest request, long max) {
    requests.tooLarge(request, max);
  }

  private <T> void blocking(HttpServerRequest request, Callable<T> work, Consumer<T> then) {
    requests.blocking(request, work, then);
  }

  static void fail(HttpServerRequest request, ComputeException error) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed() || response.headWritten()) {
      return;
    }
    json(response, error.status(), JSON.createObjectNode().put("error", error.getMessage())
        .put("code", error.code()));
  }

  private static void json(HttpServerResponse response, int status, JsonNode body) {
    try {
      response.setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(Buffer.buffer(JSON.writeValueAsBytes(body)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void text(HttpServerResponse response, int status, String body) {
    response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body);
  }
}
