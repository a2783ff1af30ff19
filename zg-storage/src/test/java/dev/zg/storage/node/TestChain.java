package dev.zg.storage.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.FlowTree;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.sync.SubmitEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

/**
 * A real zg chain in process with a test-only stand-in for Flow: a 65-byte hand-assembled
 * contract that emits {@code Submit} with exactly Flow's topic0 and the topics and data its
 * caller passes (calldata = sender word ‖ identity ‖ ABI data). The test keeps Flow's
 * bookkeeping (tx seq, flow positions through {@link FlowTree}) so the events carry what the
 * real contract would emit. Blocks are produced only on demand ({@code evm_mine}).
 */
final class TestChain implements AutoCloseable {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  /**
   * Runtime: PUSH1 0x20 CALLDATALOAD; PUSH1 0 CALLDATALOAD; PUSH32 topic0; PUSH1 0x40
   * CALLDATASIZE SUB; DUP1 PUSH1 0x40 PUSH1 0 CALLDATACOPY; PUSH1 0; LOG3; STOP. The init code
   * copies those 53 bytes to memory and returns them.
   */
  static String emitterInitCode() {
    String runtime = "602035600035" + "7f" + Hex.encode(SubmitEvent.TOPIC.toArray())
        + "604036038060406000376000a300";
    if (runtime.length() != 53 * 2) {
      throw new IllegalStateException("runtime is " + runtime.length() / 2 + " bytes");
    }
    return "0x6035600c60003960356000f3" + runtime;
  }

  /** One submitted file, as the test knows it. */
  record Submitted(long txSeq, long startPos, byte[] data, FileMerkleTree tree) {}

  private final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  private final ChainNode node;
  private final JsonRpcClient rpc;
  private final FlowTree flow = FlowTree.deployed();
  private final Address emitter;
  private long nonce;
  private long nextSeq;

  TestChain() {
    node = ChainNode.start(new NodeConfig(DevnetGenesis.create(), null, "127.0.0.1", 0,
        Duration.ofHours(1), keys.get(0).address(), keys, List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT));
    rpc = new JsonRpcClient(node.rpcUrl(), Duration.ofSeconds(30));
    String hash = send(null, emitterInitCode());
    mine();
    JsonNode receipt = call("eth_getTransactionReceipt", hash);
    emitter = Address.fromHex(receipt.get("contractAddress").asText());
  }

  String rpcUrl() {
    return node.rpcUrl();
  }

  Address flowAddress() {
    return emitter;
  }

  /** The root the Flow contract would commit after every submit so far. */
  dev.zg.common.Hash flowRoot() {
    return flow.root();
  }

  long flowLength() {
    return flow.length();
  }

  Address sender() {
    return keys.get(1).address();
  }

  /** Emits Submit for {@code data} in the next block (not mined yet). */
  Submitted submit(byte[] data) {
    FileMerkleTree tree;
    try {
      tree = FileHasher.usingAllCores().tree(new ByteArrayInputStream(data), data.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Submission submission = tree.submission();
    long start = flow.append(submission);
    long seq = nextSeq++;
    byte[] eventData = SubmitEvent.encodeData(seq, start, submission.sectors().longValueExact(),
        submission, new byte[0]);
    String input = Hex.prefixed(Bytes.concat(sender().toWord(),
        SubmitEvent.identityOf(submission).toArray(), eventData));
    send(emitter, input);
    return new Submitted(seq, start, data, tree);
  }

  long blockNumber() {
    return Long.decode(call("eth_blockNumber").asText());
  }

  void mine() {
    call("evm_mine");
  }

  void mine(int blocks) {
    for (int i = 0; i < blocks; i++) {
      mine();
    }
  }

  private String send(Address to, String input) {
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(node.config().chainId(),
        nonce++, GWEI, GWEI.multiply(BigInteger.TEN), 1_000_000, to, BigInteger.ZERO,
        Hex.decode(input), List.of(), Transaction.UNSIGNED), keys.get(1).privateKey());
    return call("eth_sendRawTransaction", Hex.prefixed(tx.encode())).asText();
  }

  JsonNode call(String method, Object... params) {
    try {
      return rpc.call(method, params);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
