package dev.zg.contracts.storage;

import static dev.zg.contracts.storage.StorageContracts.FLOW;
import static dev.zg.contracts.storage.StorageContracts.errorSelector;
import static dev.zg.contracts.storage.StorageContracts.selector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.contracts.abi.Abi;
import dev.zg.contracts.abi.AbiEvent;
import dev.zg.contracts.abi.AbiType;
import dev.zg.contracts.devnet.EvmSandbox;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.state.Log;
import dev.zg.storage.merkle.FlowTree;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Flow contract on zg's EVM, against zg-storage's submission rules and flow tree. */
class FlowContractTest {
  private static final String SUBMIT_TOPIC =
      "0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555";
  private static final String NEW_EPOCH_TOPIC =
      "0xbc8a3fd82465d43f1709e44ed882f7e1af0147274196ef1ec009f5d52ff4e993";

  private final StorageContracts c = new StorageContracts();
  private final SplittableRandom random = new SplittableRandom(6);

  @Test
  void abiHasTheSelectorsAndTopicsClientsUse() {
    assertThat(StorageContracts.SUBMIT.selectorHex()).isEqualTo("0xbc8c11f8");
    assertThat(StorageContracts.SUBMIT_DATA.selectorHex()).isEqualTo("0xef3e12dc");
    assertThat(FLOW.function("market").selectorHex()).isEqualTo("0x80f55605");
    assertThat(FLOW.function("batchSubmit").selectorHex()).isEqualTo("0x49aa3395");
    assertThat(StorageContracts.MARKET.function("pricePerSector").selectorHex())
        .isEqualTo("0x61ec5082");
    assertThat(FLOW.event("Submit").topic().toHex()).isEqualTo(SUBMIT_TOPIC);
    assertThat(FLOW.event("NewEpoch").topic().toHex()).isEqualTo(NEW_EPOCH_TOPIC);
    assertThat(c.view(c.flow, FLOW.function("market")).get(0)).isEqualTo(c.market);
    assertThat(c.price()).isEqualTo(BigInteger.valueOf(232_830_643));
  }

  @Test
  void submitWithTheExactFeeEmitsSubmitAndPaysTheReward() {
    Submission s = StorageContracts.submission(300_000, random); // 1280 sectors: h10 + h8
    UInt256 rewardBefore = c.chain.balance(c.reward);
    TransactionResult r = c.submit(s, c.fee(s));
    assertThat(r.success()).as("%s %s", r.halt(), Hex.prefixed(r.output())).isTrue();

    FlowTree tree = FlowTree.deployed();
    long start = tree.append(s);
    List<Object> returned = StorageContracts.SUBMIT.decodeResult(r.output());
    assertThat(returned).containsExactly(BigInteger.ZERO, s.digest().toArray(),
        BigInteger.valueOf(start), s.sectors());

    assertThat(r.logs()).hasSize(1 + rewardLogs(r));
    Log log = r.logs().stream().filter(l -> l.address().equals(c.flow)).findFirst().orElseThrow();
    assertThat(Hex.prefixed(log.topics().get(0).toArray())).isEqualTo(SUBMIT_TOPIC);
    AbiEvent submit = FLOW.event("Submit");
    List<Object> fields = submit.decode(log.topics(), log.data());
    assertThat(fields.get(0)).isEqualTo(c.user);
    assertThat(fields.get(1)).isEqualTo(s.digest().toArray());
    assertThat(fields.subList(2, 5)).containsExactly(BigInteger.ZERO, BigInteger.valueOf(start),
        s.sectors());
    FlowAbi.SubmitEvent typed = FlowAbi.SubmitEvent.decode(log.topics(), log.data());
    assertThat(typed.sender()).isEqualTo(c.user);
    assertThat(typed.identity()).isEqualTo(s.digest());
    assertThat(typed.startPos()).isEqualTo(BigInteger.valueOf(start));
    assertThat(typed.length()).isEqualTo(s.sectors());
    assertThat(typed.submission().lengthBytes()).isEqualTo(BigInteger.valueOf(300_000));
    assertThat(typed.submission().nodes()).hasSize(2);
    assertThat(typed.submission().nodes().get(0))
        .isEqualTo(new FlowAbi.Node(s.nodes().get(0).root(), 10));
    assertThat(Abi.encodeValue(AbiType.parse("(uint256,bytes,(bytes32,uint256)[])"),
        fields.get(5))).isEqualTo(Abi.encodeValue(
            AbiType.parse("(uint256,bytes,(bytes32,uint256)[])"),
            StorageContracts.data(s, new byte[0])));

    assertThat(c.chain.balance(c.reward).toBigInteger())
        .isEqualTo(rewardBefore.toBigInteger().add(c.fee(s)));
    assertThat(c.chain.balance(c.flow).isZero()).isTrue();
    assertThat(c.chain.balance(c.market).isZero()).isTrue();
  }

  private int rewardLogs(TransactionResult r) {
    return (int) r.logs().stream().filter(l -> !l.address().equals(c.flow)).count();
  }

  @Test
  void bothSubmitFormsAcceptOverpaymentAndRefuseTooLittle() {
    Submission s = StorageContracts.submission(4097, random); // 18 sectors: h4 + h1
    BigInteger fee = c.fee(s);
    assertThat(fee).isEqualTo(c.price().multiply(BigInteger.valueOf(18)));

    TransactionResult low = c.submit(s, fee.subtract(BigInteger.ONE));
    assertThat(errorSelector(low))
        .isEqualTo(selector("NotEnoughFee(uint256,uint256,uint256)")).isEqualTo("0xf85c6482");
    assertThat(Abi.decode(AbiType.parseList("uint256,uint256,uint256"),
        java.util.Arrays.copyOfRange(low.output(), 4, low.output().length)))
        .containsExactly(c.price(), BigInteger.valueOf(18), fee.subtract(BigInteger.ONE));
    assertThat(errorSelector(c.submitData(s, BigInteger.ZERO)))
        .isEqualTo(selector("NotEnoughFee(uint256,uint256,uint256)"));

    TransactionResult old = c.submitData(s, fee);
    assertThat(old.success()).isTrue();
    TransactionResult over = c.submit(s, fee.multiply(BigInteger.TWO));
    assertThat(over.success()).isTrue();
    assertThat(StorageContracts.SUBMIT.decodeResult(over.output()).get(0))
        .isEqualTo(BigInteger.ONE);
    assertThat(c.view(c.flow, FLOW.function("numSubmissions")).get(0))
        .isEqualTo(BigInteger.TWO);
  }

  @Test
  void flowRootEqualsZgStorageFlowTreeAfterManySubmissions() {
    FlowTree tree = FlowTree.deployed();
    long[] sizes = {1, 256, 257, 4097, 262_143, 262_145, 300_000, 1_048_589, 5_000, 999_999,
        70_000, 1, 3_000_000};
    for (int i = 0; i < sizes.length; i++) {
      Submission s = StorageContracts.submission(sizes[i], random);
      TransactionResult r = i % 2 == 0 ? c.submit(s, c.fee(s)) : c.submitData(s, c.fee(s));
      assertThat(r.success()).as("submission %d: %s", i, r.halt()).isTrue();
      long start = tree.append(s);
      assertThat(StorageContracts.SUBMIT.decodeResult(r.output()).get(2))
          .as("start of submission %d", i).isEqualTo(BigInteger.valueOf(start));
      assertThat(c.view(c.flow, FLOW.function("flowRoot")).get(0))
          .as("root after submission %d", i).isEqualTo(tree.root().toArray());
      assertThat(c.view(c.flow, FLOW.function("getFlowRootByTxSeq"), BigInteger.valueOf(i))
          .get(0)).isEqualTo(tree.root().toArray());
    }
    assertThat(c.view(c.flow, FLOW.function("flowLength")).get(0))
        .isEqualTo(BigInteger.valueOf(tree.length()));
    TransactionResult unknown = c.chain.call(c.user, c.flow,
        FLOW.function("getFlowRootByTxSeq").encodeCall(BigInteger.valueOf(sizes.length)));
    assertThat(errorSelector(unknown)).isEqualTo(selector("RootNotKept(uint256,uint256)"));
  }

  @Test
  void batchSubmitPlacesEachAndAddsTheRestToTheLast() {
    Submission a = StorageContracts.submission(4097, random);
    Submission b = StorageContracts.submission(300_000, random);
    List<Object> batch = List.of(List.of(StorageContracts.data(a, new byte[] {1}), c.user),
        List.of(StorageContracts.data(b, new byte[0]), c.user));
    BigInteger fees = c.fee(a).add(c.fee(b));
    TransactionResult low = c.chain.send(c.user, c.flow,
        UInt256.fromBigInteger(fees.subtract(BigInteger.ONE)),
        FLOW.function("batchSubmit").encodeCall(batch));
    assertThat(errorSelector(low)).isEqualTo(selector("NotEnoughFee(uint256,uint256,uint256)"));
    TransactionResult r = c.chain.send(c.user, c.flow, UInt256.fromBigInteger(fees),
        FLOW.function("batchSubmit").encodeCall(batch));
    assertThat(r.success()).isTrue();
    FlowTree tree = FlowTree.deployed();
    List<Object> out = FLOW.function("batchSubmit").decodeResult(r.output());
    assertThat(out.get(2)).isEqualTo(List.of(BigInteger.valueOf(tree.append(a)),
        BigInteger.valueOf(tree.append(b))));
    assertThat(c.view(c.flow, FLOW.function("flowRoot")).get(0)).isEqualTo(tree.root().toArray());
    assertThat(r.logs().stream().filter(l -> l.address().equals(c.flow))
        .map(l -> FlowAbi.SubmitEvent.decode(l.topics(), l.data()).submissionIndex()))
        .containsExactly(BigInteger.ZERO, BigInteger.ONE);
  }

  @Test
  void typedCallDataMatchesTheGenericEncoder() {
    Submission s = StorageContracts.submission(1000, random);
    FlowAbi.SubmissionData data = new FlowAbi.SubmissionData(BigInteger.valueOf(1000),
        new byte[] {9}, List.of(new FlowAbi.Node(s.nodes().get(0).root(), 2)));
    assertThat(FlowAbi.submit(data, c.user)).isEqualTo(StorageContracts.SUBMIT.encodeCall(
        List.of(StorageContracts.data(s, new byte[] {9}), c.user)));
    assertThat(FlowAbi.submitData(data)).isEqualTo(StorageContracts.SUBMIT_DATA.encodeCall(
        StorageContracts.data(s, new byte[] {9})));
    assertThat(FlowAbi.SUBMIT_TOPIC.toHex()).isEqualTo(SUBMIT_TOPIC);
  }

  @Test
  void invalidSubmissionsRevertWithInvalidSubmission() {
    String invalid = selector("InvalidSubmission()");
    assertThat(invalid).isEqualTo("0xf956cee4");
    Hash root = Hash.keccak(new byte[] {1});
    List<Submission> bad = List.of(
        new Submission(256, List.of()), // no nodes
        new Submission(4097, List.of(new SubmissionNode(root, 1), new SubmissionNode(root, 4))),
        new Submission(4097, List.of(new SubmissionNode(root, 4), new SubmissionNode(root, 4))),
        new Submission(4097 + 512, List.of(new SubmissionNode(root, 4),
            new SubmissionNode(root, 1))), // longer than the capacity
        new Submission(256, List.of(new SubmissionNode(root, 1))), // padding not minimal
        new Submission(1 << 20, List.of(new SubmissionNode(root, 12),
            new SubmissionNode(root, 8))), // heights span 4 levels
        new Submission(0, List.of(new SubmissionNode(root, 0)))); // empty file
    for (Submission s : bad) {
      assertThat(s.isValid()).as("zg-storage agrees %s is invalid", s).isFalse();
      assertThat(errorSelector(c.submit(s, c.fee(s).add(BigInteger.TEN.pow(18)))))
          .as("%s", s).isEqualTo(invalid);
    }
    assertThat(c.view(c.flow, FLOW.function("numSubmissions")).get(0))
        .isEqualTo(BigInteger.ZERO);
  }

  @Test
  void onlyTheFlowMayChargeFeesAndOnlyThePauserMayPause() {
    TransactionResult charge = c.chain.send(c.user, c.market, UInt256.ONE,
        StorageContracts.MARKET.function("chargeFee").encodeCall(BigInteger.ONE, BigInteger.ONE,
            BigInteger.ZERO));
    assertThat(errorSelector(charge)).isEqualTo(selector("OnlyFlow(address)"));
    assertThat(c.send(c.flow, FLOW.function("pause")).success()).isFalse();
    Address admin = dev.zg.contracts.devnet.DevnetContracts.DEPLOYER;
    assertThat(c.chain.send(admin, c.flow, UInt256.ZERO, FLOW.function("pause").encodeCall())
        .success()).isTrue();
    Submission s = StorageContracts.submission(1000, random);
    assertThat(errorSelector(c.submit(s, c.fee(s)))).isEqualTo(selector("EnforcedPause()"));
  }

  @Test
  void epochsFreezeTheFlowIntoContextDigests() {
    Submission s = StorageContracts.submission(300_000, random);
    assertThat(c.submit(s, c.fee(s)).success()).isTrue();
    FlowTree tree = FlowTree.deployed();
    tree.append(s);
    long blocksPerEpoch = dev.zg.contracts.devnet.DevnetContracts.BLOCKS_PER_EPOCH;
    c.chain.advance(blocksPerEpoch, 1); // block 21: the first epoch boundary (20) has passed
    TransactionResult r = c.send(c.flow, FLOW.function("makeContext"));
    assertThat(r.success()).isTrue();
    assertThat(r.logs()).hasSize(1);
    Log log = r.logs().get(0);
    assertThat(Hex.prefixed(log.topics().get(0).toArray())).isEqualTo(NEW_EPOCH_TOPIC);

    byte[] expected = Hash.keccak(Abi.encode(AbiType.parseList("bytes32,bytes32,uint256"),
        List.of(EvmSandbox.blockHash(blocksPerEpoch).toArray(), tree.root().toArray(),
            BigInteger.valueOf(tree.length())))).toArray();
    @SuppressWarnings("unchecked")
    List<Object> context = (List<Object>) c.view(c.flow, FLOW.function("getContext")).get(0);
    assertThat(context.get(0)).isEqualTo(BigInteger.ONE);
    assertThat(context.get(1)).isEqualTo(BigInteger.valueOf(blocksPerEpoch));
    assertThat(context.get(2)).isEqualTo(tree.root().toArray());
    assertThat(context.get(3)).isEqualTo(BigInteger.valueOf(tree.length()));
    assertThat(context.get(5)).isEqualTo(expected);
    assertThat(FLOW.event("NewEpoch").decode(log.topics(), log.data()).get(5))
        .isEqualTo(expected);

    @SuppressWarnings("unchecked")
    List<Object> range = (List<Object>) c.view(c.flow, FLOW.function("getEpochRange"),
        (Object) expected).get(0);
    assertThat(range).containsExactly(BigInteger.ZERO, BigInteger.valueOf(tree.length()));
    @SuppressWarnings("unchecked")
    List<Object> at = (List<Object>) c.view(c.flow, FLOW.function("queryContextAtPosition"),
        BigInteger.valueOf(5)).get(0);
    assertThat(at.get(2)).isEqualTo(expected);
    assertThat(c.send(c.flow, FLOW.function("makeContext")).logs()).isEmpty(); // same epoch
  }
}
