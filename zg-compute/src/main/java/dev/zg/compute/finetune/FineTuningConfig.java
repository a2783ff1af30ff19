package dev.zg.compute.finetune;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The fine-tuning provider's settings.
 *
 * @param host where the HTTP service listens
 * @param port its port (0: any free one)
 * @param provider the provider's address (the service on FineTuningServing)
 * @param signerKey the signer key ({@code teeSignerAddress}): tags of encrypted models and
 *     settlements are signed with it
 * @param dataDir where uploaded datasets, trained and encrypted models are kept
 * @param datasetBytesMax the largest dataset accepted (upload or storage)
 * @param nonceWindow how far a task nonce's time (ms × 10,000) may be from now
 * @param timestampWindow how old a dataset-upload or download timestamp may be
 * @param acknowledgeTimeout how long a delivered model waits for the user's acknowledgement
 *     before the provider settles only the penalty
 * @param pollInterval how often delivered tasks are checked for acknowledgement
 * @param pricePerTokenFallback used when the chain's service has no price yet
 */
public record FineTuningConfig(
    String host,
    int port,
    Address provider,
    BigInteger signerKey,
    Path dataDir,
    long datasetBytesMax,
    Duration nonceWindow,
    Duration timestampWindow,
    Duration acknowledgeTimeout,
    Duration pollInterval,
    BigInteger pricePerTokenFallback) {
  /** 100 MB, the SDK's own limit for dataset uploads. */
  public static final long DATASET_BYTES_MAX = 100L * 1024 * 1024;

  public static FineTuningConfig defaults(String host, int port, Address provider,
      BigInteger signerKey, Path dataDir) {
    return new FineTuningConfig(host, port, provider, signerKey, dataDir, DATASET_BYTES_MAX,
        Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofHours(24),
        Duration.ofSeconds(2), BigInteger.ZERO);
  }

  public FineTuningConfig withPollInterval(Duration interval) {
    return new FineTuningConfig(host, port, provider, signerKey, dataDir, datasetBytesMax,
        nonceWindow, timestampWindow, acknowledgeTimeout, interval, pricePerTokenFallback);
  }

  public FineTuningConfig withAcknowledgeTimeout(Duration timeout) {
    return new FineTuningConfig(host, port, provider, signerKey, dataDir, datasetBytesMax,
        nonceWindow, timestampWindow, timeout, pollInterval, pricePerTokenFallback);
  }

  public FineTuningConfig withDatasetBytesMax(long bytes) {
    return new FineTuningConfig(host, port, provider, signerKey, dataDir, bytes, nonceWindow,
        timestampWindow, acknowledgeTimeout, pollInterval, pricePerTokenFallback);
  }

  public Address signerAddress() {
    return Address.fromPublicKey(Secp256k1.publicKey(signerKey));
  }
}
