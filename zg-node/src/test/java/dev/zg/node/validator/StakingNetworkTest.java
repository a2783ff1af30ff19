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
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.consensus.Validator;
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
    setUp(9_000);
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

  // ---- helpers -------------------------------------------------------------------------

  void setUp(int seed) throws Exception {
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
    for (int i = 0; i < 3; i++) {
      validators.add(new Staking.GenesisValidator(keys.get(i).address(), "v" + i,
          ZG.multiply(BigInteger.TEN)));
    }
    genesis = Staking.withStaking(funded, new StakingParams(60, ZG, 10, 50_000), validators);
  }

  ValidatorConfig config(int i) {
    List<ValidatorConfig.Peer> peers = new ArrayList<>();
    List<Validator> validators = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      if (j < 3) {
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
