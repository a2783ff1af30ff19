package dev.zg.compute.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link ServingChain} over Ethereum JSON-RPC ({@code eth_call}, {@code eth_estimateGas},
 * {@code eth_sendRawTransaction}, {@code eth_getTransactionReceipt}) with InferenceServing's
 * exact selectors and struct layouts (compute-sdk.md §2.3). Transactions are legacy EIP-155,
 * signed with the provider's key.
 *
 * <p>Settlement statuses come from the contract's {@code TEESettlementResult(address indexed
 * user, uint8 status, uint256 unsettledAmount)} events, one per item in order; when the
 * receipt does not carry one per item, the statuses of an {@code eth_call} simulation of the
 * same call just before sending are used.
 */
public final class JsonRpcServingChain implements ServingChain {
  static final byte[] GET_ACCOUNT = Abi.selector("fd590847");
  static final byte[] GET_SERVICE = Abi.selector("15a52302");
  static final byte[] ADD_OR_UPDATE_SERVICE = Abi.selector("398c8e4e");
  static final byte[] SETTLE_FEES_WITH_TEE = Abi.selector("8be74119");
  static final byte[] PREVIEW_SETTLEMENT_RESULTS = Abi.selector("28b60476");
  static final byte[] ACKNOWLEDGE_SIGNER_BY_OWNER = java.util.Arrays.copyOf(
      dev.zg.common.Keccak256.hash("acknowledgeTEESignerByOwner(address)"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 4);
  static final String ACCOUNT_NOT_EXISTS = "0x08ca03ac";
  static final String SERVICE_NOT_EXIST = "0x098eda7e";
  static final String TEE_SETTLEMENT_RESULT_TOPIC =
      "0x1f69e5b87fd0ce34b3760ba6e5d8aa95a36e316c3ba44e1e65a9d0eb9e96d0bf";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(120);

  private final URI rpc;
  private final Address contract;
  private final BigInteger providerKey;
  private final Address providerAddress;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final long chainId;
  private long requestId;

  /** Connects and reads the chain id once (it is part of every signature). */
  public JsonRpcServingChain(URI rpc, Address servingContract, BigInteger providerKey) {
    this.rpc = rpc;
    this.contract = servingContract;
    this.providerKey = providerKey;
    this.providerAddress = Address.fromPublicKey(Secp256k1.publicKey(providerKey));
    this.chainId = quantity(call("eth_chainId", JSON.createArrayNode())).longValueExact();
  }

  @Override
  public long chainId() {
    return chainId;
  }

  @Override
  public Address servingContract() {
    return contract;
  }

  @Override
  public Optional<ServingAccount> account(Address user, Address provider) {
    byte[] data = Bytes.concat(GET_ACCOUNT, Abi.word(user), Abi.word(provider));
    Optional<byte[]> result = ethCall(data, ACCOUNT_NOT_EXISTS);
    if (result.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decodeAccount(result.get()));
  }

  /** The {@code Account} tuple returned by {@code getAccount}; refunds are skipped. */
  static ServingAccount decodeAccount(byte[] returned) {
    Abi.Reader in = new Abi.Reader(returned);
    int t = in.offset(0);
    return new ServingAccount(in.address(t), in.address(t + 32), in.uint(t + 64),
        in.uint(t + 96), in.uint(t + 128), in.bool(t + 7 * 32), in.uint(t + 9 * 32),
        in.uint(t + 10 * 32));
  }

  @Override
  public Optional<ServingService> service(Address provider) {
    Optional<byte[]> result =
        ethCall(Bytes.concat(GET_SERVICE, Abi.word(provider)), SERVICE_NOT_EXIST);
    if (result.isEmpty()) {
      return Optional.empty();
    }
    Abi.Reader in = new Abi.Reader(result.get());
    int t = in.offset(0);
    Address registered = in.address(t);
    if (registered.equals(Address.ZERO)) {
      return Optional.empty();
    }
    return Optional.of(new ServingService(registered, in.string(t, t + 32),
        in.string(t, t + 64), in.uint(t + 96), in.uint(t + 128), in.uint(t + 160),
        in.string(t, t + 192), in.string(t, t + 224), in.string(t, t + 256),
        in.address(t + 288), in.bool(t + 320)));
  }

  @Override
  public void registerService(ServiceParams p, BigInteger stakeWei) {
    byte[] params = Abi.tuple(Abi.tail(Abi.string(p.serviceType())),
        Abi.tail(Abi.string(p.url())), Abi.tail(Abi.string(p.model())),
        Abi.tail(Abi.string(p.verifiability())), Abi.head(Abi.word(p.inputPrice())),
        Abi.head(Abi.word(p.outputPrice())), Abi.tail(Abi.string(p.additionalInfo())),
        Abi.head(Abi.word(p.teeSignerAddress())));
    byte[] data = Bytes.concat(ADD_OR_UPDATE_SERVICE, Abi.tuple(Abi.tail(params)));
    sendAndWait(data, stakeWei);
  }

  /**
   * {@code acknowledgeTEESignerByOwner(provider)}: only the contract owner may send it, so this
   * object's key must be the owner's (on zg devnet, account 0).
   */
  public void acknowledgeSignerAsOwner(Address provider) {
    sendAndWait(Bytes.concat(ACKNOWLEDGE_SIGNER_BY_OWNER, Abi.word(provider)), BigInteger.ZERO);
  }

  static byte[] encodeSettlements(byte[] selector, List<SettlementItem> items) {
    List<byte[]> tuples = new ArrayList<>();
    for (SettlementItem item : items) {
      tuples.add(Abi.tuple(Abi.head(Abi.word(item.user())), Abi.head(Abi.word(item.provider())),
          Abi.head(Abi.word(item.totalFee())), Abi.head(item.requestsHash().toArray()),
          Abi.head(Abi.word(item.nonce())), Abi.tail(Abi.dynamicBytes(item.signature()))));
    }
    return Bytes.concat(selector, Abi.tuple(Abi.tail(Abi.dynamicArray(tuples))));
  }

  @Override
  public List<SettlementStatus> previewSettlement(List<SettlementItem> items) {
    byte[] result = ethCall(encodeSettlements(PREVIEW_SETTLEMENT_RESULTS, items), null)
        .orElseThrow();
    return statuses(result, items.size());
  }

  @Override
  public List<SettlementStatus> settle(List<SettlementItem> items) {
    byte[] data = encodeSettlements(SETTLE_FEES_WITH_TEE, items);
    List<SettlementStatus> simulated = statuses(ethCall(data, null).orElseThrow(), items.size());
    JsonNode receipt = sendAndWait(data, BigInteger.ZERO);
    List<SettlementStatus> fromLogs = new ArrayList<>();
    for (JsonNode log : receipt.path("logs")) {
      if (log.path("address").asText().equalsIgnoreCase(contract.toHex())
          && log.path("topics").path(0).asText().equalsIgnoreCase(TEE_SETTLEMENT_RESULT_TOPIC)) {
        byte[] logData = Hex.decode(log.path("data").asText());
        fromLogs.add(SettlementStatus.of(new Abi.Reader(logData).uint(0).intValueExact()));
      }
    }
    return fromLogs.size() == items.size() ? fromLogs : simulated;
  }

  /**
   * Decodes the first returned {@code uint8[]}: all of {@code settleFeesWithTEE}'s result, the
   * first of {@code previewSettlementResults}' {@code (uint8[] statuses, uint256[]
   * unsettledAmounts)}.
   */
  static List<SettlementStatus> statuses(byte[] result, int expected) {
    Abi.Reader in = new Abi.Reader(result);
    int start = in.offset(0);
    int length = in.offset(start);
    if (length != expected) {
      throw new IllegalStateException("the contract returned " + length + " statuses for "
          + expected + " items");
    }
    List<SettlementStatus> out = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      out.add(SettlementStatus.of(in.uint(start + 32 + 32 * i).intValueExact()));
    }
    return out;
  }

  // ---------------------------------------------------------------- JSON-RPC

  /** eth_call from the provider; a revert whose data starts with {@code emptyOn} is empty. */
  private Optional<byte[]> ethCall(byte[] data, String emptyOn) {
    ObjectNode tx = JSON.createObjectNode();
    tx.put("from", providerAddress.toHex());
    tx.put("to", contract.toHex());
    tx.put("data", Hex.prefixed(data));
    var params = JSON.createArrayNode().add(tx).add("latest");
    try {
      return Optional.of(Hex.decode(call("eth_call", params).asText()));
    } catch (RpcException e) {
      if (emptyOn != null && e.data != null && e.data.toLowerCase().startsWith(emptyOn)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private JsonNode sendAndWait(byte[] data, BigInteger value) {
    var address = JSON.createArrayNode().add(providerAddress.toHex()).add("pending");
    long nonce = quantity(call("eth_getTransactionCount", address)).longValueExact();
    BigInteger gasPrice = quantity(call("eth_gasPrice", JSON.createArrayNode()));
    ObjectNode estimate = JSON.createObjectNode();
    estimate.put("from", providerAddress.toHex());
    estimate.put("to", contract.toHex());
    estimate.put("data", Hex.prefixed(data));
    estimate.put("value", "0x" + value.toString(16));
    long gas = quantity(call("eth_estimateGas", JSON.createArrayNode().add(estimate)))
        .longValueExact();
    LegacyTransaction unsigned = new LegacyTransaction(nonce, gasPrice, gas + gas / 5, contract,
        value, data, OptionalLong.of(chainId),
        new Secp256k1.Signature(BigInteger.ZERO, BigInteger.ZERO, 0));
    LegacyTransaction signed = TransactionSigner.sign(unsigned, providerKey);
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

  static final class RpcException extends RuntimeException {
    final String data;

    RpcException(String message, String data) {
      super(message);
      this.data = data;
    }
  }

  private synchronized JsonNode call(String method, JsonNode params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ++requestId);
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
      throw new RpcException(method + ": " + error.path("message").asText(),
          data == null || !data.isTextual() ? null : data.asText());
    }
    return reply.get("result");
  }

  private static BigInteger quantity(JsonNode node) {
    String text = node == null ? "" : node.asText();
    if (!text.startsWith("0x")) {
      throw new IllegalStateException("expected a hex quantity, got " + text);
    }
    return text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
  }
}
