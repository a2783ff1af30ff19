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
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.consensus.Validator;
import dev.zg.node.AbiCalls;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.staking.Governance;
import dev.zg.staking.GovernanceParams;
import dev.zg.staking.Staking;
import dev.zg.staking.StakingParams;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four validators over loopback TCP pass a blockGasLimit proposal: every validator builds and
 * accepts the blocks after the tally with the new limit (a proposer's block with another
 * limit would be refused by the others), and a transaction above the old limit commits.
 */
class GovernanceNetworkTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final BigInteger ZG = BigInteger.TEN.pow(18);
  private static final long NEW_LIMIT = 40_000_000;

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
  void everyValidatorSwitchesToTheGovernedGasLimitAtTheSameHeight() throws Exception {
    setUp(9_200);
    for (int i = 0; i < 4; i++) {
      nodes[i] = start(i);
    }
    byte[] submit = AbiCalls.calldata("submitProposal(bytes32,uint256,string)",
        Governance.Param.BLOCK_GAS_LIMIT.key().bytesUnsafe(),
        AbiCalls.word(BigInteger.valueOf(NEW_LIMIT)), AbiCalls.word(BigInteger.valueOf(96)),
        AbiCalls.word(BigInteger.ZERO));
    IndexedTransaction submitted = include(sign(0, 0, 1_000_000, Governance.ADDRESS, submit,
        ZG));
    assertThat(submitted.receipt().receipt().success()).isTrue();
    long votingEnd = submitted.blockNumber() + 20;
    // Validators 0 and 1: 20 of 40 0G bonded, all yes, sent at once (20 blocks is ample room).
    List<Transaction> votes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      votes.add(sign(i, i == 0 ? 1 : 0, 1_000_000, Governance.ADDRESS,
          AbiCalls.calldata("vote(uint64,uint8)", AbiCalls.word(BigInteger.ONE),
              AbiCalls.word(BigInteger.ONE)), BigInteger.ZERO));
      nodes[1].submit(votes.get(i), votes.get(i).encode().length);
    }
    for (Transaction vote : votes) {
      IndexedTransaction voted = included(vote);
      assertThat(voted.receipt().receipt().success()).isTrue();
      assertThat(voted.blockNumber()).isLessThanOrEqualTo(votingEnd);
    }
    await(() -> allAt(votingEnd + 2));
    for (ChainNode n : nodes) {
      assertThat(n.store().header(votingEnd).orElseThrow().gasLimit())
          .isEqualTo(DevnetGenesis.GAS_LIMIT);
      assertThat(n.store().header(votingEnd + 1).orElseThrow().gasLimit()).isEqualTo(NEW_LIMIT);
      assertThat(n.store().canonicalHash(votingEnd + 1))
          .isEqualTo(nodes[0].store().canonicalHash(votingEnd + 1));
    }
    IndexedTransaction big = include(sign(2, 0, 35_000_000, keys.get(3).address(), new byte[0],
        BigInteger.ONE));
    assertThat(big.receipt().receipt().success()).isTrue();
    assertThat(big.blockNumber()).isGreaterThan(votingEnd);
  }

  // ---- helpers -------------------------------------------------------------------------

  private IndexedTransaction include(Transaction tx) throws Exception {
    nodes[1].submit(tx, tx.encode().length);
    return included(tx);
  }

  private IndexedTransaction included(Transaction tx) throws Exception {
    await(() -> nodes[0].store().transaction(tx.hash()).isPresent());
    return nodes[0].store().transaction(tx.hash()).orElseThrow();
  }

  private boolean allAt(long height) {
    for (ChainNode n : nodes) {
      if (n.store().head().number() < height) {
        return false;
      }
    }
    return true;
  }

  /** Four genesis validators with 10 0G each; governance votes for 20 blocks. */
  private void setUp(int seed) throws Exception {
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
    for (int i = 0; i < 4; i++) {
      validators.add(new Staking.GenesisValidator(keys.get(i).address(), "v" + i,
          ZG.multiply(BigInteger.TEN)));
    }
    genesis = Governance.withGovernance(Staking.withStaking(funded,
        new StakingParams(60, ZG, 10, 50_000, BigInteger.ZERO), validators),
        new GovernanceParams(ZG, 2, 20));
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
    return new ValidatorConfig(keys.get(i), "127.0.0.1", ports.get(i), peers, validators,
        ValidatorNetworkTest.FAST, 100);
  }

  private ChainNode start(int i) {
    NodeConfig config = new NodeConfig(genesis, dir.resolve("node" + i), "127.0.0.1", 0,
        Duration.ZERO, keys.get(i).address(), List.of(), List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT);
    return ChainNode.start(config, config(i), Clock.systemUTC());
  }

  private Transaction sign(int key, long nonce, long gas, Address to, byte[] data,
      BigInteger value) {
    return TransactionSigner.sign(new DynamicFeeTransaction(genesis.chainId(), nonce, GWEI,
        GWEI.multiply(BigInteger.valueOf(100)), gas, to, value, data, List.of(),
        Transaction.UNSIGNED), keys.get(key).privateKey());
  }
}
