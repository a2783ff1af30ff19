package dev.zg.node;

import static dev.zg.node.AbiCalls.calldata;
import static dev.zg.node.AbiCalls.word;
import static dev.zg.node.AbiCalls.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.staking.Governance;
import dev.zg.staking.GovernanceParams;
import dev.zg.staking.Staking;
import dev.zg.staking.StakingParams;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The governance precompile through signed transactions on an in-memory node. Validator 0
 * (key 0) self-stakes 10 0G and key 1 delegates 20 0G to it, so 30 0G are bonded; the minimum
 * deposit is 10 0G, the deposit period 3 blocks and the voting period 4 blocks. The clock
 * stands still, so block n has timestamp n.
 */
class GovernanceModuleTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final BigInteger ZG = BigInteger.TEN.pow(18);
  private static final String GOV = Governance.ADDRESS.toHex();
  private static final int YES = 1;
  private static final int NO = 2;
  private static final int VETO = 4;

  private final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  private ChainNode node;
  private RpcClient rpc;
  private final long[] nonces = new long[20];

  @BeforeEach
  void start() {
    var genesis = Governance.withGovernance(Staking.withStaking(DevnetGenesis.create(),
        new StakingParams(5, ZG, 10, 50_000, BigInteger.ZERO),
        List.of(new Staking.GenesisValidator(keys.get(0).address(), "genesis", zg(10)))),
        new GovernanceParams(zg(10), 3, 4));
    node = ChainNode.start(new NodeConfig(genesis, null, "127.0.0.1", 0, Duration.ofHours(1),
        keys.get(0).address(), keys, List.of(), NodeConfig.RPC_GAS_CAP_DEFAULT),
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    rpc = new RpcClient(node.rpcUrl());
    assertThat(status(send(1, Staking.ADDRESS, "delegate(address)", zg(20),
        word(keys.get(0).address())))).isEqualTo(1);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void aPassedGasLimitProposalRaisesTheLimitOfTheNextBlocks() {
    long newLimit = 40_000_000;
    assertThat(DevnetGenesis.GAS_LIMIT).isLessThan(35_000_000);
    // Before: the pool refuses a transaction whose gas limit exceeds the block's.
    JsonNode refused = rpc.answer("eth_sendRawTransaction", bigTransfer());
    assertThat(refused.has("error")).as(refused.toString()).isTrue();
    assertThat(refused.get("error").toString()).contains("30000000");
    // Submitted with 4 0G: waits for deposits.
    JsonNode submitted = send(2, Governance.ADDRESS, "submitProposal(bytes32,uint256,string)",
        zg(4), proposalArgs("blockGasLimit", BigInteger.valueOf(newLimit), "more room"));
    assertThat(status(submitted)).isEqualTo(1);
    JsonNode log = submitted.get("logs").get(0);
    assertThat(log.get("topics").get(0).asText())
        .isEqualTo(topic("ProposalSubmitted(uint64,bytes32,uint256)"));
    long id = new BigInteger(log.get("topics").get(1).asText().substring(2), 16).longValue();
    assertThat(id).isEqualTo(1);
    assertThat(proposal(id).get(0)).isEqualTo(BigInteger.ONE); // deposit period
    BigInteger before2 = balance(keys.get(2).address());
    BigInteger before3 = balance(keys.get(3).address());

    JsonNode deposited = send(3, Governance.ADDRESS, "deposit(uint64)", zg(6), uint(id));
    assertThat(status(deposited)).isEqualTo(1);
    BigInteger fee3 = fee(deposited);
    long votingEnd = Long.decode(deposited.get("blockNumber").asText()) + 4;
    assertThat(proposal(id).get(0)).isEqualTo(BigInteger.TWO);
    assertThat(proposal(id).get(5)).isEqualTo(BigInteger.valueOf(votingEnd));
    assertThat(balance(Governance.ADDRESS)).isEqualTo(zg(10));

    JsonNode voted = send(0, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO, uint(id),
        uint(YES));
    assertThat(status(voted)).isEqualTo(1);
    assertThat(voted.get("logs").get(0).get("topics").get(0).asText())
        .isEqualTo(topic("Voted(uint64,address,uint8,uint256)"));
    assertThat(words(Hex.decode(voted.get("logs").get(0).get("data").asText())))
        .containsExactly(BigInteger.ONE, zg(10)); // the operator's self-stake
    assertThat(status(send(1, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO,
        uint(id), uint(NO)))).isEqualTo(1);
    assertThat(proposal(id).subList(1, 5)).containsExactly(zg(10), zg(20), BigInteger.ZERO,
        BigInteger.ZERO);
    // The delegator changes its vote: its 20 move from no to yes.
    assertThat(status(send(1, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO,
        uint(id), uint(YES)))).isEqualTo(1);
    assertThat(proposal(id).subList(1, 5)).containsExactly(zg(30), BigInteger.ZERO,
        BigInteger.ZERO, BigInteger.ZERO);

    while (blockNumber() < votingEnd - 1) {
      rpc.call("evm_mine");
    }
    assertThat(proposal(id).get(0)).isEqualTo(BigInteger.TWO);
    rpc.call("evm_mine"); // block votingEnd: its end tallies and applies
    assertThat(proposal(id).get(0)).isEqualTo(BigInteger.valueOf(3)); // passed
    assertThat(gasLimitOf(votingEnd)).isEqualTo(DevnetGenesis.GAS_LIMIT);
    assertThat(words(view("blockGasLimit()"))).containsExactly(BigInteger.valueOf(newLimit));
    // Deposits refunded.
    assertThat(balance(keys.get(2).address())).isEqualTo(before2.add(zg(4)));
    assertThat(balance(keys.get(3).address())).isEqualTo(before3.subtract(fee3));
    assertThat(balance(Governance.ADDRESS)).isZero();

    // A transfer with a gas limit above the old block limit and below the new one is included.
    String hash = rpc.call("eth_sendRawTransaction", bigTransfer()).asText();
    rpc.call("evm_mine");
    JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
    assertThat(status(receipt)).isEqualTo(1);
    long in = Long.decode(receipt.get("blockNumber").asText());
    assertThat(in).isGreaterThan(votingEnd);
    assertThat(gasLimitOf(votingEnd + 1)).isEqualTo(newLimit);
    assertThat(gasLimitOf(in)).isEqualTo(newLimit);
  }

  @Test
  void withoutQuorumTheDepositIsRefunded() {
    BigInteger before = balance(keys.get(2).address());
    JsonNode submitted = send(2, Governance.ADDRESS, "submitProposal(bytes32,uint256,string)",
        zg(10), proposalArgs("maxValidators", BigInteger.valueOf(5), "smaller set"));
    assertThat(status(submitted)).isEqualTo(1);
    long votingEnd = Long.decode(submitted.get("blockNumber").asText()) + 4;
    assertThat(balance(keys.get(2).address())).isEqualTo(before.subtract(zg(10))
        .subtract(fee(submitted)));
    // 10 of 30 bonded is below the 33.4 % quorum.
    assertThat(status(send(0, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO,
        uint(1), uint(YES)))).isEqualTo(1);
    while (blockNumber() < votingEnd) {
      rpc.call("evm_mine");
    }
    assertThat(proposal(1).get(0)).isEqualTo(BigInteger.valueOf(6)); // no quorum
    assertThat(balance(keys.get(2).address())).isEqualTo(before.subtract(fee(submitted)));
    assertThat(words(view("blockGasLimit()"))).containsExactly(BigInteger.ZERO);
    assertThat(words(stakingView("params()")).get(2)).isEqualTo(BigInteger.TEN); // unchanged
  }

  @Test
  void aVetoedProposalBurnsItsDeposit() {
    BigInteger before = balance(keys.get(2).address());
    JsonNode submitted = send(2, Governance.ADDRESS, "submitProposal(bytes32,uint256,string)",
        zg(10), proposalArgs("slashDoubleSignPpm", BigInteger.ZERO, "no slashing"));
    long votingEnd = Long.decode(submitted.get("blockNumber").asText()) + 4;
    send(0, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO, uint(1), uint(YES));
    send(1, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO, uint(1), uint(VETO));
    while (blockNumber() < votingEnd) {
      rpc.call("evm_mine");
    }
    assertThat(proposal(1).get(0)).isEqualTo(BigInteger.valueOf(5)); // vetoed
    assertThat(balance(keys.get(2).address())).isEqualTo(before.subtract(zg(10))
        .subtract(fee(submitted)));
    assertThat(balance(Governance.ADDRESS)).isZero(); // burned
    assertThat(words(stakingView("params()")).get(3)).isEqualTo(BigInteger.valueOf(50_000));
  }

  @Test
  void aPassedUnbondingChangeSetsTheCompletionOfLaterUndelegations() {
    Address v0 = keys.get(0).address();
    JsonNode early = send(1, Staking.ADDRESS, "undelegate(address,uint256)", BigInteger.ZERO,
        word(v0), word(ZG));
    assertThat(completion(early)).isEqualTo(timestamp(early) + 5);

    JsonNode submitted = send(2, Governance.ADDRESS, "submitProposal(bytes32,uint256,string)",
        zg(10), proposalArgs("unbondingSeconds", BigInteger.valueOf(120), "longer"));
    long votingEnd = Long.decode(submitted.get("blockNumber").asText()) + 4;
    send(0, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO, uint(1), uint(YES));
    send(1, Governance.ADDRESS, "vote(uint64,uint8)", BigInteger.ZERO, uint(1), uint(YES));
    while (blockNumber() < votingEnd) {
      rpc.call("evm_mine");
    }
    assertThat(proposal(1).get(0)).isEqualTo(BigInteger.valueOf(3));
    assertThat(words(stakingView("params()")).get(0)).isEqualTo(BigInteger.valueOf(120));
    JsonNode later = send(1, Staking.ADDRESS, "undelegate(address,uint256)", BigInteger.ZERO,
        word(v0), word(ZG));
    assertThat(status(later)).isEqualTo(1);
    assertThat(completion(later)).isEqualTo(timestamp(later) + 120);
  }

  @Test
  void badCallsRevertWithAReason() {
    assertThat(callError(2, zg(10), calldata("submitProposal(bytes32,uint256,string)",
        proposalArgs("blockGasLimit", BigInteger.valueOf(100), "tiny"))))
        .contains("blockGasLimit must be 1000000..1000000000, got 100");
    assertThat(callError(2, zg(10), calldata("submitProposal(bytes32,uint256,string)",
        proposalArgs("epochBlocks", BigInteger.ONE, "x")))).contains("unknown parameter");
    assertThat(callError(2, BigInteger.ONE, calldata("submitProposal(bytes32,uint256,string)",
        proposalArgs("maxValidators", BigInteger.TWO, "x")))).contains("initial deposit");
    assertThat(callError(2, BigInteger.ZERO, calldata("vote(uint64,uint8)", uint(7), uint(1))))
        .contains("no proposal 7");
    assertThat(callError(2, BigInteger.ONE, calldata("vote(uint64,uint8)", uint(7), uint(1))))
        .contains("function is not payable");
    assertThat(callError(2, BigInteger.ZERO, calldata("proposal(uint64)", uint(1))))
        .contains("no proposal 1");
    assertThat(callError(2, BigInteger.ZERO, Hex.decode("0xdeadbeef")))
        .contains("unknown function selector 0xdeadbeef");
    // A revert in a transaction keeps the deposit with its sender.
    BigInteger before = balance(keys.get(2).address());
    JsonNode reverted = send(2, Governance.ADDRESS, "submitProposal(bytes32,uint256,string)",
        zg(10), proposalArgs("maxValidators", BigInteger.valueOf(1001), "too many"));
    assertThat(status(reverted)).isEqualTo(0);
    assertThat(balance(keys.get(2).address())).isEqualTo(before.subtract(fee(reverted)));
    // A vote without bonded stake.
    send(2, Governance.ADDRESS, "submitProposal(bytes32,uint256,string)", zg(10),
        proposalArgs("maxValidators", BigInteger.valueOf(20), "bigger"));
    assertThat(callError(6, BigInteger.ZERO, calldata("vote(uint64,uint8)", uint(1), uint(1))))
        .contains("no bonded stake");
    assertThat(callError(0, BigInteger.ZERO, calldata("vote(uint64,uint8)", uint(1), uint(9))))
        .contains("vote option must be 1 (yes)");
  }

  // ---- helpers -------------------------------------------------------------------------

  /** A transfer from key 4 with a gas limit of 35,000,000 (the genesis block limit is 30M). */
  private String bigTransfer() {
    Transaction big = TransactionSigner.sign(new DynamicFeeTransaction(node.config().chainId(),
        nonces[4], GWEI, GWEI.multiply(BigInteger.TEN), 35_000_000, keys.get(5).address(),
        BigInteger.ONE, new byte[0], List.of(), Transaction.UNSIGNED), keys.get(4).privateKey());
    return Hex.prefixed(big.encode());
  }

  private static BigInteger zg(long n) {
    return ZG.multiply(BigInteger.valueOf(n));
  }

  private static byte[] uint(long v) {
    return word(BigInteger.valueOf(v));
  }

  private static int status(JsonNode receipt) {
    return Integer.decode(receipt.get("status").asText());
  }

  private static BigInteger fee(JsonNode receipt) {
    return new BigInteger(receipt.get("gasUsed").asText().substring(2), 16)
        .multiply(new BigInteger(receipt.get("effectiveGasPrice").asText().substring(2), 16));
  }

  private long timestamp(JsonNode receipt) {
    return Long.decode(rpc.call("eth_getBlockByNumber", receipt.get("blockNumber").asText(),
        false).get("timestamp").asText());
  }

  /** The completionTime in an Unbond event's data (amount, completionTime). */
  private static long completion(JsonNode receipt) {
    return words(Hex.decode(receipt.get("logs").get(0).get("data").asText())).get(1)
        .longValueExact();
  }

  private long gasLimitOf(long number) {
    return Long.decode(rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(number), false)
        .get("gasLimit").asText());
  }

  private long blockNumber() {
    return Long.decode(rpc.call("eth_blockNumber").asText());
  }

  private BigInteger balance(Address a) {
    return new BigInteger(rpc.call("eth_getBalance", a.toHex(), "latest").asText().substring(2),
        16);
  }

  private List<BigInteger> proposal(long id) {
    return words(view("proposal(uint64)", uint(id)));
  }

  private JsonNode send(int account, Address to, String signature, BigInteger value,
      byte[]... args) {
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(node.config().chainId(),
        nonces[account]++, GWEI, GWEI.multiply(BigInteger.TEN), 1_000_000, to, value,
        calldata(signature, args), List.of(), Transaction.UNSIGNED),
        keys.get(account).privateKey());
    String hash = rpc.call("eth_sendRawTransaction", Hex.prefixed(tx.encode())).asText();
    rpc.call("evm_mine");
    return rpc.call("eth_getTransactionReceipt", hash);
  }

  private byte[] view(String signature, byte[]... args) {
    return Hex.decode(rpc.call("eth_call", RpcClient.object("to", GOV, "data",
        Hex.prefixed(calldata(signature, args))), "latest").asText());
  }

  private byte[] stakingView(String signature) {
    return Hex.decode(rpc.call("eth_call", RpcClient.object("to", Staking.ADDRESS.toHex(),
        "data", Hex.prefixed(calldata(signature))), "latest").asText());
  }

  /** The error of an eth_call to the governance precompile. */
  private String callError(int account, BigInteger value, byte[] data) {
    JsonNode answer = rpc.answer("eth_call", RpcClient.object("from",
        keys.get(account).address().toHex(), "to", GOV, "value", "0x" + value.toString(16),
        "data", Hex.prefixed(data)), "latest");
    assertThat(answer.has("error")).as(answer.toString()).isTrue();
    return answer.get("error").toString();
  }

  private static String topic(String signature) {
    return Hex.prefixed(dev.zg.common.Keccak256.hash(
        signature.getBytes(StandardCharsets.US_ASCII)));
  }

  /** (bytes32 keccak256(name), uint256 value, string description). */
  private static byte[] proposalArgs(String param, BigInteger value, String description) {
    byte[] text = description.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(dev.zg.common.Keccak256.hash(param.getBytes(StandardCharsets.US_ASCII)));
    out.writeBytes(word(value));
    out.writeBytes(word(BigInteger.valueOf(96)));
    out.writeBytes(word(BigInteger.valueOf(text.length)));
    out.writeBytes(java.util.Arrays.copyOf(text, (text.length + 31) / 32 * 32));
    return out.toByteArray();
  }
}
