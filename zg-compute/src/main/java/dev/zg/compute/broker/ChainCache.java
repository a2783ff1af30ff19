package dev.zg.compute.broker;

import dev.zg.common.Address;
import dev.zg.compute.ComputeException;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.chain.ServingChain;
import dev.zg.compute.chain.ServingService;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reuses account and service reads for a short time, so that a busy user does not cost one
 * {@code eth_call} per request. Revocations and balance changes are seen within the cache
 * time (the SDK itself caches them for 5 to 10 minutes). Chain failures become 503s.
 */
final class ChainCache {
  private record Timed<T>(Optional<T> value, long readAtMillis) {}

  private record AccountKey(Address user, Address provider) {}

  private final ServingChain chain;
  private final Clock clock;
  private final long ttlMillis;
  private final ConcurrentHashMap<AccountKey, Timed<ServingAccount>> accounts =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Address, Timed<ServingService>> services =
      new ConcurrentHashMap<>();

  ChainCache(ServingChain chain, Clock clock, long ttlMillis) {
    this.chain = chain;
    this.clock = clock;
    this.ttlMillis = ttlMillis;
  }

  /**
   * Thrown by the {@code ...IfCached} reads when the answer would need a chain read: the caller
   * then repeats the work on a worker thread. Preallocated; it carries no stack.
   */
  static final class NotCached extends RuntimeException {
    static final NotCached INSTANCE = new NotCached();

    private NotCached() {
      super("not cached", null, false, false);
    }
  }

  /** {@link #account} when a fresh copy is cached; otherwise throws {@link NotCached}. */
  Optional<ServingAccount> accountIfCached(Address user, Address provider) {
    Timed<ServingAccount> cached = accounts.get(new AccountKey(user, provider));
    if (cached == null || clock.millis() - cached.readAtMillis() >= ttlMillis) {
      throw NotCached.INSTANCE;
    }
    return cached.value();
  }

  /** {@link #service} when a fresh copy is cached; otherwise throws {@link NotCached}. */
  Optional<ServingService> serviceIfCached(Address provider) {
    Timed<ServingService> cached = services.get(provider);
    if (cached == null || clock.millis() - cached.readAtMillis() >= ttlMillis) {
      throw NotCached.INSTANCE;
    }
    return cached.value();
  }

  /** Reads the account from the chain now and caches that copy. */
  Optional<ServingAccount> refreshAccount(Address user, Address provider) {
    Optional<ServingAccount> fresh = read(() -> chain.account(user, provider));
    if (ttlMillis > 0) {
      accounts.put(new AccountKey(user, provider), new Timed<>(fresh, clock.millis()));
    }
    return fresh;
  }

  Optional<ServingAccount> account(Address user, Address provider) {
    AccountKey key = new AccountKey(user, provider);
    Timed<ServingAccount> cached = accounts.get(key);
    long now = clock.millis();
    if (cached != null && now - cached.readAtMillis() < ttlMillis) {
      return cached.value();
    }
    Optional<ServingAccount> fresh = read(() -> chain.account(user, provider));
    if (ttlMillis > 0) {
      if (accounts.size() > 100_000) {
        accounts.clear();
      }
      accounts.put(key, new Timed<>(fresh, now));
    }
    return fresh;
  }

  Optional<ServingService> service(Address provider) {
    Timed<ServingService> cached = services.get(provider);
    long now = clock.millis();
    if (cached != null && now - cached.readAtMillis() < ttlMillis) {
      return cached.value();
    }
    Optional<ServingService> fresh = read(() -> chain.service(provider));
    if (ttlMillis > 0) {
      services.put(provider, new Timed<>(fresh, now));
    }
    return fresh;
  }

  private static <T> Optional<T> read(java.util.function.Supplier<Optional<T>> read) {
    try {
      return read.get();
    } catch (ComputeException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ComputeException(503, "chain_unavailable",
          "cannot read the serving contract: " + e.getMessage(), e);
    }
  }
}
