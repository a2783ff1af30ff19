package dev.zg.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.tx.ValidationResult.Invalid;
import dev.zg.chain.tx.ValidationResult.Valid;
import dev.zg.common.Hex;
import dev.zg.common.testing.SharedVectors;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of ethereum/tests TransactionTests under Cancun rules, on chain id 1 (the chain
 * the vectors are filled for). Valid cases must give exactly the expected hash, sender and
 * intrinsic gas and re-encode to the same bytes; invalid ones must be rejected, and for the
 * right reason: each vector exception name maps to the decoding fields or validation errors
 * that express it.
 *
 * <p>61 cases (mostly ttWrongRLP) carry no Cancun result because their fillers stopped at an
 * earlier fork. Each is invalid in every fork it lists (malformed encodings, one wrong chain
 * id), so it is checked against the newest fork it lists.
 */
class TransactionTestsConformanceTest {
  private static final String FOLDER = "ethereum-tests/TransactionTests";
  private static final List<String> FORKS_NEWEST_FIRST = List.of("Cancun", "Shanghai", "Paris",
      "London", "Berlin", "Istanbul", "ConstantinopleFix", "Constantinople", "Byzantium",
      "EIP158", "EIP150", "Homestead", "Frontier");
  private static final CancunTransactionValidator VALIDATOR =
      CancunTransactionValidator.forChain(1);

  /** Outcomes (ours) that express each vector exception; "decode:*" is any decoding error. */
  private static final Map<String, Set<String>> ACCEPTED = Map.ofEntries(
      Map.entry("ADDRESS_TOO_SHORT", Set.of("decode:TO")),
      Map.entry("ADDRESS_TOO_LONG", Set.of("decode:TO")),
      Map.entry("RLP_INVALID_TO", Set.of("decode:TO")),
      Map.entry("RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT", Set.of("decode:ACCESS_LIST_ADDRESS")),
      Map.entry("RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG", Set.of("decode:ACCESS_LIST_ADDRESS")),
      Map.entry("RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT",
          Set.of("decode:ACCESS_LIST_STORAGE_KEY")),
      Map.entry("RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG",
          Set.of("decode:ACCESS_LIST_STORAGE_KEY")),
      Map.entry("NONCE_OVERFLOW", Set.of("decode:NONCE")),
      Map.entry("RLP_LEADING_ZEROS_NONCE", Set.of("decode:NONCE")),
      Map.entry("RLP_LEADING_ZEROS_NONCE_SIZE", Set.of("decode:NONCE")),
      Map.entry("RLP_INVALID_NONCE", Set.of("decode:NONCE")),
      Map.entry("NONCE_TOO_BIG", Set.of("invalid:NONCE_TOO_BIG")),
      Map.entry("GASLIMIT_OVERFLOW", Set.of("decode:GAS_LIMIT")),
      Map.entry("RLP_LEADING_ZEROS_GASLIMIT", Set.of("decode:GAS_LIMIT")),
      Map.entry("RLP_INVALID_GASLIMIT", Set.of("decode:GAS_LIMIT")),
      Map.entry("GASPRICE_OVERFLOW", Set.of("decode:GAS_PRICE", "decode:MAX_FEE_PER_GAS")),
      Map.entry("RLP_LEADING_ZEROS_GASPRICE", Set.of("decode:GAS_PRICE")),
      Map.entry("RLP_LEADING_ZEROS_BASEFEE", Set.of("decode:MAX_FEE_PER_GAS")),
      Map.entry("PRIORITY_OVERFLOW", Set.of("decode:MAX_PRIORITY_FEE_PER_GAS")),
      Map.entry("RLP_LEADING_ZEROS_PRIORITY_FEE", Set.of("decode:MAX_PRIORITY_FEE_PER_GAS")),
      Map.entry("VALUE_OVERFLOW", Set.of("decode:VALUE")),
      Map.entry("RLP_LEADING_ZEROS_VALUE", Set.of("decode:VALUE")),
      Map.entry("RLP_INVALID_DATA", Set.of("decode:DATA")),
      Map.entry("RLP_LEADING_ZEROS_V", Set.of("decode:V")),
      Map.entry("RLP_LEADING_ZEROS_R", Set.of("decode:R")),
      Map.entry("RLP_INVALID_SIGNATURE_R", Set.of("decode:R")),
      Map.entry("RLP_LEADING_ZEROS_S", Set.of("decode:S")),
      Map.entry("RLP_INVALID_SIGNATURE_S", Set.of("decode:S")),
      Map.entry("INVALID_SIGNATURE_VRS", Set.of("decode:V", "decode:Y_PARITY", "decode:R",
          "decode:S", "invalid:INVALID_SIGNATURE_VRS")),
      Map.entry("INVALID_CHAINID", Set.of("decode:V", "invalid:INVALID_CHAINID")),
      Map.entry("EC_RECOVERY_FAIL", Set.of("invalid:EC_RECOVERY_FAIL")),
      Map.entry("TYPE_NOT_SUPPORTED", Set.of("decode:TYPE")),
      Map.entry("RLP_INVALID_HEADER", Set.of("decode:TYPE")),
      Map.entry("RLP_ERROR_EOF", Set.of("decode:*")),
      Map.entry("RLP_ERROR_SIZE", Set.of("decode:*")),
      Map.entry("RLP_ERROR_SIZE_LEADING_ZEROS", Set.of("decode:*")),
      Map.entry("RLP_LEADING_ZEROS_DATA_SIZE", Set.of("decode:*")),
      Map.entry("RLP_TOO_FEW_ELEMENTS", Set.of("decode:*")),
      Map.entry("RLP_TOO_MANY_ELEMENTS", Set.of("decode:ENVELOPE")),
      Map.entry("INTRINSIC_GAS_TOO_LOW", Set.of("invalid:INTRINSIC_GAS_TOO_LOW")),
      Map.entry("INITCODE_SIZE_EXCEEDED", Set.of("invalid:INITCODE_SIZE_EXCEEDED")),
      Map.entry("GASLIMIT_PRICE_PRODUCT_OVERFLOW",
          Set.of("invalid:GASLIMIT_PRICE_PRODUCT_OVERFLOW")),
      Map.entry("PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS",
          Set.of("invalid:PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS")),
      // The vector file spells this one with a stray suffix.
      Map.entry("PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2",
          Set.of("invalid:PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS")));

  @TestFactory
  Stream<DynamicTest> everyTransactionTest() {
    Path folder = SharedVectors.require(FOLDER);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : SharedVectors.jsonFiles(folder)) {
      SharedVectors.readJson(file).properties().forEach(entry -> {
        JsonNode vector = entry.getValue();
        String fork = newestFork(vector.get("result"));
        String name = SharedVectors.displayName(file) + " " + entry.getKey()
            + (fork.equals("Cancun") ? "" : " [" + fork + "]");
        tests.add(DynamicTest.dynamicTest(name, () -> check(vector, fork)));
      });
    }
    assertThat(tests).as("cases under " + folder).hasSizeGreaterThan(200);
    return tests.stream();
  }

  private static String newestFork(JsonNode results) {
    return FORKS_NEWEST_FIRST.stream().filter(results::has).findFirst()
        .orElseThrow(() -> new AssertionError("no known fork in " + results));
  }

  private static void check(JsonNode vector, String fork) {
    byte[] encoded = Hex.decode(vector.get("txbytes").asText());
    JsonNode expected = vector.get("result").get(fork);
    Transaction tx = null;
    String outcome;
    ValidationResult result = null;
    try {
      tx = TransactionCodec.decode(encoded);
      result = VALIDATOR.validate(tx);
      outcome = result instanceof Invalid invalid ? "invalid:" + invalid.error() : "valid";
    } catch (TransactionDecodingException e) {
      assertThat(e.getMessage()).isNotBlank();
      outcome = "decode:" + e.field();
    }
    if (expected.has("exception")) {
      checkRejected(expected, outcome, tx);
    } else {
      checkValid(expected, encoded, tx, result);
    }
  }

  private static void checkRejected(JsonNode expected, String outcome, Transaction tx) {
    String exception = expected.get("exception").asText();
    List<String> names = Arrays.stream(exception.split("\\|"))
        .map(n -> n.replace("TransactionException.", "")).toList();
    Set<String> accepted = new HashSet<>();
    for (String name : names) {
      Set<String> ours = ACCEPTED.get(name);
      if (ours == null) {
        fail("no mapping for vector exception " + name + " (our outcome: " + outcome + ")");
      }
      accepted.addAll(ours);
    }
    boolean matches = accepted.contains(outcome)
        || (outcome.startsWith("decode:") && accepted.contains("decode:*"));
    assertThat(matches).as("expected %s, got %s", exception, outcome).isTrue();
    long expectedGas = new BigInteger(expected.get("intrinsicGas").asText().substring(2), 16)
        .longValueExact();
    if (tx != null && expectedGas != 0) {
      assertThat(IntrinsicGas.of(tx)).as("intrinsic gas").isEqualTo(expectedGas);
    }
  }

  private static void checkValid(
      JsonNode expected, byte[] encoded, Transaction tx, ValidationResult result) {
    assertThat(tx).as("decoded").isNotNull();
    assertThat(result).as("validation of " + tx).isInstanceOf(Valid.class);
    Valid valid = (Valid) result;
    assertThat(tx.hash().toHex()).isEqualTo(expected.get("hash").asText());
    assertThat(valid.sender().toHex()).isEqualTo(expected.get("sender").asText());
    assertThat(tx.sender()).contains(valid.sender());
    long expectedGas = Long.decode(expected.get("intrinsicGas").asText());
    assertThat(valid.intrinsicGas()).isEqualTo(expectedGas);
    assertThat(TransactionCodec.encode(tx)).as("re-encoding").isEqualTo(encoded);
  }
}
