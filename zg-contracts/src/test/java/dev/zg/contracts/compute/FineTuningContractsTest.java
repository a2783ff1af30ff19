package dev.zg.contracts.compute;

import static dev.zg.contracts.compute.ComputeContracts.FINE_TUNING;
import static dev.zg.contracts.compute.ComputeContracts.FINE_TUNING_NAME;
import static dev.zg.contracts.compute.ComputeContracts.LEDGER;
import static dev.zg.contracts.compute.ComputeContracts.og;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FineTuningServing as {@code zg devnet} deploys it: a staked service with a signer the
 * owner acknowledges, a sub-account funded through the ledger, deliverables the user
 * acknowledges, and settlement signed with EIP-712: the full fee with the sealed key after
 * acknowledgement, the penalty share without it.
 */
@SuppressWarnings("unchecked")
class FineTuningContractsTest {
  final ComputeContracts c = new ComputeContracts();
  final byte[] root1 = Hex.decode("0x" + "11".repeat(32));
  final byte[] root2 = Hex.decode("0x" + "22".repeat(32));
  final byte[] secret = "sealed key".getBytes(StandardCharsets.UTF_8);

  @Test
  void deliverableIsAcknowledgedAndSettledWithTheFullFeeOrThePenalty() {
    List<Object> quota = List.of(BigInteger.valueOf(8), BigInteger.valueOf(32),
        BigInteger.ONE, BigInteger.valueOf(100), "none");
    c.reverts("InsufficientStake(uint256,uint256)", new Object[] {og(1), og(100)}, c.provider,
        c.fineTuning, og(1), FINE_TUNING, "addOrUpdateService", "http://ft", quota,
        BigInteger.TEN, false, List.of("zg-tiny"), c.signer.address());
    c.ok(c.provider, c.fineTuning, og(100), FINE_TUNING, "addOrUpdateService", "http://ft",
        quota, BigInteger.TEN, false, List.of("zg-tiny"), c.signer.address());
    c.ok(c.owner, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "acknowledgeTEESignerByOwner",
        c.provider);
    List<Object> services = (List<Object>) c.view(c.user, c.fineTuning, FINE_TUNING,
        "getAllServices").get(0);
    List<Object> service = (List<Object>) services.get(0);
    assertThat(service.get(0)).isEqualTo(c.provider);
    assertThat(service.get(2)).isEqualTo(quota);
    assertThat(service.get(5)).isEqualTo(List.of("zg-tiny"));
    assertThat(service.subList(6, 8)).containsExactly(c.signer.address(), true);

    c.ok(c.user, c.ledger, og(10), LEDGER, "addLedger", "");
    c.ok(c.user, c.ledger, BigInteger.ZERO, LEDGER, "transferFund", c.provider,
        FINE_TUNING_NAME, og(2));
    List<Object> account = account();
    assertThat(account.subList(0, 5)).containsExactly(c.user, c.provider, BigInteger.ZERO,
        og(2), BigInteger.ZERO);
    assertThat(account.get(11)).isEqualTo(true);

    // Task 1: delivered, acknowledged by the user, settled with the key: the full fee.
    c.reverts("ServiceNotExist(address)", new Object[] {c.user}, c.user, c.fineTuning,
        BigInteger.ZERO, FINE_TUNING, "addDeliverable", c.user, "task-1", root1);
    c.ok(c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "addDeliverable", c.user,
        "task-1", root1);
    c.reverts("PreviousDeliverableNotAcknowledged(string)", new Object[] {"task-1"},
        c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "addDeliverable", c.user,
        "task-2", root2);
    c.reverts("DeliverableAlreadyExists(string)", new Object[] {"task-1"}, c.provider,
        c.fineTuning, BigInteger.ZERO, FINE_TUNING, "addDeliverable", c.user, "task-1", root1);
    c.ok(c.user, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "acknowledgeDeliverable",
        c.provider, "task-1");
    // The contract's digest is the spec's typed data.
    List<Object> input = c.verifierInput("task-1", secret, root1, BigInteger.ONE, og(1),
        c.signer);
    assertThat(c.view(c.provider, c.fineTuning, FINE_TUNING, "verifierDigest", input).get(0))
        .isEqualTo(Eip712.verifierDigest(31337, c.fineTuning, "task-1", secret, root1,
            BigInteger.ONE, og(1), c.user));
    c.reverts("SecretShouldNotBeEmpty()", new Object[0], c.provider, c.fineTuning,
        BigInteger.ZERO, FINE_TUNING, "settleFees",
        c.verifierInput("task-1", new byte[0], root1, BigInteger.ONE, og(1), c.signer));
    c.reverts("InvalidVerifierInput(string)", new Object[] {"signature"}, c.provider,
        c.fineTuning, BigInteger.ZERO, FINE_TUNING, "settleFees",
        c.verifierInput("task-1", secret, root1, BigInteger.ONE, og(1), c.otherKey));
    c.reverts("InvalidVerifierInput(string)", new Object[] {"model root hash mismatch"},
        c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "settleFees",
        c.verifierInput("task-1", secret, root2, BigInteger.ONE, og(1), c.signer));
    BigInteger before = c.chain.balance(c.provider).toBigInteger();
    c.ok(c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "settleFees", input);
    assertThat(c.chain.balance(c.provider).toBigInteger()).isEqualTo(before.add(og(1)));
    List<Object> d = (List<Object>) c.view(c.user, c.fineTuning, FINE_TUNING, "getDeliverable",
        c.user, c.provider, "task-1").get(0);
    assertThat(d.get(0)).isEqualTo("task-1");
    assertThat(d.get(1)).isEqualTo(root1);
    assertThat(d.get(2)).isEqualTo(secret);
    assertThat(d.get(3)).isEqualTo(true);
    assertThat(d.get(5)).isEqualTo(true);
    assertThat(account().subList(2, 4)).containsExactly(BigInteger.ONE, og(1));
    assertThat(c.ledgerOf(c.user)).containsExactly(c.user, og(8), og(9), "");
    c.reverts("DeliverableAlreadySettled(string)", new Object[] {"task-1"}, c.provider,
        c.fineTuning, BigInteger.ZERO, FINE_TUNING, "settleFees", input);

    // Task 2: never acknowledged; the key must not be sent and only 30% is paid.
    c.ok(c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "addDeliverable", c.user,
        "task-2", root2);
    c.reverts("SecretShouldBeEmpty()", new Object[0], c.provider, c.fineTuning,
        BigInteger.ZERO, FINE_TUNING, "settleFees",
        c.verifierInput("task-2", secret, root2, BigInteger.TWO, og(1), c.signer));
    c.reverts("InvalidVerifierInput(string)", new Object[] {"nonce not above the account's"},
        c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "settleFees",
        c.verifierInput("task-2", new byte[0], root2, BigInteger.ONE, og(1), c.signer));
    before = c.chain.balance(c.provider).toBigInteger();
    c.ok(c.provider, c.fineTuning, BigInteger.ZERO, FINE_TUNING, "settleFees",
        c.verifierInput("task-2", new byte[0], root2, BigInteger.TWO, og(1), c.signer));
    assertThat(c.chain.balance(c.provider).toBigInteger()).isEqualTo(before.add(og(0.3)));
    assertThat(account().get(3)).isEqualTo(og(0.7));
    List<Object> all = (List<Object>) account().get(7);
    assertThat(all).hasSize(2);
    assertThat(account().subList(9, 11)).containsExactly(BigInteger.ZERO, BigInteger.TWO);
    c.reverts("CannotAcknowledgeSettledDeliverable(string)", new Object[] {"task-2"}, c.user,
        c.fineTuning, BigInteger.ZERO, FINE_TUNING, "acknowledgeDeliverable", c.provider,
        "task-2");
  }

  private List<Object> account() {
    return (List<Object>) c.view(c.user, c.fineTuning, FINE_TUNING, "getAccount", c.user,
        c.provider).get(0);
  }
}
