package dev.zg.compute.chain;

import dev.zg.common.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Everything the provider broker needs from the InferenceServing contract, and nothing else:
 * the broker never touches the chain except through this port. {@link JsonRpcServingChain}
 * implements it over Ethereum JSON-RPC with the contract's exact ABI; tests can put any other
 * chain behind it.
 *
 * <p>Reads may block on the network; callers keep them off event loops.
 */
public interface ServingChain {
  /** The chain id, part of the EIP-712 settlement domain. */
  long chainId();

  /** The InferenceServing contract address, the EIP-712 verifying contract. */
  Address servingContract();

  /** {@code getAccount(user, provider)}, or empty when the sub-account does not exist. */
  Optional<ServingAccount> account(Address user, Address provider);

  /** {@code getService(provider)}, or empty when the provider has no service. */
  Optional<ServingService> service(Address provider);

  /**
   * {@code addOrUpdateService(params)} sent by the provider, with {@code stakeWei} as value
   * (at least {@code MIN_PROVIDER_STAKE} on first registration, 0 on updates).
   */
  void registerService(ServiceParams params, BigInteger stakeWei);

  /** {@code previewSettlementResults(items)}: the statuses a settlement would get, no state change. */
  List<SettlementStatus> previewSettlement(List<SettlementItem> items);

  /** {@code settleFeesWithTEE(items)}, mined; one status per item, in order. */
  List<SettlementStatus> settle(List<SettlementItem> items);
}
