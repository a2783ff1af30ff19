package dev.zg.compute.chain;

import dev.zg.common.Address;
import java.math.BigInteger;

/** InferenceServing's {@code Service} struct, fields in the contract's order. */
public record ServingService(
    Address provider,
    String serviceType,
    String url,
    BigInteger inputPrice,
    BigInteger outputPrice,
    BigInteger updatedAt,
    String model,
    String verifiability,
    String additionalInfo,
    Address teeSignerAddress,
    boolean teeSignerAcknowledged) {}
