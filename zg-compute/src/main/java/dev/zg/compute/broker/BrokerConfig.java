package dev.zg.compute.broker;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * How a provider broker runs.
 *
 * @param provider the provider's on-chain address (the account that registered the service)
 * @param signerKey the key that signs responses and settlements; its address must be the
 *     service's {@code teeSignerAddress} on chain
 * @param backendUrl base of the OpenAI-compatible backend, e.g. {@code http://127.0.0.1:8000/v1};
 *     {@code /v1/proxy/chat/completions} goes to {@code <backendUrl>/chat/completions}
 * @param backendHeaders added to every backend request (e.g. the backend's own API key)
 * @param requestBodyBytesMax larger request bodies get 413 and are never charged
 * @param responseBodyBytesMax a non-streamed backend reply larger than this is refused (502)
 * @param chainCacheMillis how long an account or service read may be reused; 0 reads per request
 * @param reserveWei what must stay in the account beyond the unsettled fees and this request's
 *     estimate (the SDK assumes 1 0G)
 */
public record BrokerConfig(
    String host,
    int port,
    Address provider,
    BigInteger signerKey,
    URI backendUrl,
    Map<String, String> backendHeaders,
    int requestBodyBytesMax,
    int responseBodyBytesMax,
    long chainCacheMillis,
    BigInteger reserveWei) {

  public static final int REQUEST_BODY_BYTES_DEFAULT = 4 << 20;
  public static final int RESPONSE_BODY_BYTES_DEFAULT = 16 << 20;
  public static final BigInteger ONE_0G = BigInteger.TEN.pow(18);

  public BrokerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(signerKey, "signerKey");
    Objects.requireNonNull(backendUrl, "backendUrl");
    backendHeaders = Map.copyOf(backendHeaders);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (!"http".equals(backendUrl.getScheme()) && !"https".equals(backendUrl.getScheme())) {
      throw new IllegalArgumentException("the backend URL must be http(s): " + backendUrl);
    }
    if (requestBodyBytesMax < 1024 || responseBodyBytesMax < 1024) {
      throw new IllegalArgumentException("body limits must be at least 1 KiB");
    }
    if (chainCacheMillis < 0 || reserveWei.signum() < 0) {
      throw new IllegalArgumentException("cache time and reserve must not be negative");
    }
  }

  /** Sensible defaults: 4 MiB requests, 16 MiB replies, 2 s chain cache, 1 0G reserve. */
  public static BrokerConfig defaults(String host, int port, Address provider,
      BigInteger signerKey, URI backendUrl) {
    return new BrokerConfig(host, port, provider, signerKey, backendUrl, Map.of(),
        REQUEST_BODY_BYTES_DEFAULT, RESPONSE_BODY_BYTES_DEFAULT, 2_000, ONE_0G);
  }

  public BrokerConfig withBackendHeaders(Map<String, String> headers) {
    return new BrokerConfig(host, port, provider, signerKey, backendUrl, headers,
        requestBodyBytesMax, responseBodyBytesMax, chainCacheMillis, reserveWei);
  }

  public BrokerConfig withLimits(int requestBytesMax, int responseBytesMax) {
    return new BrokerConfig(host, port, provider, signerKey, backendUrl, backendHeaders,
        requestBytesMax, responseBytesMax, chainCacheMillis, reserveWei);
  }

  public BrokerConfig withChainCacheMillis(long millis) {
    return new BrokerConfig(host, port, provider, signerKey, backendUrl, backendHeaders,
        requestBodyBytesMax, responseBodyBytesMax, millis, reserveWei);
  }

  /** The signer's address, which must be the on-chain {@code teeSignerAddress}. */
  public Address signerAddress() {
    return Address.fromPublicKey(Secp256k1.publicKey(signerKey));
  }

  @Override
  public String toString() {
    return "BrokerConfig[" + host + ":" + port + ", provider " + provider.toChecksumHex()
        + ", backend " + backendUrl + "]";
  }
}
