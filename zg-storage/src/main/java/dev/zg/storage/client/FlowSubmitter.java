package dev.zg.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.sync.SubmitEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends {@code Flow.submit} for a file over any EVM JSON-RPC: the fee is {@code
 * market().pricePerSector()} times the submission's sectors (Σ 2^height), the transaction is an
 * EIP-1559 one signed locally, and the result is the {@code Submit} event of the receipt.
 */
public final class FlowSubmitter {
  /** {@code submit(((uint256,bytes,(bytes32,uint256)[]),address))}, the current SDK's form. */
  static final String SUBMIT = "bc8c11f8";
  static final String MARKET = "80f55605";
  static final String PRICE_PER_SECTOR = "61ec5082";
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(5);

  /** What the chain said about a submission. */
  public record Submitted(Hash transactionHash, long blockNumber, SubmitEvent event) {}

  private final JsonRpcClient chain;
  private final Address flow;
  private final Secp256k1.KeyPair key;

  public FlowSubmitter(String chainRpc, Address flow, Secp256k1.KeyPair key) {
    this.chain = new JsonRpcClient(chainRpc, Duration.ofSeconds(30));
    this.flow = flow;
    this.key = key;
  }

  /** The fee Flow charges: {@code pricePerSector × Σ 2^height} of the nodes. */
  public BigInteger fee(Submission submission) throws IOException {
    Address market = Address.fromWord(Hex.decode(call(flow, MARKET)));
    BigInteger price = new BigInteger(1, Hex.decode(call(market, PRICE_PER_SECTOR)));
    return price.multiply(submission.sectors());
  }

  /** Submits, waits for the receipt and returns the {@code Submit} event. */
  public Submitted submit(Submission submission) throws IOException {
    return submit(submission, new byte[0]);
  }

  /** Submits with {@code tags} (a KV batch's STREAM_DOMAIN ‖ stream ids), as {@link #submit}. */
  public Submitted submit(Submission submission, byte[] tags) throws IOException {
    byte[] input = submitCall(submission, tags, key.address());
    BigInteger fee = fee(submission);
    long chainId = quantity(chain.call("eth_chainId"));
    long nonce = quantity(chain.call("eth_getTransactionCount", key.address().toHex(),
        "pending"));
    Map<String, String> estimate = Map.of("from", key.address().toHex(), "to", flow.toHex(),
        "data", Hex.prefixed(input), "value", "0x" + fee.toString(16));
    long gas;
    try {
      gas = quantity(chain.call("eth_estimateGas", estimate));
    } catch (JsonRpcClient.CallException e) {
      throw new IOException("Flow.submit would fail: " + e.getMessage()
          + (e.data() == null ? "" : " " + e.data()), e);
    }
    JsonNode latest = chain.call("eth_getBlockByNumber", "latest", false);
    BigInteger baseFee = latest.hasNonNull("baseFeePerGas")
        ? new BigInteger(1, Hex.decodeLenient(latest.get("baseFeePerGas").asText())) : GWEI;
    BigInteger tip = GWEI;
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(chainId, nonce, tip,
        baseFee.shiftLeft(1).add(tip), gas + gas / 5, flow, fee, input, List.of(),
        Transaction.UNSIGNED), key.privateKey());
    Hash hash = Hash.fromHex(chain.call("eth_sendRawTransaction", Hex.prefixed(tx.encode()))
        .asText());
    JsonNode receipt = awaitReceipt(hash);
    if (!"0x1".equals(receipt.path("status").asText())) {
      throw new IOException("Flow.submit transaction " + hash + " reverted");
    }
    for (JsonNode log : receipt.path("logs")) {
      List<Hash> topics = new ArrayList<>();
      log.path("topics").forEach(t -> topics.add(Hash.fromHex(t.asText())));
      if (topics.size() == 3 && topics.get(0).equals(SubmitEvent.TOPIC)
          && log.path("address").asText().equalsIgnoreCase(flow.toHex())) {
        SubmitEvent event = SubmitEvent.decode(topics.get(1), topics.get(2),
            Hex.decode(log.path("data").asText()));
        return new Submitted(hash, quantity(receipt.get("blockNumber")), event);
      }
    }
    throw new IOException("Flow.submit transaction " + hash + " emitted no Submit event; is "
        + flow + " a Flow contract?");
  }

  private JsonNode awaitReceipt(Hash hash) throws IOException {
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (true) {
      JsonNode receipt = chain.call("eth_getTransactionReceipt", hash.toHex());
      if (receipt != null && !receipt.isNull()) {
        return receipt;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("transaction " + hash + " not mined in " + RECEIPT_TIMEOUT);
      }
      sleep(100);
    }
  }

  private String call(Address to, String selector) throws IOException {
    JsonNode result = chain.call("eth_call", Map.of("to", to.toHex(), "data", "0x" + selector),
        "latest");
    String hex = result.asText();
    if (hex.length() < 66) {
      throw new IOException("eth_call 0x" + selector + " on " + to + " returned " + hex
          + "; is it a Flow contract?");
    }
    return hex;
  }

  /** ABI encoding of {@code submit(((length, tags, nodes[(root, height)]), submitter))}. */
  public static byte[] submitCall(Submission submission, Address submitter) {
    return submitCall(submission, new byte[0], submitter);
  }

  /** The same with {@code tags}. */
  public static byte[] submitCall(Submission submission, byte[] tags, Address submitter) {
    int paddedTags = (tags.length + 31) / 32 * 32;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Hex.decode(SUBMIT));
    word(out, BigInteger.valueOf(0x20));               // the outer tuple is dynamic
    word(out, BigInteger.valueOf(0x40));               // its Submission, after 2 head words
    out.writeBytes(new byte[12]);
    out.writeBytes(submitter.toArray());
    word(out, BigInteger.valueOf(submission.lengthBytes()));
    word(out, BigInteger.valueOf(0x60));               // tags, after 3 head words
    word(out, BigInteger.valueOf(0x80 + paddedTags));  // nodes, after the tags
    word(out, BigInteger.valueOf(tags.length));        // tags: length, bytes, zero padding
    out.writeBytes(tags);
    out.writeBytes(new byte[paddedTags - tags.length]);
    word(out, BigInteger.valueOf(submission.nodes().size()));
    for (SubmissionNode node : submission.nodes()) {
      out.writeBytes(node.root().toArray());
      word(out, BigInteger.valueOf(node.height()));
    }
    return out.toByteArray();
  }

  private static void word(ByteArrayOutputStream out, BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] word = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, word, 32 - n, n);
    out.writeBytes(word);
  }

  static long quantity(JsonNode node) throws IOException {
    String text = node == null ? "" : node.asText();
    if (!text.startsWith("0x") || text.length() < 3 || text.length() > 18) {
      throw new IOException("expected a hex quantity, got " + node);
    }
    return Long.parseUnsignedLong(text.substring(2), 16);
  }

  static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }
}
