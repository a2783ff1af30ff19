package dev.zg.compute.testing;

import dev.zg.common.Address;
import dev.zg.compute.chain.ServiceParams;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.chain.ServingChain;
import dev.zg.compute.chain.ServingService;
import dev.zg.compute.chain.SettlementItem;
import dev.zg.compute.chain.SettlementStatus;
import dev.zg.compute.settle.TeeSettlementTypedData;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The InferenceServing state the broker reads, kept in memory with the contract's settlement
 * rules (signer, nonce, balance then pending refunds, per-item status). A stand-in until the
 * Solidity contracts exist; the JSON-RPC implementation is tested against those.
 */
public final class MemoryServingChain implements ServingChain {
  public static final long CHAIN_ID = 31337;
  public static final Address CONTRACT =
      Address.fromHex("0x0165878A594ca255338adfa4d48449f69242Eb8F");

  private final Address caller;
  private final Map<List<Address>, ServingAccount> accounts = new ConcurrentHashMap<>();
  private final Map<Address, ServingService> services = new ConcurrentHashMap<>();
  private final TeeSettlementTypedData typedData = new TeeSettlementTypedData(CHAIN_ID, CONTRACT);
  public final AtomicInteger accountReads = new AtomicInteger();
  public final List<List<SettlementItem>> settledBatches = new ArrayList<>();

  /** @param caller the provider whose key sends registration and settlement transactions */
  public MemoryServingChain(Address caller) {
    this.caller = caller;
  }

  @Override
  public long chainId() {
    return CHAIN_ID;
  }

  @Override
  public Address servingContract() {
    return CONTRACT;
  }

  @Override
  public Optional<ServingAccount> account(Address user, Address provider) {
    accountReads.incrementAndGet();
    return Optional.ofNullable(accounts.get(List.of(user, provider)));
  }

  @Override
  public Optional<ServingService> service(Address provider) {
    return Optional.ofNullable(services.get(provider));
  }

  @Override
  public void registerService(ServiceParams p, BigInteger stakeWei) {
    services.put(caller, new ServingService(caller, p.serviceType(), p.url(), p.inputPrice(),
        p.outputPrice(), BigInteger.ONE, p.model(), p.verifiability(), p.additionalInfo(),
        p.teeSignerAddress(), true));
  }

  /** Creates or replaces an acknowledged account holding {@code balance}. */
  public void fund(Address user, Address provider, BigInteger balance) {
    accounts.put(List.of(user, provider), new ServingAccount(user, provider, BigInteger.ZERO,
        balance, BigInteger.ZERO, true, BigInteger.ZERO, BigInteger.ZERO));
  }

  public void put(ServingAccount account) {
    accounts.put(List.of(account.user(), account.provider()), account);
  }

  public ServingAccount get(Address user, Address provider) {
    return accounts.get(List.of(user, provider));
  }

  /** {@code revokeAllTokens}: generation + 1, bitmap cleared. */
  public void revokeAll(Address user, Address provider) {
    ServingAccount a = get(user, provider);
    put(new ServingAccount(a.user(), a.provider(), a.nonce(), a.balance(), a.pendingRefund(),
        a.acknowledged(), a.generation().add(BigInteger.ONE), BigInteger.ZERO));
  }

  /** {@code revokeToken}: one bit of the bitmap. */
  public void revoke(Address user, Address provider, int tokenId) {
    ServingAccount a = get(user, provider);
    put(new ServingAccount(a.user(), a.provider(), a.nonce(), a.balance(), a.pendingRefund(),
        a.acknowledged(), a.generation(), a.revokedBitmap().setBit(tokenId)));
  }

  @Override
  public List<SettlementStatus> previewSettlement(List<SettlementItem> items) {
    return run(items, false);
  }

  @Override
  public synchronized List<SettlementStatus> settle(List<SettlementItem> items) {
    settledBatches.add(List.copyOf(items));
    return run(items, true);
  }

  private synchronized List<SettlementStatus> run(List<SettlementItem> items, boolean apply) {
    List<SettlementStatus> out = new ArrayList<>();
    for (SettlementItem item : items) {
      out.add(one(item, apply));
    }
    return out;
  }

  private SettlementStatus one(SettlementItem item, boolean apply) {
    if (!item.provider().equals(caller)) {
      return SettlementStatus.PROVIDER_MISMATCH;
    }
    ServingService service = services.get(caller);
    if (service == null || !service.teeSignerAcknowledged()) {
      return SettlementStatus.NO_TEE_SIGNER;
    }
    ServingAccount a = get(item.user(), item.provider());
    if (a == null || item.nonce().compareTo(a.nonce()) <= 0) {
      return SettlementStatus.INVALID_NONCE;
    }
    if (!service.teeSignerAddress().equals(typedData.recover(item))) {
      return SettlementStatus.INVALID_SIGNATURE;
    }
    BigInteger available = a.balance();
    boolean partial = item.totalFee().compareTo(available) > 0;
    BigInteger paid = partial ? available : item.totalFee();
    BigInteger pending = a.pendingRefund().min(a.balance().subtract(paid));
    if (apply) {
      put(new ServingAccount(a.user(), a.provider(), item.nonce(), a.balance().subtract(paid),
          pending.max(BigInteger.ZERO), a.acknowledged(), a.generation(), a.revokedBitmap()));
    }
    return partial ? SettlementStatus.PARTIAL : SettlementStatus.SUCCESS;
  }
}
