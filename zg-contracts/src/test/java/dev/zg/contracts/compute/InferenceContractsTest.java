package dev.zg.contracts.compute;

import static dev.zg.contracts.compute.ComputeContracts.INFERENCE;
import static dev.zg.contracts.compute.ComputeContracts.INFERENCE_NAME;
import static dev.zg.contracts.compute.ComputeContracts.LEDGER;
import static dev.zg.contracts.compute.ComputeContracts.og;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.contracts.abi.AbiEvent;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.state.Log;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The LedgerManager and InferenceServing on zg's EVM as {@code zg devnet} deploys them:
 * ledgers, transfers into provider sub-accounts, acknowledgement, token revocation, refunds
 * with the lock time, and settlement of EIP-712-signed batches moving exactly the fees.
 */
@SuppressWarnings("unchecked")
class InferenceContractsTest {
  final ComputeContracts c = new ComputeContracts();

  @Test
  void ledgerIsCreatedFundedAndNamesTheInferenceService() {
    c.reverts("LedgerNotExists(address)", new Object[] {c.user}, c.user, c.ledger,
        BigInteger.ZERO, LEDGER, "refund", og(1));
    assertThat(c.chain.call(c.user, c.ledger, LEDGER.function("getLedger").encodeCall(c.user))
        .output()).isEqualTo(dev.zg.contracts.abi.AbiFunction.parse("LedgerNotExists(address)")
            .encodeCall(c.user));
    c.reverts("MinimumDepositRequired(uint256,uint256)", new Object[] {og(3), og(2)}, c.user,
        c.ledger, og(2), LEDGER, "addLedger", "");
    c.ok(c.user, c.ledger, og(5), LEDGER, "addLedger", "");
    c.reverts("LedgerExists(address)", new Object[] {c.user}, c.user, c.ledger, og(5), LEDGER,
        "addLedger", "");
    c.ok(c.user, c.ledger, og(2), LEDGER, "depositFund");
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(7), og(7), "");
    // depositFund creates a missing ledger, with the same minimum.
    Address other = dev.zg.chain.genesis.DevnetGenesis.accounts().get(5).address();
    c.ok(other, c.ledger, og(3), LEDGER, "depositFund");
    assertThat(c.ledgerOf(other).get(2)).isEqualTo(og(3));

    List<Object> info = (List<Object>) c.view(c.user, c.ledger, LEDGER, "getServiceInfo",
        c.inference).get(0);
    assertThat(info.get(0)).isEqualTo(c.inference);
    assertThat(info.subList(2, 5)).containsExactly("inference", "v1.0", INFERENCE_NAME);
    assertThat(c.view(c.user, c.ledger, LEDGER, "getServiceAddressByName", INFERENCE_NAME))
        .containsExactly(c.inference);
    assertThat(c.view(c.user, c.inference, INFERENCE, "supportsInterface",
        Hex.decode("0x160841b1"))).containsExactly(true);

    c.reverts("InsufficientBalance(address)", new Object[] {c.user}, c.user, c.ledger,
        BigInteger.ZERO, LEDGER, "refund", og(8));
    // A refund may not leave a balance between 0 and 3 0G.
    c.reverts("MinimumDepositRequired(uint256,uint256)", new Object[] {og(3), og(2)}, c.user,
        c.ledger, BigInteger.ZERO, LEDGER, "refund", og(5));
    BigInteger before = c.chain.balance(c.user).toBigInteger();
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "refund", og(4));
    assertThat(c.chain.balance(c.user).toBigInteger()).isEqualTo(before.add(og(4)));
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(3), og(3), "");
    // Plain transfers are refused: money enters through depositFund only.
    TransactionResult plain = c.chain.send(c.user, c.ledger,
        dev.zg.common.UInt256.fromBigInteger(og(1)), new byte[0]);
    assertThat(ComputeContracts.errorSelector(plain)).isEqualTo("0x0f3342be");
  }

  @Test
  void transferCreatesTheSubAccountAndSignerIsAcknowledged() {
    c.reverts("InsufficientStake(uint256,uint256)", new Object[] {og(99), og(100)}, c.provider,
        c.inference, og(99), INFERENCE, "addOrUpdateService",
        c.params("http://p", BigInteger.ONE, BigInteger.ONE, c.signer.address()));
    c.registerProvider();
    List<Object> service = c.service(c.provider);
    assertThat(service.get(0)).isEqualTo(c.provider);
    assertThat(service.get(1)).isEqualTo("chatbot");
    assertThat(service.get(9)).isEqualTo(c.signer.address());
    assertThat(service.get(10)).isEqualTo(true);
    c.reverts("CannotAddStakeWhenUpdating()", new Object[0], c.provider, c.inference, og(1),
        INFERENCE, "addOrUpdateService",
        c.params("http://p", BigInteger.ONE, BigInteger.ONE, c.signer.address()));
    List<Object> all = (List<Object>) c.view(c.user, c.inference, INFERENCE, "getAllServices",
        BigInteger.ZERO, BigInteger.valueOf(50)).get(0);
    assertThat(all).hasSize(1);

    c.ok(c.user, c.ledger, og(10), LEDGER, "addLedger", "");
    TransactionResult missing = c.chain.call(c.user, c.inference,
        INFERENCE.function("getAccount").encodeCall(c.user, c.provider));
    assertThat(ComputeContracts.errorSelector(missing)).isEqualTo("0x08ca03ac");
    c.reverts("MinimumDepositRequired(uint256,uint256)", new Object[] {og(1), og(0.5)}, c.user,
        c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME, og(0.5));
    c.reverts("InvalidServiceType(string)", new Object[] {"nope"}, c.user, c.ledger,
        BigInteger.ZERO, LEDGER, "transferFund", c.provider, "nope", og(2));
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME,
        og(2));
    List<Object> account = c.account(c.user, c.provider);
    assertThat(account.get(0)).isEqualTo(c.user);
    assertThat(account.get(1)).isEqualTo(c.provider);
    assertThat(account.get(3)).isEqualTo(og(2));
    assertThat(account.get(7)).isEqualTo(true); // opening acknowledges
    assertThat(account.subList(8, 11)).containsExactly(BigInteger.ZERO, BigInteger.ZERO,
        BigInteger.ZERO);
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(8), og(10), "");
    assertThat(c.chain.balance(c.inference).toBigInteger()).isEqualTo(og(102));
    assertThat(c.view(c.user, c.ledger, LEDGER, "getLedgerProviders", c.user, INFERENCE_NAME)
        .get(0)).isEqualTo(List.of(c.provider));

    c.ok(c.user, c.inference, BigInteger.ZERO, INFERENCE, "acknowledgeTEESigner", c.provider,
        false);
    assertThat(c.account(c.user, c.provider).get(7)).isEqualTo(false);
    c.ok(c.user, c.inference, BigInteger.ZERO, INFERENCE, "acknowledgeTEESigner", c.provider,
        true);
    assertThat(c.account(c.user, c.provider).get(7)).isEqualTo(true);
    // A second transfer deposits into the existing account.
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME,
        og(0.5));
    assertThat(c.account(c.user, c.provider).get(3)).isEqualTo(og(2.5));
    // Only the owner acknowledges signers; only the ledger opens accounts.
    assertThat(c.send(c.user, c.inference, BigInteger.ZERO, INFERENCE,
        "acknowledgeTEESignerByOwner", c.provider).success()).isFalse();
    c.reverts("CallerNotLedger(address)", new Object[] {c.user}, c.user, c.inference, og(1),
        INFERENCE, "addAccount", c.user, c.provider, "");
  }

  @Test
  void tokensAreRevokedOneByOneOrByGeneration() {
    fundedAccount(og(2));
    c.ok(c.user, c.inference, BigInteger.ZERO, INFERENCE, "revokeToken", c.provider,
        BigInteger.valueOf(3));
    c.ok(c.user, c.inference, BigInteger.ZERO, INFERENCE, "revokeTokens", c.provider,
        List.of(BigInteger.ZERO, BigInteger.valueOf(254)));
    List<Object> account = c.account(c.user, c.provider);
    assertThat(account.get(10)).isEqualTo(BigInteger.ONE.shiftLeft(254).or(BigInteger.valueOf(9)));
    assertThat(c.view(c.user, c.inference, INFERENCE, "isTokenRevoked", c.user, c.provider,
        BigInteger.valueOf(3))).containsExactly(true);
    assertThat(c.view(c.user, c.inference, INFERENCE, "isTokenRevoked", c.user, c.provider,
        BigInteger.ONE)).containsExactly(false);
    TransactionResult r = c.ok(c.user, c.inference, BigInteger.ZERO, INFERENCE,
        "revokeAllTokens", c.provider);
    account = c.account(c.user, c.provider);
    assertThat(account.get(9)).isEqualTo(BigInteger.ONE);
    assertThat(account.get(10)).isEqualTo(BigInteger.ZERO);
    AbiEvent revoked = INFERENCE.event("AllTokensRevoked");
    Log log = r.logs().get(0);
    assertThat(log.topics().get(0)).isEqualTo(revoked.topic());
    assertThat(revoked.decode(log.topics(), log.data())).containsExactly(c.user, c.provider,
        BigInteger.ONE);
  }

  @Test
  void signedBatchSettlesExactlyAndRefusesReplaysForgeriesAndMismatches() {
    fundedAccount(og(2));
    byte[] requests = Hash.keccak("requests 1".getBytes()).toArray();
    // The contract's digest is the spec's typed data (checked with web3j's encoder).
    byte[] digest = Eip712.settlementDigest(31337, c.inference, requests, BigInteger.ONE,
        c.provider, c.user, og(0.3));
    assertThat(c.view(c.user, c.inference, INFERENCE, "settlementDigest", requests,
        BigInteger.ONE, c.provider, c.user, og(0.3)).get(0)).isEqualTo(digest);

    BigInteger providerBefore = c.chain.balance(c.provider).toBigInteger();
    List<Object> good = c.settlement(c.user, c.provider, og(0.3), requests, BigInteger.ONE,
        c.signer);
    List<Object> preview = c.view(c.provider, c.inference, INFERENCE, "previewSettlementResults",
        List.of(good));
    assertThat(preview.get(0)).isEqualTo(List.of(BigInteger.ZERO));
    TransactionResult r = c.ok(c.provider, c.inference, BigInteger.ZERO, INFERENCE,
        "settleFeesWithTEE", List.of(good));
    assertThat(INFERENCE.function("settleFeesWithTEE").decodeResult(r.output()).get(0))
        .isEqualTo(List.of(BigInteger.ZERO));
    assertThat(results(r)).containsExactly(List.of(c.user, BigInteger.ZERO, BigInteger.ZERO));
    assertThat(c.chain.balance(c.provider).toBigInteger()).isEqualTo(providerBefore.add(og(0.3)));
    List<Object> account = c.account(c.user, c.provider);
    assertThat(account.get(2)).isEqualTo(BigInteger.ONE);
    assertThat(account.get(3)).isEqualTo(og(1.7));
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(8), og(9.7), "");

    // Replay, a signature by another key, another provider's item, and a second good item in
    // one batch: statuses 4, 5, 2, 0; only the good one is paid.
    List<Object> forged = c.settlement(c.user, c.provider, og(0.1), requests,
        BigInteger.TWO, c.otherKey);
    Address someoneElse = dev.zg.chain.genesis.DevnetGenesis.accounts().get(6).address();
    List<Object> mismatch = c.settlement(c.user, someoneElse, og(0.1), requests,
        BigInteger.TWO, c.signer);
    List<Object> next = c.settlement(c.user, c.provider, og(0.2), requests,
        BigInteger.valueOf(5), c.signer);
    providerBefore = c.chain.balance(c.provider).toBigInteger();
    r = c.ok(c.provider, c.inference, BigInteger.ZERO, INFERENCE, "settleFeesWithTEE",
        List.of(good, forged, mismatch, next));
    assertThat(INFERENCE.function("settleFeesWithTEE").decodeResult(r.output()).get(0))
        .isEqualTo(List.of(BigInteger.valueOf(4), BigInteger.valueOf(5), BigInteger.TWO,
            BigInteger.ZERO));
    assertThat(c.chain.balance(c.provider).toBigInteger()).isEqualTo(providerBefore.add(og(0.2)));
    assertThat(c.account(c.user, c.provider).get(2)).isEqualTo(BigInteger.valueOf(5));
    assertThat(c.account(c.user, c.provider).get(3)).isEqualTo(og(1.5));

    // More than the balance: PARTIAL, the balance is taken, the rest reported unsettled.
    List<Object> big = c.settlement(c.user, c.provider, og(2), requests, BigInteger.valueOf(6),
        c.signer);
    providerBefore = c.chain.balance(c.provider).toBigInteger();
    r = c.ok(c.provider, c.inference, BigInteger.ZERO, INFERENCE, "settleFeesWithTEE",
        List.of(big));
    assertThat(results(r)).containsExactly(List.of(c.user, BigInteger.ONE, og(0.5)));
    assertThat(c.chain.balance(c.provider).toBigInteger()).isEqualTo(providerBefore.add(og(1.5)));
    assertThat(c.account(c.user, c.provider).get(3)).isEqualTo(BigInteger.ZERO);
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(8), og(8), "");

    // An unacknowledged signer settles nothing.
    c.ok(c.owner, c.inference, BigInteger.ZERO, INFERENCE, "revokeTEESignerAcknowledgement",
        c.provider);
    r = c.ok(c.provider, c.inference, BigInteger.ZERO, INFERENCE, "settleFeesWithTEE",
        List.of(c.settlement(c.user, c.provider, og(0.1), requests, BigInteger.TEN, c.signer)));
    assertThat(results(r)).containsExactly(List.of(c.user, BigInteger.valueOf(3), og(0.1)));
    c.reverts("NoSettlementsProvided()", new Object[0], c.provider, c.inference,
        BigInteger.ZERO, INFERENCE, "settleFeesWithTEE", List.of());
  }

  @Test
  void refundsMatureAfterTheLockTimeAndSettlementDrawsOnThem() {
    fundedAccount(og(2));
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "retrieveFund", List.of(c.provider),
        INFERENCE_NAME);
    List<Object> account = c.account(c.user, c.provider);
    assertThat(account.get(3)).isEqualTo(og(2));
    assertThat(account.get(4)).isEqualTo(og(2));
    assertThat(account.get(8)).isEqualTo(BigInteger.ONE);
    List<Object> refund = (List<Object>) ((List<Object>) account.get(5)).get(0);
    assertThat(refund.get(1)).isEqualTo(og(2));
    assertThat(refund.get(2)).isEqualTo(BigInteger.valueOf(c.chain.timestamp()));

    // A settlement takes from the pending refund when nothing else is left.
    c.ok(c.provider, c.inference, BigInteger.ZERO, INFERENCE, "settleFeesWithTEE",
        List.of(c.settlement(c.user, c.provider, og(0.5), new byte[32], BigInteger.ONE,
            c.signer)));
    account = c.account(c.user, c.provider);
    assertThat(account.get(3)).isEqualTo(og(1.5));
    assertThat(account.get(4)).isEqualTo(og(1.5));

    // Before the lock time nothing comes back; after it, everything pending does.
    c.chain.advance(1, 3599);
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "retrieveFund", List.of(c.provider),
        INFERENCE_NAME);
    assertThat(c.ledgerOf(c.user).get(1)).isEqualTo(og(8));
    c.chain.advance(1, 1);
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "retrieveFund", List.of(c.provider),
        INFERENCE_NAME);
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(9.5), og(9.5), "");
    account = c.account(c.user, c.provider);
    assertThat(account.subList(3, 5)).containsExactly(BigInteger.ZERO, BigInteger.ZERO);
    assertThat(account.get(8)).isEqualTo(BigInteger.ZERO);

    // A transfer into an account with a pending refund cancels it before taking new money.
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME,
        og(3));
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "retrieveFund", List.of(c.provider),
        INFERENCE_NAME);
    assertThat(c.account(c.user, c.provider).get(4)).isEqualTo(og(3));
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME,
        og(1));
    account = c.account(c.user, c.provider);
    assertThat(account.subList(3, 5)).containsExactly(og(3), og(2));
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(6.5), og(9.5), "");
    c.reverts("MustWithdrawAllFundsFirst(uint256)", new Object[] {og(9.5)}, c.user, c.ledger,
        BigInteger.ZERO, LEDGER, "deleteLedger");
  }

  @Test
  void serviceRegistryProbesServingContractsAndStakesComeBack() {
    c.reverts("InvalidServiceAddress(address)", new Object[] {c.user}, c.owner, c.ledger,
        BigInteger.ZERO, LEDGER, "registerService", "inference", "v2.0", c.user, "no code");
    TransactionResult deployed = c.chain.send(c.owner, null, dev.zg.common.UInt256.ZERO,
        INFERENCE.deployData(BigInteger.valueOf(3600), c.ledger, c.owner));
    assertThat(deployed.success()).isTrue();
    Address second = deployed.contractAddress();
    c.reverts("ServiceNameExists(string)", new Object[] {INFERENCE_NAME}, c.owner, c.ledger,
        BigInteger.ZERO, LEDGER, "registerService", "inference", "v1.0", second, "again");
    assertThat(c.send(c.user, c.ledger, BigInteger.ZERO, LEDGER, "registerService",
        "inference", "v2.0", second, "not the owner").success()).isFalse();
    c.ok(c.owner, c.ledger, BigInteger.ZERO, LEDGER, "registerService", "inference", "v2.0",
        second, "second");
    assertThat(c.view(c.user, c.ledger, LEDGER, "getServiceAddressByName", "inference-v2.0"))
        .containsExactly(second);
    assertThat((List<Object>) c.view(c.user, c.ledger, LEDGER, "getAllActiveServices").get(0))
        .hasSize(3);
    assertThat(c.view(c.user, c.ledger, LEDGER, "getRecommendedService", "inference"))
        .containsExactly(c.inference);
    c.ok(c.owner, c.ledger, BigInteger.ZERO, LEDGER, "setRecommendedService", "inference",
        "v2.0");
    assertThat(c.view(c.user, c.ledger, LEDGER, "getRecommendedService", "inference"))
        .containsExactly(second);
    assertThat(((List<Object>) c.view(c.user, c.ledger, LEDGER, "getServiceInfo", c.inference)
        .get(0)).get(6)).isEqualTo(false);

    c.registerProvider();
    BigInteger before = c.chain.balance(c.provider).toBigInteger();
    c.ok(c.provider, c.inference, BigInteger.ZERO, INFERENCE, "removeService");
    assertThat(c.chain.balance(c.provider).toBigInteger()).isEqualTo(before.add(og(100)));
    c.reverts("ServiceNotExist(address)", new Object[] {c.provider}, c.owner, c.inference,
        BigInteger.ZERO, INFERENCE, "revokeTEESignerAcknowledgement", c.provider);
    assertThat(c.chain.call(c.user, c.inference, INFERENCE.function("getService")
        .encodeCall(c.provider)).success()).isFalse();
  }

  @Test
  void aLedgerEmptiedAndCreatedAgainFindsItsSubAccountWithItsGeneration() {
    fundedAccount(og(2));
    c.ok(c.user, c.inference, BigInteger.ZERO, INFERENCE, "revokeAllTokens", c.provider);
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "retrieveFund", List.of(c.provider),
        INFERENCE_NAME);
    c.chain.advance(1, 3600);
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "retrieveFund", List.of(c.provider),
        INFERENCE_NAME);
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(10), og(10), "");
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "refund", og(10));
    assertThat(c.chain.call(c.user, c.ledger, LEDGER.function("getLedger").encodeCall(c.user))
        .success()).isFalse();
    assertThat(c.chain.balance(c.ledger).toBigInteger()).isZero();

    c.ok(c.user, c.ledger, og(3), LEDGER, "addLedger", "");
    assertThat((List<Object>) c.view(c.user, c.ledger, LEDGER, "getLedgerProviders", c.user,
        INFERENCE_NAME).get(0)).isEmpty();
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME,
        og(1));
    assertThat(c.view(c.user, c.ledger, LEDGER, "getLedgerProviders", c.user, INFERENCE_NAME)
        .get(0)).isEqualTo(List.of(c.provider));
    List<Object> account = c.account(c.user, c.provider);
    assertThat(account.get(3)).isEqualTo(og(1));
    assertThat(account.get(9)).isEqualTo(BigInteger.ONE);
  }

  private void fundedAccount(BigInteger amount) {
    c.registerProvider();
    c.ok(c.user, c.ledger, og(10), LEDGER, "addLedger", "");
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider, INFERENCE_NAME,
        amount);
  }

  /** The TEESettlementResult events of a transaction: (user, status, unsettled). */
  private static List<List<Object>> results(TransactionResult r) {
    AbiEvent event = INFERENCE.event("TEESettlementResult");
    List<List<Object>> out = new ArrayList<>();
    for (Log log : r.logs()) {
      if (log.topics().get(0).equals(event.topic())) {
        out.add(event.decode(log.topics(), log.data()));
      }
    }
    return out;
  }
}
