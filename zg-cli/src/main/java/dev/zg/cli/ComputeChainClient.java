package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The few JSON-RPC calls {@code zg compute} makes: {@code eth_call} and signed legacy
 * transactions from one key, each waited for until mined. Errors are {@link ChainError}s
 * whose message is fit for one line.
 */
final class ComputeChainClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(120);

  /** A JSON-RPC error, a revert or an unreachable node. */
  static final class ChainError extends RuntimeException {
    final String data;

    ChainError(String message, String data) {
      super(message);
      this.data = data;
    }
  }

  private final URI rpc;
  private final BigInteger key;
  private final Address from;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private long id;
  private Long chainId;

  ComputeChainClient(URI rpc, BigInteger key) {
    this.rpc = rpc;
    this.key = key;
    this.from = key == null ? Address.ZERO : Address.fromPublicKey(Secp256k1.publicKey(key));
  }

  Address from() {
    return from;
  }

  URI rpc() {
    return rpc;
  }

  long chainId() {
    if (chainId == null) {
      chainId = quantity(call("eth_chainId", JSON.createArrayNode())).longValueExact();
    }
    return chainId;
  }

  BigInteger balance(Address a) {
    return quantity(call("eth_getBalance", JSON.createArrayNode().add(a.toHex()).add("latest")));
  }

  byte[] ethCall(Address to, byte[] data) {
    ObjectNode tx = JSON.createObjectNode();
    tx.put("from", from.toHex());
    tx.put("to", to.toHex());
    tx.put("data", Hex.prefixed(data));
    return Hex.decode(call("eth_call", JSON.createArrayNode().add(tx).add("latest")).asText());
  }

  /** Signs, sends and waits for the receipt; a revert is a {@link ChainError}. */
  JsonNode send(Address to, byte[] data, BigInteger value) {
    if (key == null) {
      throw new ChainError("no private key (give --key or set ZG_PRIVATE_KEY)", null);
    }
    ArrayNode nonceArgs = JSON.createArrayNode().add(from.toHex()).add("pending");
    long nonce = quantity(call("eth_getTransactionCount", nonceArgs)).longValueExact();
    BigInteger gasPrice = quantity(call("eth_gasPrice", JSON.createArrayNode()));
    ObjectNode estimate = JSON.createObjectNode();
    estimate.put("from", from.toHex());
    estimate.put("to", to.toHex());
    estimate.put("data", Hex.prefixed(data));
    estimate.put("value", "0x" + value.toString(16));
    long gas = quantity(call("eth_estimateGas", JSON.createArrayNode().add(estimate)))
        .longValueExact();
    LegacyTransaction unsigned = new LegacyTransaction(nonce, gasPrice, gas + gas / 5, to, value,
        data, OptionalLong.of(chainId()),
        new Secp256k1.Signature(BigInteger.ZERO, BigInteger.ZERO, 0));
    LegacyTransaction signed = TransactionSigner.sign(unsigned, key);
    String hash = call("eth_sendRawTransaction", JSON.createArrayNode()
        .add(Hex.prefixed(TransactionCodec.encode(signed)))).asText();
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode receipt = call("eth_getTransactionReceipt", JSON.createArrayNode().add(hash));
      if (receipt != null && !receipt.isNull()) {
        if (quantity(receipt.get("status")).signum() == 0) {
          throw new ChainError("transaction " + hash + " reverted", null);
        }
        return receipt;
      }
      try {
        Thread.sleep(100); // polling for the receipt; the deadline bounds it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChainError("interrupted waiting for " + hash, null);
      }
    }
    throw new ChainError("transaction " + hash + " not mined within " + RECEIPT_TIMEOUT, null);
  }

  private JsonNode call(String method, ArrayNode params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0").put("id", ++id).put("method", method).set("params", params);
    try {
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(rpc)
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(reply.body());
      JsonNode error = json.get("error");
      if (error != null && !error.isNull()) {
        String data = error.path("data").isTextual() ? error.get("data").asText() : null;
        throw new ChainError(method + ": " + error.path("message").asText(), data);
      }
      return json.get("result");
    } catch (IOException e) {
      throw new ChainError("cannot reach " + rpc + ": "
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainError("interrupted", null);
    }
  }

  private static BigInteger quantity(JsonNode node) {
    String text = node.asText();
    return new BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
  }
}
