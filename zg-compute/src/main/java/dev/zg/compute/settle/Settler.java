package dev.zg.compute.settle;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.billing.MeteredRequest;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.chain.ServingChain;
import dev.zg.compute.chain.SettlementItem;
import dev.zg.compute.chain.SettlementStatus;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the fee ledger into {@code settleFeesWithTEE} batches: one EIP-712-signed item per user
 * (at most {@link #BATCH_ITEMS_MAX} per transaction), then applies the per-item statuses.
 *
 * <ul>
 *   <li>SUCCESS: the requests leave the ledger.
 *   <li>PARTIAL: the contract took what the account had; the nonce is spent, so the requests
 *       leave the ledger as well, the shortfall is logged, and the user is not settled again
 *       for {@link #PARTIAL_COOLDOWN_MILLIS}.
 *   <li>INVALID_NONCE: kept; the next run signs with a higher nonce.
 *   <li>PROVIDER_MISMATCH, NO_TEE_SIGNER, INVALID_SIGNATURE: kept, and reported: these are
 *       configuration faults (wrong key, signer not acknowledged) that retrying cannot fix.
 * </ul>
 *
 * <p>Crash safety: before a batch is sent, each item's nonce and last request are written to
 * the ledger ({@link FeeLedger.Pending}). At the start of every run, pending items are
 * resolved against the chain: if the account's nonce reached the item's nonce the batch
 * landed and its requests are removed, otherwise they stay for a new attempt. Nonces grow
 * monotonically (persisted), so a resent batch never reuses one.
 */
public final class Settler {
  public static final int BATCH_ITEMS_MAX = 50;
  public static final int REQUESTS_PER_ITEM_MAX = 10_000;
  public static final long PARTIAL_COOLDOWN_MILLIS = 3_600_000L;
  private static final Logger LOG = LoggerFactory.getLogger(Settler.class);
  private static final BigInteger NONCE_PER_SECOND = BigInteger.TEN.pow(7);

  private final ServingChain chain;
  private final FeeLedger ledger;
  private final Address provider;
  private final BigInteger signerKey;
  private final Clock clock;
  private final TeeSettlementTypedData typedData;
  private final Map<Address, Long> cooldownUntil = new HashMap<>();

  public Settler(ServingChain chain, FeeLedger ledger, Address provider, BigInteger signerKey,
      Clock clock) {
    this.chain = chain;
    this.ledger = ledger;
    this.provider = provider;
    this.signerKey = signerKey;
    this.clock = clock;
    this.typedData = new TeeSettlementTypedData(chain.chainId(), chain.servingContract());
  }

  /** What one item of a run came to. */
  public record Outcome(Address user, BigInteger totalFee, int requests, BigInteger nonce,
      SettlementStatus status) {}

  /** Resolves pending items, then settles up to one batch; returns the batch's outcomes. */
  public synchronized List<Outcome> settleOnce() {
    resolvePending();
    long now = clock.millis();
    List<SettlementItem> items = new ArrayList<>();
    List<List<MeteredRequest>> covered = new ArrayList<>();
    BigInteger nonce = ledger.lastNonce();
    for (Address user : ledger.usersWithFees()) {
      if (items.size() == BATCH_ITEMS_MAX) {
        break;
      }
      if (cooldownUntil.getOrDefault(user, 0L) > now) {
        continue;
      }
      Optional<ServingAccount> account = chain.account(user, provider);
      if (account.isEmpty()) {
        LOG.warn("settlement: {} has fees but no sub-account; kept", user.toChecksumHex());
        continue;
      }
      List<MeteredRequest> requests = ledger.requests(user, REQUESTS_PER_ITEM_MAX);
      BigInteger total = requests.stream().map(MeteredRequest::fee)
          .reduce(BigInteger.ZERO, BigInteger::add);
      nonce = nextNonce(nonce, account.get().nonce(), now);
      Hash requestsHash = TeeSettlementTypedData.requestsHash(requests);
      items.add(typedData.sign(user, provider, total, requestsHash, nonce, signerKey));
      covered.add(requests);
    }
    if (items.isEmpty()) {
      return List.of();
    }
    ledger.useNonce(nonce);
    for (int i = 0; i < items.size(); i++) {
      List<MeteredRequest> requests = covered.get(i);
      ledger.recordPending(new FeeLedger.Pending(items.get(i).user(), items.get(i).nonce(),
          requests.get(requests.size() - 1).sequence()));
    }
    List<SettlementStatus> statuses = chain.settle(items);
    if (statuses.size() != items.size()) {
      throw new IllegalStateException("the contract returned " + statuses.size()
          + " statuses for " + items.size() + " items");
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      outcomes.add(apply(items.get(i), covered.get(i), statuses.get(i), now));
    }
    return outcomes;
  }

  private Outcome apply(SettlementItem item, List<MeteredRequest> requests,
      SettlementStatus status, long now) {
    Address user = item.user();
    switch (status) {
      case SUCCESS -> ledger.markSettled(user, requests);
      case PARTIAL -> {
        ledger.markSettled(user, requests);
        cooldownUntil.put(user, now + PARTIAL_COOLDOWN_MILLIS);
        LOG.warn("settlement: {} could pay only part of {} neuron", user.toChecksumHex(),
            item.totalFee());
      }
      case INVALID_NONCE -> LOG.info("settlement: nonce {} refused for {}; retried later",
          item.nonce(), user.toChecksumHex());
      default -> LOG.error("settlement: {} for {}: check the provider's signer and service",
          status, user.toChecksumHex());
    }
    ledger.clearPending(user);
    return new Outcome(user, item.totalFee(), requests.size(), item.nonce(), status);
  }

  /** After a crash between sending and recording: ask the chain whether each item landed. */
  private void resolvePending() {
    for (FeeLedger.Pending pending : ledger.pending()) {
      Optional<ServingAccount> account = chain.account(pending.user(), provider);
      if (account.isPresent() && account.get().nonce().compareTo(pending.nonce()) >= 0) {
        ledger.markSettledUpTo(pending.user(), pending.lastSequence());
        LOG.info("settlement: nonce {} for {} had landed before a restart", pending.nonce(),
            pending.user().toChecksumHex());
      }
      ledger.clearPending(pending.user());
    }
  }

  /** Above the last used, above the account's, and at least seconds × 10^7 (as upstream). */
  private BigInteger nextNonce(BigInteger lastUsed, BigInteger accountNonce, long nowMillis) {
    BigInteger byTime = BigInteger.valueOf(nowMillis / 1000).multiply(NONCE_PER_SECOND);
    return lastUsed.add(BigInteger.ONE).max(accountNonce.add(BigInteger.ONE)).max(byTime);
  }
}
