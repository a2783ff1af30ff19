package dev.zg.compute.chain;

import dev.zg.common.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Everything the fine-tuning provider needs from the FineTuningServing contract
 * (compute-sdk.md §2.4). {@link JsonRpcFineTuningChain} implements it over JSON-RPC. Reads may
 * block on the network; callers keep them off event loops.
 */
public interface FineTuningChain {
  /** {@code Quota(cpuCount, nodeMemory, gpuCount, nodeStorage, gpuType)}. */
  record Quota(long cpuCount, long nodeMemory, long gpuCount, long nodeStorage, String gpuType) {}

  /** The fields of {@code Service} the provider uses. */
  record Service(Address provider, String url, Quota quota, BigInteger pricePerToken,
      boolean occupied, List<String> models, Address teeSignerAddress,
      boolean teeSignerAcknowledged) {}

  /** The fields of {@code AccountDetails} the provider uses. */
  record Account(Address user, Address provider, BigInteger nonce, BigInteger balance,
      BigInteger pendingRefund, boolean acknowledged) {
    /** What settlement can take: balance minus pending refunds. */
    public BigInteger lockedBalance() {
      BigInteger locked = balance.subtract(pendingRefund);
      return locked.signum() < 0 ? BigInteger.ZERO : locked;
    }
  }

  /** {@code Deliverable(id, modelRootHash, encryptedSecret, acknowledged, timestamp, settled)}. */
  record Deliverable(String id, byte[] modelRootHash, byte[] encryptedSecret,
      boolean acknowledged, BigInteger timestamp, boolean settled) {}

  /** {@code VerifierInput(id, encryptedSecret, modelRootHash, nonce, signature, taskFee, user)}. */
  record VerifierInput(String id, byte[] encryptedSecret, byte[] modelRootHash, BigInteger nonce,
      byte[] signature, BigInteger taskFee, Address user) {}

  long chainId();

  /** The FineTuningServing address, the EIP-712 verifying contract. */
  Address contract();

  Optional<Service> service(Address provider);

  /** {@code getAccount(user, provider)}, or empty when the sub-account does not exist. */
  Optional<Account> account(Address user, Address provider);

  /** {@code getDeliverable(user, provider, id)}, or empty when there is none. */
  Optional<Deliverable> deliverable(Address user, Address provider, String id);

  /** {@code addOrUpdateService(...)} by the provider, with {@code stakeWei} on first registration. */
  void registerService(String url, Quota quota, BigInteger pricePerToken, boolean occupied,
      List<String> models, Address teeSigner, BigInteger stakeWei);

  /** {@code addDeliverable(user, id, modelRootHash)} by the provider, mined. */
  void addDeliverable(Address user, String id, byte[] modelRootHash);

  /** {@code settleFees(input)} by the provider, mined. */
  void settleFees(VerifierInput input);
}
