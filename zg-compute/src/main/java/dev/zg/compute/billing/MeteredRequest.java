package dev.zg.compute.billing;

import dev.zg.common.Address;
import java.math.BigInteger;

/**
 * One charged request as the fee ledger stores it until it is settled.
 *
 * @param sequence the ledger's own increasing number, unique across users
 * @param chatId the id the user saw in {@code ZG-Res-Key}
 */
public record MeteredRequest(
    Address user,
    long sequence,
    String chatId,
    long inputTokens,
    long outputTokens,
    BigInteger fee) {}
