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
 * The JSON-RPC the compute contracts' clients need (the provider's chain adapters and
 * {@code zg compute}): {@code eth_call} with revert data, and legacy EIP-155 transactions from
 * one key, sent and waited for until mined. Without a key it only reads (calls come from the
 * zero address). Every failure — a JSON-RPC error, a revert, an unreachable node — is an
 * {@link RpcException} whose message fits on one line.
 */
public final class ChainClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final URI rpc;
  private final BigInteger key;
  private final Address from;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private long requestId;
  private volatile Long chainId;

  /** A client of {@code rpc} signing with {@code key}, or only reading when it is null. */
  public ChainClient(URI rpc, BigInteger key) {
    this.rpc = rpc;
    this.key = key;
    this.from = key == null ? Address.ZERO : Address.fromPublicKey(Secp256k1.publicKey(key));
  }

  /** A JSON-RPC error (with its revert data, if any), a revert or an unreachable node. */
  public static final class RpcException extends RuntimeException {
    private final String data;

    RpcException(String message, String data) {
      super(message);
      this.data = data;
    }

    /** The error's hex data (a revert's selector and arguments), or null. */
    public String data() {
      return data;
    }
  }

  /**
   * The chain id, asked once. Not under the send lock: readers must not wait for a send's
   * receipt (two first callers may both ask; they get the same answer).
   */
  public long chainId() {
    Long known = chainId;
    if (known == null) {
      known = quantity(call("eth_chainId", JSON.createArrayNode())).longValueExact();
      chainId = known;
    }
    return known;
  }

  /** The signing key's address, or the zero address without a key. */
  public Address from() {
    return from;
  }

  /** eth_call at the latest block; a revert is an {@link RpcException}. */
  public byte[] ethCall(Address to, byte[] data) {
    return ethCall(to, data, null).orElseThrow();
  }

  /** eth_call; a revert whose data starts with {@code emptyOn} (a selector) is empty. */
  public Optional<byte[]> ethCall(Address to, byte[] data, String emptyOn) {
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

  /**
   * Signs, sends and waits for the receipt; a revert is an {@link RpcException}. One send at a
   * time, so that concurrent senders do not take the same nonce.
   */
  public synchronized JsonNode sendAndWait(Address to, byte[] data, BigInteger value) {
    if (key == null) {
      throw new IllegalStateException("this chain client has no key: it cannot send");
    }
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
        value, data, OptionalLong.of(chainId()),
        new Secp256k1.Signature(BigInteger.ZERO, BigInteger.ZERO, 0));
    LegacyTransaction signed = TransactionSigner.sign(unsigned, key);
    String hash = call("eth_sendRawTransaction", JSON.createArrayNode()
        .add(Hex.prefixed(TransactionCodec.encode(signed)))).asText();
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode receipt = call("eth_getTransactionReceipt", JSON.createArrayNode().add(hash));
      if (receipt != null && !receipt.isNull()) {
        if (quantity(receipt.get("status")).signum() == 0) {
          throw new RpcException("transaction " + hash + " reverted", null);
        }
        return receipt;
      }
      try {
        Thread.sleep(100); // polling for the receipt; the deadline bounds it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RpcException("interrupted waiting for " + hash, null);
      }
    }
    throw new RpcException("transaction " + hash + " not mined within " + RECEIPT_TIMEOUT, null);
  }

  /** One JSON-RPC request; its {@code result}. */
  public JsonNode call(String method, JsonNode params) {
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
              .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
      reply = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RpcException(method + ": cannot reach " + rpc + ": "
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(method + " interrupted", null);
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

  /** A JSON-RPC quantity ({@code 0x}-prefixed hex). */
  public static BigInteger quantity(JsonNode node) {
    String text = node == null ? "" : node.asText();
    if (!text.startsWith("0x")) {
      throw new RpcException("expected a hex quantity, got " + text, null);
    }
    return text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
  }
}
