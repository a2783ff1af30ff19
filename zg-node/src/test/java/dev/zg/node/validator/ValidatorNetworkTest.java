package dev.zg.node.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.DuplicateVoteEvidence;
import dev.zg.consensus.Evidence;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.Signer;
import dev.zg.consensus.Timeouts;
import dev.zg.consensus.Validator;
import dev.zg.consensus.Vote;
import dev.zg.consensus.VoteType;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validators in one JVM, each with its own RocksDB folder, talking over real loopback
 * TCP: they commit the same blocks with the transactions sent to any of them, and a
 * validator that was stopped catches up through block sync after its restart; one that signs
 * two prevotes in a round is reported by every honest validator, which go on without it.
 */
class ValidatorNetworkTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  static final Timeouts FAST = new Timeouts(800, 200, 300, 100, 300, 100, 300);

  @TempDir
  Path dir;

  private final Genesis genesis = DevnetGenesis.create();
  private final List<Secp256k1.KeyPair> accounts = DevnetGenesis.accounts();
  private final List<Secp256k1.KeyPair> keys = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final ChainNode[] nodes = new ChainNode[4];

  @AfterEach
  void stop() {
    for (ChainNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void fourValidatorsCommitTheSameBlocksAndARestartedOneCatchesUp() throws Exception {
    makeKeysAndPorts(7_000);
    for (int i = 0; i < 4; i++) {
      nodes[i] = start(i);
    }
    awaitAll(2);

    // Transactions sent to different validators reach every pool and every block.
    List<Hash> sent = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      Transaction tx = transfer(n % 3, n / 3);
      nodes[n % 4].submit(tx, tx.encode().length);
      sent.add(tx.hash());
    }
    awaitOnEveryNode(sent);
    assertSameChain();

    // One of four stops: the other three keep committing.
    long before = nodes[0].store().head().number();
    nodes[3].close();
    nodes[3] = null;
    await(() -> nodes[0].store().head().number() >= before + 3);

    // It comes back from its folder and catches up.
    nodes[3] = start(3);
    long target = nodes[0].store().head().number();
    await(() -> nodes[3].store().head().number() >= target);
    awaitAll(target + 2);
    assertSameChain();
  }

  @Test
  void aBlockLargerThanOnePartCommitsOnAllFourViaParts() throws Exception {
    makeKeysAndPorts(9_000);
    for (int i = 0; i < 4; i++) {
      nodes[i] = start(i);
    }
    awaitAll(1);
    // Four transactions of 100 kB calldata each: whatever block holds one spans two parts
    // or more, so its proposal can only reach the other validators in parts.
    List<Hash> sent = new ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int n = 0; n < 4; n++) {
      byte[] data = new byte[100_000];
      random.nextBytes(data);
      Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(genesis.chainId(), 0,
          GWEI, GWEI.multiply(BigInteger.valueOf(100)), 5_000_000,
          Address.fromHex("0x" + "42".repeat(20)), BigInteger.ZERO, data, List.of(),
          Transaction.UNSIGNED), accounts.get(n).privateKey());
      nodes[n].submit(tx, tx.encode().length);
      sent.add(tx.hash());
    }
    awaitOnEveryNode(sent);
    assertSameChain();
    // At least two validators besides the proposer prevoted the block, and a block this large
    // travels only in parts: at least two assembled it.
    long assembled = 0;
    for (ChainNode node : nodes) {
      assembled += node.validator().blocksFromParts();
    }
    assertThat(assembled).isGreaterThanOrEqualTo(2);
    long big = 0;
    for (long h = 1; h <= nodes[0].store().head().number(); h++) {
      big = Math.max(big, nodes[0].store().block(h).orElseThrow().encode().length);
    }
    assertThat(big).isGreaterThan(PartSet.PART_BYTES);
  }

  @Test
  void aPeerSendingABlockPartWithABadProofIsBanned() throws Exception {
    makeKeysAndPorts(9_100);
    for (int i = 0; i < 3; i++) {
      nodes[i] = start(i);
    }
    // Validator 3 is a bare transport that proposes a two-part block for the next height and
    // sends its first part with the bytes of another.
    Signer signer = Signer.of(keys.get(3));
    Address bad = keys.get(3).address();
    PartSet parts = PartSet.split(new byte[PartSet.PART_BYTES + 100]);
    PeerNetwork[] byzantine = new PeerNetwork[1];
    Map<Long, Boolean> sentAt = new ConcurrentHashMap<>();
    byzantine[0] = new PeerNetwork(config(3), genesis.chainId(),
        PeerNetwork.networkHash(nodes[0].store().genesisHash(), config(3).genesisSet()), 60_000,
        new PeerNetwork.Handler() {
          @Override
          public void onConnected(Address peer) {}

          @Override
          public void onMessage(Address peer, WireMessage message) {
            if (message instanceof WireMessage.Status s
                && sentAt.putIfAbsent(s.height() + 1, true) == null) {
              long height = s.height() + 1;
              dev.zg.consensus.Proposal p = dev.zg.consensus.Proposal.sign(genesis.chainId(),
                  height, 0, new dev.zg.consensus.Value(Hash.keccak(new byte[] {1}),
                      new byte[0]), -1, signer);
              byzantine[0].broadcast(WireMessage.ProposalParts.of(p, parts.header()));
              byte[] tampered = parts.part(0).bytes();
              tampered[7] = 1;
              byzantine[0].broadcast(new WireMessage.BlockPart(bad, height, 0,
                  new PartSet.Part(0, tampered, parts.part(0).proof())));
            }
          }
        });
    byzantine[0].start();
    try {
      // Every honest validator bans it (it sends again at each new height, so each hears it);
      // they go on without it.
      await(() -> {
        for (int i = 0; i < 3; i++) {
          if (!nodes[i].validator().isBanned(bad)) {
            return false;
          }
        }
        return true;
      });
      long before = nodes[0].store().head().number();
      awaitAll3(before + 2);
      for (int i = 0; i < 3; i++) {
        assertThat(nodes[i].validator().connectedPeers()).doesNotContain(bad);
      }
    } finally {
      byzantine[0].close();
    }
  }

  private void awaitAll3(long height) throws InterruptedException {
    await(() -> {
      for (int i = 0; i < 3; i++) {
        if (nodes[i].store().head().number() < height) {
          return false;
        }
      }
      return true;
    });
  }

  @Test
  void anEquivocatingValidatorIsCaughtAndTheOthersGoOn() throws Exception {
    makeKeysAndPorts(8_000);
    for (int i = 0; i < 3; i++) {
      nodes[i] = start(i);
    }
    // Validator 3 is Byzantine: a bare transport with its key that signs two different
    // prevotes for every height it hears of.
    Map<Long, Boolean> equivocated = new ConcurrentHashMap<>();
    PeerNetwork[] byzantine = new PeerNetwork[1];
    Signer signer = Signer.of(keys.get(3));
    byzantine[0] = new PeerNetwork(config(3), genesis.chainId(),
        PeerNetwork.networkHash(nodes[0].store().genesisHash(), config(3).genesisSet()), 60_000,
        new PeerNetwork.Handler() {
          @Override
          public void onConnected(Address peer) {}

          @Override
          public void onMessage(Address peer, WireMessage message) {
            if (message instanceof WireMessage.Status s
                && equivocated.putIfAbsent(s.height() + 1, true) == null) {
              for (String id : List.of("a", "b")) {
                byzantine[0].broadcast(new WireMessage.Consensus(Vote.sign(genesis.chainId(),
                    VoteType.PREVOTE, s.height() + 1, 0, Hash.keccak(id.getBytes()), signer)));
              }
            }
          }
        });
    byzantine[0].start();
    try {
      await(() -> {
        for (int i = 0; i < 3; i++) {
          if (nodes[i].validator().evidenceFound().isEmpty()) {
            return false;
          }
        }
        return true;
      });
      for (int i = 0; i < 3; i++) {
        for (Evidence e : nodes[i].validator().evidenceFound()) {
          DuplicateVoteEvidence d = (DuplicateVoteEvidence) e;
          assertThat(d.offender()).isEqualTo(keys.get(3).address());
          assertThat(d.verify(genesis.chainId(), config(0).genesisSet(),
              SignatureVerifier.secp256k1()).valid()).isTrue();
        }
      }
      // Three of four hold 3/4 of the power: blocks keep coming, the same on each.
      long h = nodes[0].store().head().number();
      await(() -> nodes[0].store().head().number() >= h + 3
          && nodes[1].store().head().number() >= h + 3
          && nodes[2].store().head().number() >= h + 3);
      nodes[3] = nodes[0]; // assertSameChain compares four slots
      assertSameChain();
      nodes[3] = null;
    } finally {
      byzantine[0].close();
    }
  }

  private ValidatorConfig config(int i) {
    List<ValidatorConfig.Peer> peers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      validators.add(new Validator(keys.get(j).address(), 10));
      if (j != i) {
        peers.add(new ValidatorConfig.Peer(keys.get(j).address(), "127.0.0.1", ports.get(j)));
      }
    }
    return new ValidatorConfig(keys.get(i), "127.0.0.1", ports.get(i), peers, validators, FAST,
        100);
  }

  private ChainNode start(int i) {
    ValidatorConfig validator = config(i);
    NodeConfig config = new NodeConfig(genesis, dir.resolve("node" + i), "127.0.0.1", 0,
        Duration.ZERO, keys.get(i).address(), List.of(), List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT);
    return ChainNode.start(config, validator, Clock.systemUTC());
  }

  private Transaction transfer(int account, long nonce) {
    return TransactionSigner.sign(new DynamicFeeTransaction(genesis.chainId(), nonce, GWEI,
        GWEI.multiply(BigInteger.valueOf(100)), 21_000, Address.fromHex("0x" + "42".repeat(20)),
        BigInteger.ONE, new byte[0], List.of(), Transaction.UNSIGNED),
        accounts.get(account).privateKey());
  }

  /** Four validator keys from {@code seed}, and a free port for each. */
  private void makeKeysAndPorts(long seed) throws Exception {
    for (int i = 0; i < 4; i++) {
      keys.add(Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(seed + i)));
      ports.add(freePort());
    }
  }

  /** Until every running node's chain holds every transaction of {@code sent}. */
  private void awaitOnEveryNode(List<Hash> sent) throws InterruptedException {
    await(() -> {
      for (ChainNode node : nodes) {
        for (Hash h : sent) {
          if (node.store().transaction(h).isEmpty()) {
            return false;
          }
        }
      }
      return true;
    });
  }

  private void awaitAll(long height) throws InterruptedException {
    await(() -> {
      for (ChainNode n : nodes) {
        if (n.store().head().number() < height) {
          return false;
        }
      }
      return true;
    });
  }

  /** Every height that all nodes have holds the same block on each. */
  private void assertSameChain() {
    long common = Long.MAX_VALUE;
    for (ChainNode n : nodes) {
      common = Math.min(common, n.store().head().number());
    }
    for (long h = 1; h <= common; h++) {
      Hash first = nodes[0].store().canonicalHash(h).orElseThrow();
      for (ChainNode n : nodes) {
        assertThat(n.store().canonicalHash(h)).as("block %d", h).contains(first);
      }
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(20);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
