package dev.zg.compute.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON-RPC a contract client needs: {@code eth_call} with revert data, and legacy EIP-155
 * transactions from one key, sent and waited for.
 */
final class EthRpc {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(120);

  private final URI rpc;
  private final BigInteger key;
  private final Address from;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final long chainId;
  private long requestId;

  EthRpc(URI rpc, BigInteger key) {
    this.rpc = rpc;
    this.key = key;
    this.from = Address.fromPublicKey(Secp256k1.publicKey(key));
    this.chainId = quantity(call("eth_chainId", JSON.createArrayNode())).longValueExact();
  }

  long chainId() {
    return chainId;
  }

  Address from() {
    return from;
  }

  static final class RpcException extends RuntimeException {
    final String data;

    RpcException(String message, String data) {
      super(message);
      this.data = data;
    }
  }

  /** eth_call; a revert whose data starts with {@code emptyOn} (a selector) is empty. */
  Optional<byte[]> ethCall(Address to, byte[] data, String emptyOn) {
    ObjectNode tx = JSON.createObjectNode();
    tx.put("from", from.toHex());
    tx.put("to", to.toHex());
    tx.put("data", Hex.prefixed(data));
    try {
      return Optional.of(Hex.decode(call("eth_call", JSON.createArrayNode().add(tx)
          .add("latest")).asText()));
    } catch (RpcException e) {
      if (emptyOn != null && e.data != null && e.data.toLowerCase().startsWith(emptyOn)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  JsonNode sendAndWait(Address to, byte[] data, BigInteger value) {
    synchronized (this) {
      var address = JSON.createArrayNode().add(from.toHex()).add("pending");
      long nonce = quantity(call("eth_getTransactionCount", address)).longValueExact();
      BigInteger gasPrice = quantity(call("eth_gasPrice", JSON.createArrayNode()));
      ObjectNode estimate = JSON.createObjectNode();
      estimate.put("from", from.toHex());
      estimate.put("to", to.toHex());
      estimate.put("data", Hex.prefixed(data));
      estimate.put("value", "0x" + value.toString(16));
      long gas = quantity(call("eth_estimateGas", JSON.createArrayNode().add(estimate)))
          .longValueExact();
      LegacyTransaction unsigned = new LegacyTransaction(nonce, gasPrice, gas + gas / 5, to,
          value, data, OptionalLong.of(chainId),
          new Secp256k1.Signature(BigInteger.ZERO, BigInteger.ZERO, 0));
      LegacyTransaction signed = TransactionSigner.sign(unsigned, key);
      String hash = call("eth_sendRawTransaction", JSON.createArrayNode()
          .add(Hex.prefixed(TransactionCodec.encode(signed)))).asText();
      long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        JsonNode receipt = call("eth_getTransactionReceipt", JSON.createArrayNode().add(hash));
        if (receipt != null && !receipt.isNull()) {
          if (quantity(receipt.get("status")).signum() == 0) {
            throw new IllegalStateException("transaction " + hash + " reverted");
          }
          return receipt;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for " + hash, e);
        }
      }
      throw new IllegalStateException("no receipt for " + hash + " within " + RECEIPT_TIMEOUT);
    }
  }

  JsonNode call(String method, JsonNode params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    synchronized (this) {
      request.put("id", ++requestId);
    }
    request.put("method", method);
    request.set("params", params);
    JsonNode reply;
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(rpc)
              .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
      reply = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " to " + rpc + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    }
    JsonNode error = reply.get("error");
    if (error != null && !error.isNull()) {
      JsonNode data = error.get("data");
      throw new RpcException(method + ": " + error.path("message").asText()
          + (data != null && data.isTextual() ? " (data " + data.asText() + ")" : ""),
          data == null || !data.isTextual() ? null : data.asText());
    }
    return reply.get("result");
  }

  static BigInteger quantity(JsonNode node) {
    String text = node == null ? "" : node.asText();
    if (!text.startsWith("0x")) {
      throw new IllegalStateException("expected a hex quantity, got " + text);
    }
    return text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
  }
}
