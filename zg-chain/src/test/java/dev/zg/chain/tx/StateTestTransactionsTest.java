package dev.zg.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.tx.ValidationResult.Invalid;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.testing.SharedVectors;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A second, larger vector set: every distinct {@code txbytes} of the GeneralStateTests (Cancun
 * posts; about 12,000 transactions, all four types, including the only type-3 vectors we
 * have). For each, the transaction rebuilt from the JSON fields and signed with the test's
 * secret key must encode to exactly those bytes (fields, order, signing hash and RFC 6979
 * signature all agree), decoding must give it back, the sender must match, and the stateless
 * verdict (with the block's fees) must agree with the expected exception where that exception
 * is not about account state.
 */
class StateTestTransactionsTest {
  private static final String FOLDER = "ethereum-tests/GeneralStateTests";
  private static final long CHAIN_ID = 1;
  private static final CancunTransactionValidator VALIDATOR =
      CancunTransactionValidator.forChain(CHAIN_ID);
  /** Exceptions that depend on account state, which this package does not see. */
  private static final Set<String> STATE_ONLY = Set.of("INSUFFICIENT_ACCOUNT_FUNDS",
      "SENDER_NOT_EOA");
  // EIP-4844 blob base fee parameters, for the block context.
  private static final BigInteger BLOB_BASE_FEE_UPDATE_FRACTION = BigInteger.valueOf(3_338_477);

  private final Set<String> seen = new HashSet<>();

  @TestFactory
  Stream<DynamicTest> everyStateTestTransaction() {
    Path folder = SharedVectors.require(FOLDER);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : SharedVectors.jsonFiles(folder)) {
      tests.add(DynamicTest.dynamicTest(SharedVectors.displayName(file), () -> checkFile(file)));
    }
    return tests.stream();
  }

  private void checkFile(Path file) {
    SharedVectors.readJson(file).properties().forEach(entry -> {
      JsonNode test = entry.getValue();
      for (JsonNode post : test.path("post").path("Cancun")) {
        String txbytes = post.get("txbytes").asText();
        if (seen.add(txbytes)) {
          check(test, post, Hex.decode(txbytes));
        }
      }
    });
  }

  private static void check(JsonNode test, JsonNode post, byte[] encoded) {
    List<String> expected = new ArrayList<>();
    for (String name : post.path("expectException").asText("").split("\\|")) {
      if (!name.isEmpty()) {
        expected.add(name.replace("TransactionException.", ""));
      }
    }
    if (expected.contains("RLP_INVALID_VALUE")) {
      assertThatThrownBy(() -> TransactionCodec.decode(encoded))
          .isInstanceOfSatisfying(TransactionDecodingException.class,
              e -> assertThat(e.field()).isEqualTo(TransactionField.VALUE));
      return;
    }
    Transaction decoded = TransactionCodec.decode(encoded);
    JsonNode json = test.get("transaction");
    Transaction signed = TransactionSigner.sign(
        fromJson(json, post.get("indexes"), decoded.signedChainId()),
        new BigInteger(1, Hex.decode(json.get("secretKey").asText())));
    assertThat(Hex.prefixed(signed.encode())).isEqualTo(Hex.prefixed(encoded));
    assertThat(decoded).isEqualTo(signed);
    assertThat(decoded.sender()).contains(Address.fromHex(json.get("sender").asText()));
    checkVerdict(decoded, blockContext(test.get("env")), expected);
  }

  private static void checkVerdict(Transaction tx, BlockContext block, List<String> expected) {
    ValidationResult result = VALIDATOR.validate(tx, block);
    String ours = result instanceof Invalid invalid ? invalid.error().name() : "valid";
    Set<String> accepted = new HashSet<>();
    if (expected.isEmpty() || expected.stream().anyMatch(STATE_ONLY::contains)) {
      accepted.add("valid");
    }
    for (String name : expected) {
      accepted.add(name.equals("NONCE_IS_MAX") ? "NONCE_TOO_BIG" : name);
    }
    assertThat(accepted).as("expected %s for %s", expected, tx).contains(ours);
  }

  private static Transaction fromJson(JsonNode json, JsonNode indexes, OptionalLong legacyChain) {
    int dataIndex = indexes.get("data").asInt();
    long nonce = Long.parseUnsignedLong(json.get("nonce").asText().substring(2), 16);
    long gasLimit = Long.parseUnsignedLong(
        json.get("gasLimit").get(indexes.get("gas").asInt()).asText().substring(2), 16);
    String toText = json.get("to").asText();
    Address to = toText.isEmpty() ? null : Address.fromHex(toText);
    BigInteger value = quantity(json.get("value").get(indexes.get("value").asInt()));
    byte[] data = Hex.decode(json.get("data").get(dataIndex).asText());
    JsonNode accessListJson = json.path("accessLists").path(dataIndex);
    List<AccessListEntry> accessList = accessList(accessListJson);
    if (json.has("blobVersionedHashes")) {
      List<Hash> hashes = new ArrayList<>();
      json.get("blobVersionedHashes").forEach(h -> hashes.add(Hash.fromHex(h.asText())));
      return new BlobTransaction(CHAIN_ID, nonce, quantity(json.get("maxPriorityFeePerGas")),
          quantity(json.get("maxFeePerGas")), gasLimit, to, value, data, accessList,
          quantity(json.get("maxFeePerBlobGas")), hashes, Transaction.UNSIGNED);
    }
    if (json.has("maxFeePerGas")) {
      return new DynamicFeeTransaction(CHAIN_ID, nonce, quantity(json.get("maxPriorityFeePerGas")),
          quantity(json.get("maxFeePerGas")), gasLimit, to, value, data, accessList,
          Transaction.UNSIGNED);
    }
    BigInteger gasPrice = quantity(json.get("gasPrice"));
    if (!accessListJson.isMissingNode() && !accessListJson.isNull()) {
      return new AccessListTransaction(CHAIN_ID, nonce, gasPrice, gasLimit, to, value, data,
          accessList, Transaction.UNSIGNED);
    }
    return new LegacyTransaction(
        nonce, gasPrice, gasLimit, to, value, data, legacyChain, Transaction.UNSIGNED);
  }

  private static List<AccessListEntry> accessList(JsonNode json) {
    List<AccessListEntry> entries = new ArrayList<>();
    if (json.isArray()) {
      for (JsonNode entry : json) {
        List<Hash> keys = new ArrayList<>();
        entry.get("storageKeys").forEach(k -> keys.add(Hash.fromHex(k.asText())));
        entries.add(new AccessListEntry(Address.fromHex(entry.get("address").asText()), keys));
      }
    }
    return entries;
  }

  private static BlockContext blockContext(JsonNode env) {
    long gasLimit = Long.parseUnsignedLong(env.get("currentGasLimit").asText().substring(2), 16);
    BigInteger excessBlobGas = quantity(env.path("currentExcessBlobGas"));
    return new BlockContext(gasLimit, quantity(env.get("currentBaseFee")),
        blobBaseFee(excessBlobGas));
  }

  /** EIP-4844 fake_exponential(MIN_BASE_FEE_PER_BLOB_GAS = 1, excess, update fraction). */
  private static BigInteger blobBaseFee(BigInteger excessBlobGas) {
    BigInteger denominator = BLOB_BASE_FEE_UPDATE_FRACTION;
    BigInteger output = BigInteger.ZERO;
    BigInteger accumulator = denominator;
    for (int i = 1; accumulator.signum() > 0; i++) {
      output = output.add(accumulator);
      accumulator = accumulator.multiply(excessBlobGas)
          .divide(denominator.multiply(BigInteger.valueOf(i)));
    }
    return output.divide(denominator);
  }

  private static BigInteger quantity(JsonNode node) {
    String text = node.asText("0x0");
    return text.equals("0x") ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
  }
}
