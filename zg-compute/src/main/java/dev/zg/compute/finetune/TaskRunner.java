package dev.zg.compute.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.FineTuningChain;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fine-tuning tasks, one at a time, through 0G's states: read the dataset (uploaded here
 * or from 0G Storage by root), train, encrypt (a fresh AES-256 key, the chunked format, tags
 * signed by the signer key), seal the key to the user (ECIES), upload the encrypted model to
 * 0G Storage and record it with {@code addDeliverable}. A poller then waits for the user's
 * {@code acknowledgeDeliverable} and settles with {@code settleFees}: the full fee and the
 * sealed key after an acknowledgement, or only the contract's penalty percentage and no key
 * when none came within {@code acknowledgeTimeout}.
 *
 * <p>Every step is written to the {@link TaskStore} before the next starts; after a restart
 * the tasks that were training are trained again, a task whose encrypted model was uploaded
 * resumes at {@code addDeliverable} (skipped when the chain has it), and delivered tasks are
 * polled again. A settlement that landed before a crash is recognised from the deliverable's
 * {@code settled} flag.
 */
public final class TaskRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A dataset byte counts as a quarter token: fee = ⌈bytes / 4⌉ × epochs × pricePerToken. */
  static final int BYTES_PER_TOKEN = 4;
  static final int EPOCHS_MAX = 100;

  private final FineTuningConfig config;
  private final TaskStore store;
  private final FineTuningChain chain;
  private final ModelStorage storage;
  private final Trainer trainer;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "finetune-worker");
    t.setDaemon(true);
    return t;
  });
  /** Tasks handed to the worker and not yet picked up (what /v1/task/pending counts). */
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  /** Delivered tasks the poller watches (Delivering with an uploaded model, Delivered, UserAcknowledged). */
  private final Set<String> watched = ConcurrentHashMap.newKeySet();
  /** The last settlement error logged per task: a retried failure is logged once. */
  private final Map<String, String> lastError = new ConcurrentHashMap<>();
  /** The task the worker is on; the poller leaves it alone. */
  private volatile String working;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "finetune-settle");
    t.setDaemon(true);
    return t;
  });

  public TaskRunner(FineTuningConfig config, TaskStore store, FineTuningChain chain,
      ModelStorage storage, Trainer trainer, Clock clock) {
    this.config = config;
    this.store = store;
    this.chain = chain;
    this.storage = storage;
    this.trainer = trainer;
    this.clock = clock;
  }

  /** Resumes unfinished tasks (oldest first) and starts the acknowledgement poller. */
  public void start() throws IOException {
    Files.createDirectories(datasetsDir());
    Files.createDirectories(modelsDir());
    removeLeftovers();
    List<FineTuningTask> all = store.all();
    all.stream().filter(t -> t.state().isBeforeDelivery())
        .sorted(Comparator.comparing(FineTuningTask::createdAt))
        .forEach(t -> submit(t.id()));
    all.stream().filter(t -> t.state() == TaskState.Delivered
        || t.state() == TaskState.UserAcknowledged).forEach(t -> watched.add(t.id()));
    long every = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::pollDelivered, every, every, TimeUnit.MILLISECONDS);
  }

  /** Partial files and trainer work folders a crash left behind (nothing refers to them). */
  private void removeLeftovers() throws IOException {
    try (var files = Files.list(modelsDir())) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(CommandTrainer.WORK_PREFIX) || name.endsWith(".model")) {
          deleteRecursively(p);
        }
      }
    }
    try (var files = Files.list(datasetsDir())) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".partial") || name.endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (var walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public Path datasetsDir() {
    return config.dataDir().resolve("datasets");
  }

  /**
   * Where a dataset {@code user} uploaded here is kept: per user, so a task can only use the
   * uploads of its own user (a root is no secret once shared).
   */
  public Path uploadedDataset(Address user, String root) {
    return datasetsDir().resolve(user.toHex().substring(2)).resolve(
        root.toLowerCase(java.util.Locale.ROOT));
  }

  public Path modelsDir() {
    return config.dataDir().resolve("models");
  }

  /** The encrypted model of a task (served by the {@code /lora} route). */
  public Path encryptedModel(String id) {
    return modelsDir().resolve(id + ".enc");
  }

  /** Tasks waiting for the worker. */
  public long pending() {
    return queued.stream().filter(id -> store.get(id).map(t -> t.state() == TaskState.Init)
        .orElse(false)).count();
  }

  /** The size of a dataset in 0G Storage, or -1 when no node knows the root. */
  public long storageSize(String root) throws IOException {
    return storage.size(root);
  }

  public void submit(String id) {
    queued.add(id);
    worker.execute(() -> {
      queued.remove(id);
      working = id;
      try {
        run(id);
      } finally {
        working = null;
      }
    });
  }

  /** The fee of a task: ⌈bytes / 4⌉ tokens × epochs × the service's price per token. */
  public BigInteger fee(long datasetBytes, String trainingParams) {
    BigInteger tokens = BigInteger.valueOf((datasetBytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN);
    return tokens.multiply(BigInteger.valueOf(epochs(trainingParams))).multiply(pricePerToken());
  }

  BigInteger pricePerToken() {
    return chain.service(config.provider()).map(FineTuningChain.Service::pricePerToken)
        .orElse(config.pricePerTokenFallback());
  }

  /** {@code num_train_epochs} (or {@code epochs}) of the parameters, 1 by default. */
  static int epochs(String trainingParams) {
    try {
      JsonNode params = JSON.readTree(trainingParams);
      JsonNode n = params.has("num_train_epochs") ? params.get("num_train_epochs")
          : params.get("epochs");
      if (n == null) {
        return 1;
      }
      int epochs = (int) Math.ceil(n.asDouble(1));
      if (epochs < 1 || epochs > EPOCHS_MAX) {
        throw new IllegalArgumentException("num_train_epochs must be 1.." + EPOCHS_MAX);
      }
      return epochs;
    } catch (IOException e) {
      throw new IllegalArgumentException("trainingParams is not JSON: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- the pipeline

  private void run(String id) {
    FineTuningTask task = store.get(id).orElse(null);
    if (task == null || !task.state().isBeforeDelivery()) {
      return;
    }
    try {
      if (task.state() == TaskState.Delivering && task.modelRoot() != null
          && Files.isRegularFile(encryptedModel(id))) {
        record(task, "resuming the delivery of the uploaded model " + task.modelRoot());
        deliver(task);
        return;
      }
      if (task.state() != TaskState.Init) {
        record(task, "restarted from " + task.state() + " after a provider restart");
        task = move(task, TaskState.SettingUp, "reading the dataset " + task.datasetHash());
      } else {
        // Conditional: a cancel may have won the race for this queued task.
        Optional<FineTuningTask> started = store.transition(id, TaskState.Init,
            TaskState.SettingUp, FineTuningTask.time(clock.millis()));
        if (started.isEmpty()) {
          return;
        }
        task = started.get();
        record(task, "SettingUp: reading the dataset " + task.datasetHash());
      }
      byte[] dataset = readDataset(task);
      if (task.datasetBytes() != null && task.datasetBytes() != dataset.length) {
        throw new IllegalStateException("the dataset is " + dataset.length + " bytes, not the "
            + task.datasetBytes() + " it had when the task was created");
      }
      // The fee was fixed (and shown) when the task was created.
      BigInteger fee = new BigInteger(task.fee());
      Address user = Address.fromHex(task.userAddress());
      FineTuningChain.Account account = chain.account(user, config.provider()).orElseThrow(() ->
          new IllegalStateException("the user has no fine-tuning sub-account with this provider"));
      if (account.lockedBalance().compareTo(fee) < 0) {
        throw new IllegalStateException("the fee is " + fee + " wei but the sub-account holds "
            + account.lockedBalance() + " wei (balance minus pending refunds)");
      }
      task = move(task, TaskState.SetUp, "dataset " + dataset.length + " bytes; fee " + fee
          + " wei");
      task = move(task, TaskState.Training, "training " + trainer.modelName());
      Path model = modelsDir().resolve(id + ".model");
      FineTuningTask training = task;
      int[] last = {-1};
      trainer.train(dataset, task.trainingParams(), model, percent -> {
        int step = Math.max(0, Math.min(100, percent)) / 10;
        if (step != last[0]) {
          last[0] = step;
          store.appendLog(id, stamp() + " training " + step * 10 + "%");
        }
      });
      task = move(store.get(id).orElse(training), TaskState.Trained,
          "trained: " + Files.size(model) + " bytes");
      task = move(task, TaskState.Delivering, "encrypting and uploading the model");
      byte[] key = DeliverableCipher.newKey(random);
      new DeliverableCipher().encrypt(model, encryptedModel(id), key, config.signerKey(), random);
      byte[] sealed = Ecies.encrypt(Hex.decode(task.userPublicKey()), key, random);
      java.util.Arrays.fill(key, (byte) 0);
      Files.deleteIfExists(model);
      String root = storage.upload(encryptedModel(id));
      task = task.withDelivery(root, Hex.prefixed(sealed), null, 0);
      store.update(task);
      record(task, "encrypted model uploaded to 0G Storage, root " + root);
      deliver(task);
    } catch (InterruptedException e) {
      // The provider is stopping: the task keeps its state and is resumed at the next start.
      Thread.currentThread().interrupt();
      record(task, "interrupted by a provider shutdown in "
          + store.get(id).map(FineTuningTask::state).orElse(task.state()));
    } catch (Exception e) {
      FineTuningTask latest = store.get(id).orElse(task);
      if (latest.state() == TaskState.Delivering && latest.modelRoot() != null) {
        // The model is encrypted and stored: only addDeliverable is missing; the poller retries.
        LOG.warn("fine-tuning task {}: addDeliverable failed, will retry: {}", id, e.toString());
        record(latest, "addDeliverable failed (will retry): " + e.getMessage());
        watched.add(id);
        return;
      }
      LOG.warn("fine-tuning task {} failed", id, e);
      move(latest, TaskState.Failed, "failed: " + e.getMessage());
    }
  }

  private void deliver(FineTuningTask task) {
    Address user = Address.fromHex(task.userAddress());
    if (chain.deliverable(user, config.provider(), task.id()).isEmpty()) {
      chain.addDeliverable(user, task.id(), Hex.decode(task.modelRoot()));
    }
    FineTuningTask delivered = task.withDelivery(task.modelRoot(), task.sealedKey(),
        task.deliverIndex(), clock.millis());
    store.update(delivered);
    move(delivered, TaskState.Delivered, "addDeliverable mined; waiting for the user's "
        + "acknowledgement (acknowledgeDeliverable)");
    watched.add(task.id());
  }

  /** One pass over delivered tasks: acknowledged ones are settled in full, overdue ones with the penalty. */
  void pollDelivered() {
    for (String id : watched) {
      if (id.equals(working)) {
        continue;
      }
      FineTuningTask task = store.get(id).orElse(null);
      try {
        if (task == null || task.state().isFinal()) {
          watched.remove(id);
          lastError.remove(id);
        } else if (task.state() == TaskState.Delivering && task.modelRoot() != null) {
          deliver(task);
        } else if (task.state() == TaskState.Delivered) {
          checkAcknowledged(task);
        } else if (task.state() == TaskState.UserAcknowledged) {
          settle(task, true);
        }
      } catch (RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastError.put(id, message))) {
          LOG.warn("fine-tuning task {}: {}", id, e.toString());
          store.appendLog(id, stamp() + " " + task.state() + ": attempt failed (retried every "
              + config.pollInterval().toMillis() + " ms): " + message);
        }
      }
    }
  }

  private void checkAcknowledged(FineTuningTask task) {
    Address user = Address.fromHex(task.userAddress());
    Optional<FineTuningChain.Deliverable> d = chain.deliverable(user, config.provider(),
        task.id());
    if (d.isEmpty()) {
      return;
    }
    if (d.get().settled()) {
      settledEarlier(task, d.get());
    } else if (d.get().acknowledged()) {
      settle(move(task, TaskState.UserAcknowledged, "the user acknowledged the model"), true);
    } else if (clock.millis() - task.deliveredAt() > config.acknowledgeTimeout().toMillis()) {
      settle(task, false);
    }
  }

  private void settle(FineTuningTask task, boolean acknowledged) {
    Address user = Address.fromHex(task.userAddress());
    FineTuningChain.Deliverable d = chain.deliverable(user, config.provider(), task.id())
        .orElseThrow(() -> new IllegalStateException("the deliverable is gone from the chain"));
    if (d.settled()) {
      settledEarlier(task, d);
      return;
    }
    FineTuningChain.Account account = chain.account(user, config.provider()).orElseThrow();
    BigInteger nonce = account.nonce().add(BigInteger.ONE)
        .max(BigInteger.valueOf(clock.millis() / 1000).multiply(BigInteger.TEN.pow(7)));
    byte[] secret = acknowledged ? Hex.decode(task.sealedKey()) : new byte[0];
    BigInteger fee = new BigInteger(task.fee());
    FineTuningChain.VerifierInput unsigned = new FineTuningChain.VerifierInput(task.id(), secret,
        Hex.decode(task.modelRoot()), nonce, new byte[0], fee, user);
    byte[] digest = VerifierTypedData.digest(chain.chainId(), chain.contract(), unsigned);
    Secp256k1.Signature s = Secp256k1.sign(digest, config.signerKey());
    byte[] signature = s.toBytes();
    signature[64] = (byte) (27 + s.recoveryId());
    chain.settleFees(new FineTuningChain.VerifierInput(task.id(), secret, unsigned.modelRootHash(),
        nonce, signature, fee, user));
    if (acknowledged) {
      move(task.withSettledFee(fee.toString()), TaskState.Finished, "settled: fee " + fee
          + " wei; the sealed model key is on chain for the user");
    } else {
      move(task, TaskState.Failed, "not acknowledged within " + config.acknowledgeTimeout()
          + ": settled the penalty share of the fee " + fee + " wei, without the key");
    }
  }

  /** A settlement that landed before a crash: Finished with the key, Failed with the penalty. */
  private void settledEarlier(FineTuningTask task, FineTuningChain.Deliverable d) {
    if (d.acknowledged()) {
      move(task.withSettledFee(task.fee()), TaskState.Finished, "found settled on chain");
    } else {
      move(task, TaskState.Failed, "found settled on chain without an acknowledgement "
          + "(the penalty share of the fee)");
    }
  }

  private byte[] readDataset(FineTuningTask task) throws IOException {
    Path uploaded = uploadedDataset(Address.fromHex(task.userAddress()), task.datasetHash());
    if (Files.isRegularFile(uploaded)) {
      return Files.readAllBytes(uploaded);
    }
    Path download = Files.createTempFile(datasetsDir(), "download", ".tmp");
    try {
      storage.download(task.datasetHash(), download, config.datasetBytesMax());
      return Files.readAllBytes(download);
    } finally {
      Files.deleteIfExists(download);
    }
  }

  private FineTuningTask move(FineTuningTask task, TaskState state, String message) {
    FineTuningTask next = task.withState(state, FineTuningTask.time(clock.millis()));
    store.update(next);
    store.appendLog(task.id(), stamp() + " " + state + ": " + message);
    LOG.info("fine-tuning task {}: {} ({})", task.id(), state, message);
    return next;
  }

  private void record(FineTuningTask task, String message) {
    store.appendLog(task.id(), stamp() + " " + message);
  }

  private String stamp() {
    return FineTuningTask.time(clock.millis());
  }

  @Override
  public void close() {
    poller.shutdownNow();
    worker.shutdownNow();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
      poller.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
