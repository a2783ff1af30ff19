package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;

/**
 * Compares zg's JSON-RPC answers with a reference node's (Hardhat's) field by field, into soft
 * assertions, so one run lists every difference. Hex is compared case-insensitively (addresses
 * come checksummed or not); zg must also have every field the reference has.
 */
final class JsonComparison {
  static final Set<String> RECEIPT_FIELDS = Set.of("type", "status", "gasUsed",
      "cumulativeGasUsed", "effectiveGasPrice", "contractAddress", "from", "to", "logsBloom",
      "transactionHash", "transactionIndex", "blockNumber");
  static final Set<String> LOG_FIELDS = Set.of("address", "topics", "data", "logIndex",
      "transactionIndex", "transactionHash", "blockNumber", "removed");
  static final Set<String> TRANSACTION_FIELDS = Set.of("hash", "type", "nonce", "from", "to",
      "value", "gas", "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "input", "accessList",
      "chainId", "v", "r", "s", "blockNumber", "transactionIndex");
  /** What two chains with different timestamps, coinbases and state roots still share. */
  static final Set<String> BLOCK_FIELDS = Set.of("number", "gasUsed", "gasLimit",
      "baseFeePerGas", "transactionsRoot", "receiptsRoot", "logsBloom", "transactions",
      "sha3Uncles", "difficulty", "nonce", "uncles", "withdrawals", "withdrawalsRoot",
      "blobGasUsed", "excessBlobGas");

  private final SoftAssertions soft;

  JsonComparison(SoftAssertions soft) {
    this.soft = soft;
  }

  void receipts(String label, JsonNode z, JsonNode h) {
    fields(label + ": receipt", z, h, RECEIPT_FIELDS);
    soft.assertThat(fieldNames(z)).as("%s: receipt fields", label).containsAll(fieldNames(h));
    JsonNode zLogs = z.get("logs");
    JsonNode hLogs = h.get("logs");
    soft.assertThat(zLogs.size()).as("%s: log count", label).isEqualTo(hLogs.size());
    for (int i = 0; i < Math.min(zLogs.size(), hLogs.size()); i++) {
      fields(label + ": log " + i, zLogs.get(i), hLogs.get(i), LOG_FIELDS);
      soft.assertThat(zLogs.get(i).get("blockHash")).as("%s: log %d block hash", label, i)
          .isEqualTo(z.get("blockHash"));
    }
  }

  void transactions(String label, JsonNode z, JsonNode h) {
    fields(label + ": transaction", z, h, TRANSACTION_FIELDS);
    soft.assertThat(fieldNames(z)).as("%s: transaction fields", label)
        .containsAll(fieldNames(h));
  }

  void blocks(String label, JsonNode z, JsonNode h) {
    fields(label + ": block", z, h, BLOCK_FIELDS);
    soft.assertThat(fieldNames(z)).as("%s: block fields", label).containsAll(fieldNames(h));
  }

  /** The named fields the reference defines (some are type-specific) must be equal. */
  void fields(String label, JsonNode z, JsonNode h, Set<String> fields) {
    for (String field : new TreeSet<>(fields)) {
      if (!h.has(field)) {
        continue;
      }
      soft.assertThat(normalize(z.get(field))).as("%s: %s", label, field)
          .isEqualTo(normalize(h.get(field)));
    }
  }

  /** Lower-case hex throughout, so checksummed and plain addresses compare equal. */
  static JsonNode normalize(JsonNode value) {
    if (value == null) {
      return JsonRpc.JSON.getNodeFactory().missingNode();
    }
    if (value.isTextual()) {
      return JsonRpc.JSON.getNodeFactory().textNode(value.asText().toLowerCase(Locale.ROOT));
    }
    if (!value.isContainerNode()) {
      return value;
    }
    JsonNode copy = value.deepCopy();
    if (copy instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, normalize(array.get(i)));
      }
    } else {
      ObjectNode object = (ObjectNode) copy;
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        object.set(f, normalize(value.get(f)));
      }
    }
    return copy;
  }

  static Set<String> fieldNames(JsonNode o) {
    Set<String> names = new TreeSet<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
