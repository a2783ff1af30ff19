package dev.zg.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
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
 * The staking precompile through signed transactions and eth_call on an in-memory node. The
 * clock stands still at 0, so block n has timestamp n (each block is one second after its
 * parent) and a 5-second unbonding completes exactly 5 blocks on.
 */
class StakingModuleTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final BigInteger ZG = BigInteger.TEN.pow(18);
  private static final String STAKING = Staking.ADDRESS.toHex();

  private final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  private ChainNode node;
  private RpcClient rpc;
  private final long[] nonces = new long[20];
  /** The priority fees of the transactions {@link #send} made. */
  private BigInteger feesSent = BigInteger.ZERO;

  @BeforeEach
  void start() {
    start(BigInteger.ZERO);
  }

  private void start(BigInteger inflationPerBlock) {
    var genesis = Staking.withStaking(DevnetGenesis.create(),
        new StakingParams(5, ZG, 10, 50_000, inflationPerBlock),
        List.of(new Staking.GenesisValidator(keys.get(0).address(), "genesis", ZG.multiply(
            BigInteger.TEN))));
    node = ChainNode.start(new NodeConfig(genesis, null, "127.0.0.1", 0, Duration.ofHours(1),
        keys.get(0).address(), keys, List.of(), NodeConfig.RPC_GAS_CAP_DEFAULT),
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    rpc = new RpcClient(node.rpcUrl());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void validatorsDelegationsAndUnbondingsThroughTransactions() {
    Address v1 = keys.get(1).address();
    Address d = keys.get(2).address();
    // Genesis: validator 0 with 10 0G, bonded, in the set from height 1.
    assertThat(words(view("validator(address)", word(keys.get(0).address()))))
        .startsWith(ZG.multiply(BigInteger.TEN), ZG.multiply(BigInteger.TEN), BigInteger.ZERO,
            BigInteger.ZERO, BigInteger.ZERO, BigInteger.valueOf(3));

    JsonNode created = send(1, "createValidator(string,uint32,uint32)", ZG.multiply(
        BigInteger.valueOf(5)), stringArgs("validator one", 100_000, 200_000));
    assertThat(created.get("status").asText()).isEqualTo("0x1");
    assertThat(created.get("logs")).hasSize(1);
    assertThat(created.get("logs").get(0).get("topics").get(0).asText()).isEqualTo(
        topic("CreateValidator(address,uint256,uint32)"));
    long createdAt = Long.decode(created.get("blockNumber").asText());
    List<BigInteger> v = words(view("validator(address)", word(v1)));
    assertThat(v.subList(0, 4)).containsExactly(ZG.multiply(BigInteger.valueOf(5)),
        ZG.multiply(BigInteger.valueOf(5)), BigInteger.valueOf(100_000), BigInteger.ZERO);
    assertThat(v.get(5)).isEqualTo(BigInteger.valueOf(3)); // bonded: in the scheduled set
    // Stake held by the staking account: 10 + 5 0G, and the block's priority fee, paid to
    // validator 0 (alone in the set of that height, no commission) as rewards.
    assertThat(balance(Staking.ADDRESS)).isEqualTo(ZG.multiply(BigInteger.valueOf(15))
        .add(priorityFee(created)));
    // The set with the new validator is in force two heights after the block that made it.
    assertThat(setAt(createdAt + 1)).containsExactly(keys.get(0).address());
    assertThat(setAt(createdAt + 2)).containsExactly(keys.get(0).address(), v1);

    JsonNode delegated = send(2, "delegate(address)", ZG.multiply(BigInteger.valueOf(3)),
        word(v1));
    assertThat(delegated.get("status").asText()).isEqualTo("0x1");
    assertThat(words(view("delegation(address,address)", word(d), word(v1))))
        .containsExactly(ZG.multiply(BigInteger.valueOf(3)), ZG.multiply(BigInteger.valueOf(3)));

    JsonNode undelegated = send(2, "undelegate(address,uint256)", BigInteger.ZERO, word(v1),
        word(ZG));
    assertThat(undelegated.get("status").asText()).isEqualTo("0x1");
    long unbondAt = Long.decode(undelegated.get("blockNumber").asText());
    // Output: the completion time, the block's timestamp (= its number here) + 5 s.
    List<BigInteger> unbondings = words(view("unbondings(address)", word(d)));
    // Three dynamic arrays of one element each: offsets, then [1, validator], [1, amount], ...
    assertThat(unbondings.subList(3, 5)).containsExactly(BigInteger.ONE, addressValue(v1));
    assertThat(unbondings.subList(5, 7)).containsExactly(BigInteger.ONE, ZG);
    assertThat(unbondings.subList(7, 9)).containsExactly(BigInteger.ONE,
        BigInteger.valueOf(unbondAt + 5));
    assertThat(words(view("delegation(address,address)", word(d), word(v1))).get(1))
        .isEqualTo(ZG.multiply(BigInteger.TWO));

    BigInteger before = balance(d);
    while (blockNumber() < unbondAt + 4) {
      rpc.call("evm_mine");
    }
    assertThat(balance(d)).isEqualTo(before);
    rpc.call("evm_mine"); // block unbondAt + 5: its end pays the unbonding out
    assertThat(balance(d)).isEqualTo(before.add(ZG));
    assertThat(words(view("unbondings(address)", word(d))).subList(3, 4))
        .containsExactly(BigInteger.ZERO);
    // 17 0G staked, and the fees paid on as rewards (claims round down: a neuron a block).
    assertThat(balance(Staking.ADDRESS)).isBetween(
        ZG.multiply(BigInteger.valueOf(17)).add(feesSent).subtract(BigInteger.valueOf(20)),
        ZG.multiply(BigInteger.valueOf(17)).add(feesSent));

    JsonNode redelegated = send(2, "redelegate(address,address,uint256)", BigInteger.ZERO,
        word(v1), word(keys.get(0).address()), word(ZG));
    assertThat(redelegated.get("status").asText()).isEqualTo("0x1");
    assertThat(words(view("delegation(address,address)", word(d), word(v1))).get(1))
        .isEqualTo(ZG);
    assertThat(words(view("delegation(address,address)", word(d), word(keys.get(0).address())))
        .get(1)).isEqualTo(ZG);
  }

  @Test
  void badCallsRevertWithAReasonAndKeepTheValue() {
    BigInteger before = balance(keys.get(3).address());
    JsonNode low = send(3, "createValidator(string,uint32,uint32)", ZG.divide(BigInteger.TWO),
        stringArgs("too small", 0, 0));
    assertThat(low.get("status").asText()).isEqualTo("0x0");
    // Only the fee left the account: the value came back with the revert.
    BigInteger fee = new BigInteger(low.get("gasUsed").asText().substring(2), 16)
        .multiply(new BigInteger(low.get("effectiveGasPrice").asText().substring(2), 16));
    assertThat(balance(keys.get(3).address())).isEqualTo(before.subtract(fee));

    JsonNode answer = rpc.answer("eth_call", RpcClient.object("from",
        keys.get(3).address().toHex(), "to", STAKING, "value", "0x" + ZG.toString(16), "data",
        calldata("createValidator(string,uint32,uint32)", stringArgs("x", 0, 0))
            .replace("0x", "0x")), "latest");
    assertThat(answer.toString()).doesNotContain("below the minimum"); // 1 0G is enough
    answer = rpc.answer("eth_call", RpcClient.object("from", keys.get(3).address().toHex(),
        "to", STAKING, "data", calldata("delegate(address)",
            word(keys.get(9).address()))), "latest");
    assertThat(answer.get("error").toString()).contains("no validator");
    answer = rpc.answer("eth_call", RpcClient.object("to", STAKING, "data", "0xdeadbeef"),
        "latest");
    assertThat(answer.get("error").toString()).contains("unknown function selector 0xdeadbeef");
    answer = rpc.answer("eth_call", RpcClient.object("from", keys.get(3).address().toHex(),
        "to", STAKING, "data", calldata("undelegate(address,uint256)",
            word(keys.get(0).address()), word(ZG))), "latest");
    assertThat(answer.get("error").toString()).contains("no delegation");
  }

  @Test
  void inflationPaysTheValidatorsOfEachHeightWithCommission() {
    node.close();
    start(ZG); // 1 0G a block
    Address v0 = keys.get(0).address();
    Address v1 = keys.get(1).address();
    JsonNode created = send(1, "createValidator(string,uint32,uint32)", ZG.multiply(
        BigInteger.TEN), stringArgs("ten percent", 100_000, 200_000));
    long b = Long.decode(created.get("blockNumber").asText());
    while (blockNumber() < b + 4) {
      rpc.call("evm_mine");
    }
    // Blocks 1..b+1: v0 alone takes 1 0G each (and block b's fee); b+2..b+4: 0.5 0G each, v1
    // keeping 10 %.
    BigInteger half = ZG.divide(BigInteger.TWO);
    BigInteger v0Expected = ZG.multiply(BigInteger.valueOf(b + 1)).add(half.multiply(
        BigInteger.valueOf(3))).add(priorityFee(created));
    BigInteger v1Commission = half.multiply(BigInteger.valueOf(3)).divide(BigInteger.TEN);
    BigInteger v1Expected = half.multiply(BigInteger.valueOf(3)).subtract(v1Commission);
    BigInteger dust = BigInteger.TEN; // claims round down, a neuron a block at most
    assertThat(words(view("pendingRewards(address,address)", word(v0), word(v0))).get(0))
        .isBetween(v0Expected.subtract(dust), v0Expected);
    BigInteger v1Pending = words(view("pendingRewards(address,address)", word(v1), word(v1)))
        .get(0);
    assertThat(v1Pending).isBetween(v1Expected.subtract(dust), v1Expected);
    assertThat(words(view("pendingCommission(address)", word(v1))).get(0))
        .isEqualTo(v1Commission);
    // Everything minted is held by the staking account: 20 0G staked + 1 0G per block, and
    // the fee of block b.
    assertThat(balance(Staking.ADDRESS)).isEqualTo(ZG.multiply(BigInteger.valueOf(24 + b))
        .add(priorityFee(created)));

    BigInteger before = balance(v1);
    JsonNode withdrawn = send(1, "withdrawRewards(address)", BigInteger.ZERO, word(v1));
    assertThat(withdrawn.get("status").asText()).isEqualTo("0x1");
    BigInteger fee = new BigInteger(withdrawn.get("gasUsed").asText().substring(2), 16)
        .multiply(new BigInteger(withdrawn.get("effectiveGasPrice").asText().substring(2), 16));
    assertThat(balance(v1)).isEqualTo(before.add(v1Pending).subtract(fee));
  }

  @Test
  void priorityFeesGoToTheValidatorsOfTheBlockByPowerWithCommission() {
    Address v0 = keys.get(0).address(); // also the node's coinbase
    Address v1 = keys.get(1).address();
    JsonNode created = send(1, "createValidator(string,uint32,uint32)", ZG.multiply(
        BigInteger.TEN), stringArgs("ten percent", 100_000, 200_000));
    long b = Long.decode(created.get("blockNumber").asText());
    while (blockNumber() < b + 1) {
      rpc.call("evm_mine");
    }
    // From b + 2 the set is v0 and v1 with 10 0G each: the fees split half and half.
    BigInteger r0 = pendingRewards(v0, v0);
    BigInteger r1 = pendingRewards(v1, v1);
    BigInteger c1 = commission(v1);
    BigInteger coinbase = balance(v0);
    BigInteger staking = balance(Staking.ADDRESS);
    Transaction transfer = TransactionSigner.sign(new DynamicFeeTransaction(
        node.config().chainId(), nonces[5]++, GWEI.multiply(BigInteger.valueOf(3)),
        GWEI.multiply(BigInteger.valueOf(20)), 21_000, keys.get(6).address(), BigInteger.ONE,
        new byte[0], List.of(), Transaction.UNSIGNED), keys.get(5).privateKey());
    String hash = rpc.call("eth_sendRawTransaction", Hex.prefixed(transfer.encode())).asText();
    rpc.call("evm_mine");
    JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
    assertThat(Long.decode(receipt.get("blockNumber").asText())).isEqualTo(b + 2);
    BigInteger fee = priorityFee(receipt);
    assertThat(fee).isEqualTo(GWEI.multiply(BigInteger.valueOf(3 * 21_000)));
    BigInteger half = fee.divide(BigInteger.TWO);
    BigInteger c1Gain = half.divide(BigInteger.TEN); // v1's 10 % commission
    // The coinbase keeps none of it; the staking account holds all of it as rewards.
    assertThat(balance(v0)).isEqualTo(coinbase);
    assertThat(balance(Staking.ADDRESS)).isEqualTo(staking.add(fee));
    assertThat(commission(v1)).isEqualTo(c1.add(c1Gain));
    assertThat(commission(v0)).isZero();
    assertThat(pendingRewards(v0, v0).subtract(r0)).isBetween(half.subtract(BigInteger.ONE),
        half);
    assertThat(pendingRewards(v1, v1).subtract(r1)).isBetween(
        half.subtract(c1Gain).subtract(BigInteger.ONE), half.subtract(c1Gain));
  }

  @Test
  void unjailIsRefusedToAValidatorThatIsNotJailed() {
    JsonNode answer = rpc.answer("eth_call", RpcClient.object("from",
        keys.get(0).address().toHex(), "to", STAKING, "data", calldata("unjail()")), "latest");
    assertThat(answer.get("error").toString()).contains("is not jailed");
    answer = rpc.answer("eth_call", RpcClient.object("from", keys.get(7).address().toHex(),
        "to", STAKING, "data", calldata("unjail()")), "latest");
    assertThat(answer.get("error").toString()).contains("no validator");
    // The downtime parameters are in the state with the others: the genesis defaults here.
    assertThat(words(view("params()")).subList(5, 9)).containsExactly(
        BigInteger.valueOf(10_000), BigInteger.valueOf(500_000), BigInteger.valueOf(100),
        BigInteger.valueOf(600));
  }

  // ---- helpers -------------------------------------------------------------------------

  private BigInteger pendingRewards(Address delegator, Address validator) {
    return words(view("pendingRewards(address,address)", word(delegator), word(validator)))
        .get(0);
  }

  private BigInteger commission(Address validator) {
    return words(view("pendingCommission(address)", word(validator))).get(0);
  }

  /** The priority fee a receipt's transaction paid: gas used x (price - the block's base fee). */
  private BigInteger priorityFee(JsonNode receipt) {
    JsonNode block = rpc.call("eth_getBlockByNumber", receipt.get("blockNumber").asText(), false);
    BigInteger baseFee = new BigInteger(block.get("baseFeePerGas").asText().substring(2), 16);
    return new BigInteger(receipt.get("gasUsed").asText().substring(2), 16).multiply(
        new BigInteger(receipt.get("effectiveGasPrice").asText().substring(2), 16)
            .subtract(baseFee));
  }

  private long blockNumber() {
    return Long.decode(rpc.call("eth_blockNumber").asText());
  }

  private BigInteger balance(Address a) {
    return new BigInteger(rpc.call("eth_getBalance", a.toHex(), "latest").asText().substring(2),
        16);
  }

  private List<Address> setAt(long height) {
    List<BigInteger> w = words(view("validatorSetAt(uint64)", word(BigInteger.valueOf(height))));
    int n = w.get(2).intValue();
    return w.subList(3, 3 + n).stream().map(x -> Address.fromWord(Hex.decode(
        "0x" + "0".repeat(64 - x.toString(16).length()) + x.toString(16)))).toList();
  }

  private JsonNode send(int account, String signature, BigInteger value, byte[]... args) {
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(node.config().chainId(),
        nonces[account]++, GWEI, GWEI.multiply(BigInteger.TEN), 1_000_000, Staking.ADDRESS,
        value, Hex.decode(calldata(signature, args)), List.of(), Transaction.UNSIGNED),
        keys.get(account).privateKey());
    String hash = rpc.call("eth_sendRawTransaction", Hex.prefixed(tx.encode())).asText();
    rpc.call("evm_mine");
    JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
    feesSent = feesSent.add(priorityFee(receipt));
    return receipt;
  }

  private byte[] view(String signature, byte[]... args) {
    return Hex.decode(rpc.call("eth_call", RpcClient.object("to", STAKING, "data",
        calldata(signature, args)), "latest").asText());
  }

  private static String calldata(String signature, byte[]... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), 0, 4);
    for (byte[] a : args) {
      out.writeBytes(a);
    }
    return Hex.prefixed(out.toByteArray());
  }

  private static String topic(String signature) {
    return Hex.prefixed(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)));
  }

  /** (string, uint32, uint32) arguments: the string in the tail. */
  private static byte[] stringArgs(String s, long a, long b) {
    byte[] text = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(word(BigInteger.valueOf(96)));
    out.writeBytes(word(BigInteger.valueOf(a)));
    out.writeBytes(word(BigInteger.valueOf(b)));
    out.writeBytes(word(BigInteger.valueOf(text.length)));
    out.writeBytes(java.util.Arrays.copyOf(text, (text.length + 31) / 32 * 32));
    return out.toByteArray();
  }

  private static BigInteger addressValue(Address a) {
    return new BigInteger(1, a.bytesUnsafe());
  }

  private static byte[] word(Address a) {
    return word(addressValue(a));
  }

  private static byte[] word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  private static List<BigInteger> words(byte[] data) {
    java.util.ArrayList<BigInteger> out = new java.util.ArrayList<>();
    for (int i = 0; i + 32 <= data.length; i += 32) {
      out.add(new BigInteger(1, java.util.Arrays.copyOfRange(data, i, i + 32)));
    }
    return out;
  }
}
