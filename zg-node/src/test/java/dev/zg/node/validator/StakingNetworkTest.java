package dev.zg.node.validator;

import static dev.zg.node.validator.ValidatorNetworkTest.await;
import static dev.zg.node.validator.ValidatorNetworkTest.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.chain.store.IndexedTransaction;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.consensus.Signer;
import dev.zg.consensus.Validator;
import dev.zg.consensus.Vote;
import dev.zg.consensus.VoteType;
import dev.zg.node.AbiCalls;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.node.RpcClient;
import dev.zg.staking.Staking;
import dev.zg.staking.StakingParams;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validators whose set comes from the staking module: the genesis stakes three of four keys;
 * the fourth becomes a validator through a createValidator transaction and joins consensus at
 * the height the staking module scheduled (two after the block that included it).
 */
class StakingNetworkTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final BigInteger ZG = BigInteger.TEN.pow(18);

  @TempDir
  Path dir;

  private final List<Secp256k1.KeyPair> keys = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final ChainNode[] nodes = new ChainNode[4];
  private Genesis genesis;
  private int staked;

  @AfterEach
  void stop() {
    for (ChainNode n : nodes) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  void aValidatorCreatedByATransactionJoinsConsensusTwoHeightsLater() throws Exception {
    setUp(9_000, 3);
    for (int i = 0; i < 4; i++) {
      nodes[i] = start(i);
    }
    awaitAll(2);
    Address joiner = keys.get(3).address();
    assertThat(set(nodes[0], "latest")).doesNotContain(joiner);

    Transaction create = sign(3, 0, AbiCalls.calldata("createValidator(string,uint32,uint32)",
        AbiCalls.stringArgs("joiner", 50_000, 100_000)), ZG.multiply(BigInteger.TEN));
    nodes[1].submit(create, create.encode().length);
    await(() -> nodes[0].store().transaction(create.hash()).isPresent());
    IndexedTransaction included = nodes[0].store().transaction(create.hash()).orElseThrow();
    assertThat(included.receipt().receipt().success()).isTrue();
    long h = included.blockNumber();

    // Scheduled for h + 2, and so it is: the set of h + 1 lacks it, that of h + 2 has it.
    assertThat(setAt(nodes[0], h + 1)).doesNotContain(joiner);
    assertThat(setAt(nodes[0], h + 2)).contains(joiner);
    // It takes part: with four equal members it proposes one height in four.
    await(() -> proposedBy(joiner, h + 2).isPresent());
    assertThat(proposedBy(joiner, 1)).get().matches(n -> n >= h + 2);

    // Its votes now count: with a genesis validator stopped, only 3 of 4 members remain, and
    // they have more than 2/3 of the power only with the joiner.
    nodes[0].close();
    nodes[0] = null;
    long head = nodes[1].store().head().number();
    await(() -> nodes[1].store().head().number() >= head + 3
        && nodes[3].store().head().number() >= head + 3);
  }

  @Test
  void aValidatorThatDoubleSignsIsSlashedAndJailed() throws Exception {
    setUp(9_100, 4);
    for (int i = 0; i < 3; i++) {
      nodes[i] = start(i);
    }
    // Validator 3 is Byzantine: a bare transport with its key that signs two different
    // prevotes for every height it hears of.
    Address offender = keys.get(3).address();
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
      // The honest validators report it; the first report included slashes and jails it.
      await(() -> jailed(nodes[0], offender));
      List<BigInteger> v = AbiCalls.words(view(nodes[0], "latest", "validator(address)",
          AbiCalls.word(offender)));
      BigInteger slashed = ZG.multiply(BigInteger.TEN).multiply(BigInteger.valueOf(95))
          .divide(BigInteger.valueOf(100)); // 5 % of 10 0G burned
      assertThat(v.get(0)).isEqualTo(slashed);
      assertThat(v.get(3)).isEqualTo(BigInteger.ONE); // jailed
      assertThat(v.get(4)).isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
      assertThat(v.get(5)).isEqualTo(BigInteger.ONE); // unbonded: out of the set
      // The block that slashed it scheduled the set without it two heights on.
      long slashedAt = slashBlock(nodes[0], offender);
      assertThat(setAt(nodes[0], slashedAt + 1)).contains(offender);
      assertThat(setAt(nodes[0], slashedAt + 2)).doesNotContain(offender).hasSize(3);
      // The staking account's balance lost the burned half-0G: 4 x 10 0G staked at genesis;
      // the rest is the reports' priority fees, held as rewards.
      assertThat(balance(nodes[0], Staking.ADDRESS).subtract(rewardsOwed(nodes[0])))
          .isBetween(ZG.multiply(BigInteger.valueOf(30)).add(slashed), ZG.multiply(
              BigInteger.valueOf(30)).add(slashed).add(BigInteger.valueOf(
                  4 * nodes[0].store().head().number())));
      // A tombstoned validator can never unjail: the call says why, the transaction reverts.
      var refused = new RpcClient(nodes[0].rpcUrl()).answer("eth_call", RpcClient.object("from",
          offender.toHex(), "to", Staking.ADDRESS.toHex(), "data",
          Hex.prefixed(AbiCalls.calldata("unjail()"))), "latest");
      assertThat(refused.get("error").toString())
          .contains("is tombstoned for double-signing and can never unjail");
      Transaction unjail = sign(3, 0, AbiCalls.calldata("unjail()"), BigInteger.ZERO);
      nodes[1].submit(unjail, unjail.encode().length);
      await(() -> nodes[0].store().transaction(unjail.hash()).isPresent());
      assertThat(nodes[0].store().transaction(unjail.hash()).orElseThrow().receipt().receipt()
          .success()).isFalse();
      assertThat(jailed(nodes[0], offender)).isTrue();
      // The three honest validators go on, on the same chain.
      long h = nodes[0].store().head().number();
      await(() -> nodes[1].store().head().number() >= h + 3
          && nodes[2].store().head().number() >= h + 3);
      for (long height = 1; height <= h; height++) {
        assertThat(nodes[1].store().canonicalHash(height))
            .isEqualTo(nodes[0].store().canonicalHash(height));
        assertThat(nodes[2].store().canonicalHash(height))
            .isEqualTo(nodes[0].store().canonicalHash(height));
      }
    } finally {
      byzantine[0].close();
    }
  }

  @Test
  void aValidatorDownForLongerThanTheWindowIsSlashedJailedAndUnjails() throws Exception {
    // Downtime over 8 blocks: fewer than half signed is down; 100 ppm slashed, 2 s in jail.
    setUp(9_200, 4, new StakingParams(60, ZG, 10, 50_000, BigInteger.ZERO)
        .withDowntime(8, 500_000, 100, 2));
    for (int i = 0; i < 3; i++) {
      nodes[i] = start(i);
    }
    // Validator 3 is in the genesis set but stopped: it signs no certificate. The other three
    // hold 30 of 40, a quorum without it.
    Address down = keys.get(3).address();
    await(() -> jailed(nodes[0], down));
    List<BigInteger> v = AbiCalls.words(view(nodes[0], "latest", "validator(address)",
        AbiCalls.word(down)));
    BigInteger stake = ZG.multiply(BigInteger.TEN);
    BigInteger slashed = stake.subtract(stake.divide(BigInteger.valueOf(10_000))); // 0.01 %
    assertThat(v.get(0)).isEqualTo(slashed);
    assertThat(v.get(3)).isEqualTo(BigInteger.ONE);
    long until = v.get(4).longValueExact();
    assertThat(until).isNotEqualTo(-1L); // jailed for a time, not tombstoned
    long jailedAt = firstHeight(nodes[0], h -> jailedAt(nodes[0], down, h));
    // Judged at the first block with a full window: certificates 1..8, carried by blocks 2..9.
    assertThat(jailedAt).isEqualTo(9);
    assertThat(until).isEqualTo(nodes[0].store().header(jailedAt).orElseThrow().timestamp() + 2);
    assertThat(setAt(nodes[0], jailedAt + 1)).contains(down);
    assertThat(setAt(nodes[0], jailedAt + 2)).doesNotContain(down).hasSize(3);
    // The stake lost is burned: the staking account holds the rest (no fees were paid yet).
    assertThat(balance(nodes[0], Staking.ADDRESS))
        .isEqualTo(ZG.multiply(BigInteger.valueOf(30)).add(slashed));
    // The honest three signed every certificate: none of them lost anything.
    for (int i = 0; i < 3; i++) {
      assertThat(AbiCalls.words(view(nodes[0], "latest", "validator(address)",
          AbiCalls.word(keys.get(i).address()))).subList(0, 4)).containsExactly(stake, stake,
          BigInteger.ZERO, BigInteger.ZERO);
    }
    long jailedHead = nodes[0].store().head().number();
    await(() -> nodes[1].store().head().number() >= jailedHead + 3);

    // It comes back, catches up, waits out its jail time and unjails.
    nodes[3] = start(3);
    await(() -> nodes[3].store().head().number() >= nodes[0].store().head().number() - 1
        && nodes[0].store().head().timestamp() >= until);
    Transaction unjail = sign(3, 0, AbiCalls.calldata("unjail()"), BigInteger.ZERO);
    nodes[3].submit(unjail, unjail.encode().length);
    await(() -> nodes[0].store().transaction(unjail.hash()).isPresent());
    IndexedTransaction included = nodes[0].store().transaction(unjail.hash()).orElseThrow();
    assertThat(included.receipt().receipt().success()).isTrue();
    long h = included.blockNumber();
    assertThat(jailed(nodes[0], down)).isFalse();
    // Back in the set at the next set change, two heights on, and taking part again.
    assertThat(setAt(nodes[0], h + 1)).doesNotContain(down);
    assertThat(setAt(nodes[0], h + 2)).contains(down).hasSize(4);
    await(() -> proposedBy(down, h + 2).isPresent());
    assertThat(AbiCalls.words(view(nodes[0], "latest", "validator(address)",
        AbiCalls.word(down))).get(5)).isEqualTo(BigInteger.valueOf(3));
  }

  // ---- helpers -------------------------------------------------------------------------

  static boolean jailedAt(ChainNode node, Address validator, long height) {
    return AbiCalls.words(view(node, "0x" + Long.toHexString(height), "validator(address)",
        AbiCalls.word(validator))).get(3).signum() != 0;
  }

  /** The first height from 1 to the head at which {@code test} holds. */
  static long firstHeight(ChainNode node, java.util.function.LongPredicate test) {
    for (long h = 1; h <= node.store().head().number(); h++) {
      if (test.test(h)) {
        return h;
      }
    }
    throw new AssertionError("never");
  }

  /** The rewards and commission the staking account owes the four self-delegations. */
  BigInteger rewardsOwed(ChainNode node) {
    BigInteger owed = BigInteger.ZERO;
    for (Secp256k1.KeyPair k : keys) {
      owed = owed.add(AbiCalls.words(view(node, "latest", "pendingRewards(address,address)",
          AbiCalls.word(k.address()), AbiCalls.word(k.address()))).get(0));
      owed = owed.add(AbiCalls.words(view(node, "latest", "pendingCommission(address)",
          AbiCalls.word(k.address()))).get(0));
    }
    return owed;
  }

  static BigInteger balance(ChainNode node, Address a) {
    return new BigInteger(new RpcClient(node.rpcUrl()).call("eth_getBalance", a.toHex(),
        "latest").asText().substring(2), 16);
  }

  static boolean jailed(ChainNode node, Address validator) {
    return AbiCalls.words(view(node, "latest", "validator(address)", AbiCalls.word(validator)))
        .get(3).signum() != 0;
  }

  /** The block holding the successful Slash event for {@code offender}. */
  static long slashBlock(ChainNode node, Address offender) {
    String topic = Hex.prefixed(Hash.keccak("Slash(address,uint256,uint8)".getBytes())
        .bytesUnsafe());
    var logs = new RpcClient(node.rpcUrl()).call("eth_getLogs", RpcClient.object("fromBlock",
        "0x0", "address", Staking.ADDRESS.toHex(), "topics", List.of(topic)));
    assertThat(logs).hasSize(1);
    assertThat(Address.fromWord(Hex.decode(logs.get(0).get("topics").get(1).asText())))
        .isEqualTo(offender);
    return Long.decode(logs.get(0).get("blockNumber").asText());
  }

  /** Four keys; the first {@code staked} are genesis validators with 10 0G each. */
  void setUp(int seed, int staked) throws Exception {
    setUp(seed, staked, new StakingParams(60, ZG, 10, 50_000, BigInteger.ZERO));
  }

  void setUp(int seed, int staked, StakingParams params) throws Exception {
    this.staked = staked;
    for (int i = 0; i < 4; i++) {
      keys.add(Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(seed + i)));
      ports.add(freePort());
    }
    Genesis devnet = DevnetGenesis.create();
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>(devnet.alloc());
    for (Secp256k1.KeyPair k : keys) {
      alloc.put(k.address(), GenesisAccount.funded(UInt256.fromBigInteger(
          ZG.multiply(BigInteger.valueOf(100)))));
    }
    Genesis funded = new Genesis(devnet.chainId(), devnet.timestamp(), devnet.gasLimit(),
        devnet.baseFeePerGas(), devnet.extraData(), devnet.coinbase(), devnet.mixHash(),
        devnet.difficulty(), alloc);
    List<Staking.GenesisValidator> validators = new ArrayList<>();
    for (int i = 0; i < staked; i++) {
      validators.add(new Staking.GenesisValidator(keys.get(i).address(), "v" + i,
          ZG.multiply(BigInteger.TEN)));
    }
    genesis = Staking.withStaking(funded, params, validators);
  }

  ValidatorConfig config(int i) {
    List<ValidatorConfig.Peer> peers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      if (j < staked) {
        validators.add(new Validator(keys.get(j).address(), 10));
      }
      if (j != i) {
        peers.add(new ValidatorConfig.Peer(keys.get(j).address(), "127.0.0.1", ports.get(j)));
      }
    }
    return new ValidatorConfig(keys.get(i), "127.0.0.1", ports.get(i), peers, validators,
        ValidatorNetworkTest.FAST, 100);
  }

  ChainNode start(int i) {
    NodeConfig config = new NodeConfig(genesis, dir.resolve("node" + i), "127.0.0.1", 0,
        Duration.ZERO, keys.get(i).address(), List.of(), List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT);
    return ChainNode.start(config, config(i), Clock.systemUTC());
  }

  Transaction sign(int key, long nonce, byte[] data, BigInteger value) {
    return TransactionSigner.sign(new DynamicFeeTransaction(genesis.chainId(), nonce, GWEI,
        GWEI.multiply(BigInteger.valueOf(100)), 1_000_000, Staking.ADDRESS, value, data,
        List.of(), Transaction.UNSIGNED), keys.get(key).privateKey());
  }

  /** The first height at or after {@code from} whose block {@code proposer} made. */
  Optional<Long> proposedBy(Address proposer, long from) {
    ChainNode n = nodes[1];
    for (long h = from; h <= n.store().head().number(); h++) {
      if (n.store().header(h).orElseThrow().coinbase().equals(proposer)) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  static byte[] view(ChainNode node, String block, String signature, byte[]... args) {
    return Hex.decode(new RpcClient(node.rpcUrl()).call("eth_call", RpcClient.object("to",
        Staking.ADDRESS.toHex(), "data", Hex.prefixed(AbiCalls.calldata(signature, args))),
        block).asText());
  }

  static List<Address> set(ChainNode node, String block) {
    return addresses(AbiCalls.words(view(node, block, "activeSet()")));
  }

  static List<Address> setAt(ChainNode node, long height) {
    return addresses(AbiCalls.words(view(node, "latest", "validatorSetAt(uint64)",
        AbiCalls.word(BigInteger.valueOf(height)))));
  }

  private static List<Address> addresses(List<BigInteger> w) {
    int n = w.get(2).intValue();
    return w.subList(3, 3 + n).stream().map(x -> Address.fromWord(AbiCalls.word(x))).toList();
  }

  void awaitAll(long height) throws InterruptedException {
    await(() -> {
      for (ChainNode n : nodes) {
        if (n != null && n.store().head().number() < height) {
          return false;
        }
      }
      return true;
    });
  }
}
