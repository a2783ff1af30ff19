package dev.zg.compute.chain;

import dev.zg.common.Address;
import java.math.BigInteger;
import java.util.Objects;

/** The {@code ServiceParams} argument of {@code addOrUpdateService}, fields in ABI order. */
public record ServiceParams(
    String serviceType,
    String url,
    String model,
    String verifiability,
    BigInteger inputPrice,
    BigInteger outputPrice,
    String additionalInfo,
    Address teeSignerAddress) {
  public ServiceParams {
    Objects.requireNonNull(serviceType, "serviceType");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(verifiability, "verifiability");
    Objects.requireNonNull(additionalInfo, "additionalInfo");
    Objects.requireNonNull(teeSignerAddress, "teeSignerAddress");
    if (inputPrice.signum() < 0 || outputPrice.signum() < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }
}
