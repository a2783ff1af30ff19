package dev.zg.compute.finetune;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One fine-tuning task as the provider keeps it. The first fields are the SDK's {@code Task}
 * (its JSON names); the rest are the provider's own bookkeeping and are not shown to users.
 *
 * @param userPublicKey the user's 64-byte public key (hex), recovered from the task signature;
 *     the model key is sealed to it
 * @param datasetBytes the dataset's size, once read
 * @param modelRoot the encrypted model's 0G Storage root (0x hex), once uploaded
 * @param sealedKey the ECIES-sealed model key (0x hex) sent with the settlement
 * @param deliveredAt unix ms when {@code addDeliverable} was mined
 * @param settledFee the fee the settlement charged (wei), once settled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FineTuningTask(
    String id,
    String createdAt,
    String updatedAt,
    String userAddress,
    String preTrainedModelHash,
    String datasetHash,
    String trainingParams,
    String fee,
    String nonce,
    String signature,
    String progress,
    String deliverIndex,
    @com.fasterxml.jackson.annotation.JsonProperty("wait") Boolean waitInQueue,
    String userPublicKey,
    Long datasetBytes,
    String modelRoot,
    String sealedKey,
    Long deliveredAt,
    String settledFee) {

  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** Times as fixed-width UTC text (so they sort as text). */
  public static String time(long unixMillis) {
    return TIME.format(java.time.Instant.ofEpochMilli(unixMillis));
  }

  public TaskState state() {
    return TaskState.valueOf(progress);
  }

  public FineTuningTask withState(TaskState state, String now) {
    return new FineTuningTask(id, createdAt, now, userAddress, preTrainedModelHash, datasetHash,
        trainingParams, fee, nonce, signature, state.name(), deliverIndex, waitInQueue, userPublicKey,
        datasetBytes, modelRoot, sealedKey, deliveredAt, settledFee);
  }

  public FineTuningTask withDelivery(String root, String sealed, String index, long at) {
    return new FineTuningTask(id, createdAt, updatedAt, userAddress, preTrainedModelHash,
        datasetHash, trainingParams, fee, nonce, signature, progress, index, waitInQueue,
        userPublicKey, datasetBytes, root, sealed, at, settledFee);
  }

  public FineTuningTask withSettledFee(String wei) {
    return new FineTuningTask(id, createdAt, updatedAt, userAddress, preTrainedModelHash,
        datasetHash, trainingParams, fee, nonce, signature, progress, deliverIndex, waitInQueue,
        userPublicKey, datasetBytes, modelRoot, sealedKey, deliveredAt, wei);
  }

  /** The view users get: the SDK's fields only. */
  public FineTuningTask publicView() {
    return new FineTuningTask(id, createdAt, updatedAt, userAddress, preTrainedModelHash,
        datasetHash, trainingParams, fee, nonce, signature, progress, deliverIndex, waitInQueue, null,
        null, null, null, null, null);
  }
}
