package dev.zg.contracts.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.abi.AbiFunction;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.contracts.devnet.EvmSandbox;
import dev.zg.evm.TransactionResult;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * The devnet's compute contracts, deployed by {@link DevnetContracts} as {@code zg devnet}
 * does, in an {@link EvmSandbox} (gas price zero, so balances move by exactly the amounts).
 */
@SuppressWarnings("unchecked")
final class ComputeContracts {
  static final ContractArtifact LEDGER = Artifacts.get("LedgerManager");
  static final ContractArtifact INFERENCE = Artifacts.get("InferenceServing");
  static final ContractArtifact FINE_TUNING = Artifacts.get("FineTuningServing");
  static final String FINE_TUNING_NAME = DevnetContracts.FINE_TUNING_SERVICE_NAME;
  static final BigInteger OG = BigInteger.TEN.pow(18);
  static final String INFERENCE_NAME = DevnetContracts.INFERENCE_SERVICE_NAME;

  final EvmSandbox chain;
  final Address ledger;
  final Address inference;
  final Address fineTuning;
  final Address owner = DevnetContracts.DEPLOYER;
  final Address user = DevnetGenesis.accounts().get(1).address();
  final Address provider = DevnetGenesis.accounts().get(2).address();
  final Secp256k1.KeyPair signer = DevnetGenesis.accounts().get(3);
  final Secp256k1.KeyPair otherKey = DevnetGenesis.accounts().get(4);

  ComputeContracts() {
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(DevnetGenesis.create());
    chain = new EvmSandbox(DevnetGenesis.DEFAULT_CHAIN_ID, 0, 1_700_000_000L);
    deployed.genesis().alloc().forEach(chain::put);
    chain.advance(1, 1);
    ledger = deployed.contracts().get("ledgerManager");
    inference = deployed.contracts().get("inferenceServing");
    fineTuning = deployed.contracts().get("fineTuningServing");
  }

  static BigInteger og(double amount) {
    return java.math.BigDecimal.valueOf(amount).multiply(new java.math.BigDecimal(OG))
        .toBigIntegerExact();
  }

  List<Object> view(Address from, Address contract, ContractArtifact a, String fn,
      Object... args) {
    AbiFunction f = a.function(fn);
    TransactionResult r = chain.call(from, contract, f.encodeCall(args));
    assertThat(r.success()).as("%s: %s %s", f.signature(), r.halt(), Hex.prefixed(r.output()))
        .isTrue();
    return f.decodeResult(r.output());
  }

  TransactionResult send(Address from, Address contract, BigInteger value, ContractArtifact a,
      String fn, Object... args) {
    return chain.send(from, contract, UInt256.fromBigInteger(value),
        a.function(fn).encodeCall(args));
  }

  /** Sends and requires success. */
  TransactionResult ok(Address from, Address contract, BigInteger value, ContractArtifact a,
      String fn, Object... args) {
    TransactionResult r = send(from, contract, value, a, fn, args);
    assertThat(r.success()).as("%s: %s %s", fn, r.halt(), Hex.prefixed(r.output())).isTrue();
    return r;
  }

  /** Sends and requires a revert with exactly this custom error. */
  void reverts(String error, Object[] errorArgs, Address from, Address contract,
      BigInteger value, ContractArtifact a, String fn, Object... args) {
    TransactionResult r = send(from, contract, value, a, fn, args);
    assertThat(r.success()).as("%s should revert with %s", fn, error).isFalse();
    assertThat(Hex.prefixed(r.output()))
        .isEqualTo(Hex.prefixed(AbiFunction.parse(error).encodeCall(errorArgs)));
  }

  /** The 4-byte selector of the custom error a failed call reverted with. */
  static String errorSelector(TransactionResult r) {
    assertThat(r.success()).as("expected a revert").isFalse();
    return Hex.prefixed(Arrays.copyOf(r.output(), 4));
  }

  List<Object> ledgerOf(Address who) {
    return (List<Object>) view(who, ledger, LEDGER, "getLedger", who).get(0);
  }

  List<Object> account(Address who, Address p) {
    return (List<Object>) view(who, inference, INFERENCE, "getAccount", who, p).get(0);
  }

  List<Object> service(Address p) {
    return (List<Object>) view(user, inference, INFERENCE, "getService", p).get(0);
  }

  /** ServiceParams as ABI values. */
  List<Object> params(String url, BigInteger inputPrice, BigInteger outputPrice,
      Address teeSigner) {
    return List.of("chatbot", url, "zg-tiny", "TeeML", inputPrice, outputPrice, "{}",
        teeSigner);
  }

  /** Registers the provider's service with the minimum stake and the owner acknowledges it. */
  void registerProvider() {
    ok(provider, inference, og(100), INFERENCE, "addOrUpdateService",
        params("http://127.0.0.1:1", BigInteger.valueOf(10), BigInteger.valueOf(20),
            signer.address()));
    ok(owner, inference, BigInteger.ZERO, INFERENCE, "acknowledgeTEESignerByOwner", provider);
  }

  /** A TEESettlementData item signed by {@code key}. */
  List<Object> settlement(Address forUser, Address forProvider, BigInteger fee, byte[] hash,
      BigInteger nonce, Secp256k1.KeyPair key) {
    byte[] digest = Eip712.settlementDigest(DevnetGenesis.DEFAULT_CHAIN_ID, inference,
        hash, nonce, forProvider, forUser, fee);
    Secp256k1.Signature sig = Secp256k1.sign(digest, key.privateKey());
    byte[] rsv = sig.toBytes();
    rsv[64] = (byte) (27 + sig.recoveryId());
    return List.of(forUser, forProvider, fee, hash, nonce, rsv);
  }

  /** A fine-tuning VerifierInput signed by {@code key}. */
  List<Object> verifierInput(String id, byte[] secret, byte[] root, BigInteger nonce,
      BigInteger fee, Secp256k1.KeyPair key) {
    byte[] digest = Eip712.verifierDigest(DevnetGenesis.DEFAULT_CHAIN_ID, fineTuning, id,
        secret, root, nonce, fee, user);
    Secp256k1.Signature sig = Secp256k1.sign(digest, key.privateKey());
    byte[] rsv = sig.toBytes();
    rsv[64] = (byte) (27 + sig.recoveryId());
    return List.of(id, secret, root, nonce, rsv, fee, user);
  }
}
