package dev.zg.contracts.storage;

import static dev.zg.contracts.storage.StorageContracts.FLOW;
import static dev.zg.contracts.storage.StorageContracts.errorSelector;
import static dev.zg.contracts.storage.StorageContracts.selector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.abi.AbiFunction;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.contracts.devnet.EvmSandbox;
import dev.zg.evm.TransactionResult;
import dev.zg.storage.log.BlockRef;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import dev.zg.storage.mine.Pora;
import dev.zg.storage.mine.PoraMiner;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PoRA on the devnet's PoraMine: a miner registers, mines one segment of real data with
 * zg-storage's {@link Pora} (sealing, the scratchpad, the recall position and the quality of
 * spec/storage.md §3), and is paid for its answer; forged answers revert.
 */
class MineContractTest {
  private static final ContractArtifact MINE = Artifacts.get("PoraMine");
  private static final BigInteger MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final StorageContracts c = new StorageContracts();
  private final Address mine = DevnetContracts.addresses().get("mine");
  private final Address miner = dev.zg.chain.genesis.DevnetGenesis.accounts().get(7).address();
  /** The flow's sectors as zg knows them: position -> 256 bytes (zero when absent). */
  private final byte[][] sectors = new byte[2048][];

  private static byte[] keccak(byte[]... parts) {
    Keccak256 k = new Keccak256();
    for (byte[] p : parts) {
      k.update(p);
    }
    return k.digest();
  }

  /** One file of 1024 random sectors: the flow puts it at [1024, 2048). */
  private Submission uploadSegment() {
    SplittableRandom random = new SplittableRandom(42);
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < 1024; i++) {
      byte[] s = new byte[256];
      random.nextBytes(s);
      sectors[1024 + i] = s;
      leaves.add(Hash.wrap(keccak(s)));
    }
    Hash root = dev.zg.storage.merkle.MerkleTree.of(leaves).root();
    Submission s = new Submission(1024 * 256, List.of(new SubmissionNode(root, 10)));
    assertThat(c.submit(s, c.fee(s)).success()).isTrue();
    return s;
  }

  private byte[] sector(int position) {
    return sectors[position] == null ? new byte[256] : sectors[position];
  }

  /** Flow tree leaves: leaf 0 is the raw zero word, the rest keccak of their sector. */
  private byte[][] levels(int height) {
    byte[][] level = new byte[2048][];
    for (int i = 0; i < 2048; i++) {
      level[i] = i == 0 ? new byte[32] : keccak(sector(i));
    }
    for (int h = 0; h < height; h++) {
      byte[][] next = new byte[level.length / 2][];
      for (int i = 0; i < next.length; i++) {
        next[i] = keccak(level[2 * i], level[2 * i + 1]);
      }
      level = next;
    }
    return level;
  }

  private List<byte[]> proof(int position) {
    List<byte[]> siblings = new ArrayList<>();
    int index = position / 16;
    for (int h = 4; h < 11; h++) {
      siblings.add(levels(h)[index ^ 1]);
      index /= 2;
    }
    return siblings;
  }

  private record Answer(byte[] nonce, long position, int sealOffset, byte[] sealed) {}

  /** Tries nonces until a seal's quality meets the target; the contract checks it all again. */
  private Answer mine(byte[] minerId, byte[] digest, byte[] subtaskDigest, BigInteger target) {
    return mine(minerId, digest, digest, subtaskDigest, target);
  }

  private Answer mine(byte[] minerId, byte[] sealingDigest, byte[] digest, byte[] subtaskDigest,
      BigInteger target) {
    byte[] rangeDigest = Pora.rangeDigest(0, 2048, 0, MASK);
    BigInteger bound = Pora.bound(target, 2048, 1);
    for (int attempt = 0; attempt < 10_000; attempt++) {
      byte[] nonce = keccak(ByteBuffer.allocate(4).putInt(attempt).array());
      Pora.Pad pad = Pora.pad(minerId, nonce, subtaskDigest, rangeDigest);
      int load = (int) Pora.loadIndex(pad.recallSeed(), 2048, 0, MASK);
      for (int offset = load == 0 ? 1 : 0; offset < 64; offset++) {
        int position = 1024 * load + 16 * offset;
        byte[] data = new byte[4096];
        for (int s = 0; s < 16; s++) {
          System.arraycopy(sector(position + s), 0, data, 256 * s, 256);
        }
        byte[] sealed = Pora.seal(data, minerId, sealingDigest, position);
        assertThat(Pora.unseal(sealed, minerId, sealingDigest, position)).isEqualTo(data);
        if (Pora.quality(pad, offset, sealed).compareTo(bound) <= 0) {
          return new Answer(nonce, position, offset, sealed);
        }
      }
    }
    throw new AssertionError("no answer in 10,000 nonces");
  }

  private static List<Object> answerValue(byte[] digest, Answer a, byte[] minerId,
      byte[] sealed, List<byte[]> proof) {
    return answerValue(digest, digest, a, minerId, sealed, proof);
  }

  private static List<Object> answerValue(byte[] digest, byte[] sealingDigest, Answer a,
      byte[] minerId, byte[] sealed, List<byte[]> proof) {
    List<Object> words = new ArrayList<>();
    for (int w = 0; w < 128; w++) {
      words.add(Arrays.copyOfRange(sealed, 32 * w, 32 * w + 32));
    }
    return List.of(digest, a.nonce(), minerId,
        List.of(BigInteger.ZERO, BigInteger.valueOf(2048), BigInteger.ZERO, MASK),
        BigInteger.valueOf(a.position()), BigInteger.valueOf(a.sealOffset()), sealingDigest, words,
        new ArrayList<Object>(proof));
  }

  @TempDir
  Path dir;

  @Test
  void theStorageNodesMinerAnswersFromItsStoredDataAndIsPaid() {
    Submission submission = uploadSegment();
    byte[] segment = new byte[1024 * 256];
    for (int i = 0; i < 1024; i++) {
      System.arraycopy(sectors[1024 + i], 0, segment, 256 * i, 256);
    }
    c.chain.advance(DevnetContracts.BLOCKS_PER_EPOCH, 1);
    AbiFunction request = MINE.function("requestMinerId");
    TransactionResult registered = c.chain.send(miner, mine, UInt256.ZERO,
        request.encodeCall(miner, BigInteger.TWO));
    byte[] minerId = (byte[]) request.decodeResult(registered.output()).get(0);
    assertThat(c.send(c.flow, FLOW.function("makeContext")).success()).isTrue();
    @SuppressWarnings("unchecked")
    List<Object> context = (List<Object>) c.view(c.flow, FLOW.function("getContext")).get(0);
    byte[] digest = (byte[]) context.get(5);
    long mineStart = ((BigInteger) context.get(1)).longValueExact();
    byte[] subtaskDigest = keccak(digest, EvmSandbox.blockHash(mineStart).toArray());
    BigInteger target = (BigInteger) c.view(mine, MINE.function("poraTarget")).get(0);

    // The node's log: the entry as the follower records it and the segment as uploaded.
    try (LogStore store = LogStore.open(dir.resolve("node"), ShardConfig.ALL, 1L << 30)) {
      LogEntry entry = LogEntry.of(0, submission, 1024, new byte[0], miner, 1, Hash.ZERO);
      store.appendBlocks(List.of(entry), List.of(), new BlockRef(1, Hash.ZERO));
      store.putSegment(0, 0, segment, MerkleProof.ofSingleLeaf(submission.root()));
      PoraMiner poraMiner = new PoraMiner(store);
      PoraMiner.Task task = new PoraMiner.Task(digest, subtaskDigest,
          Hash.wrap((byte[]) context.get(2)), ((BigInteger) context.get(3)).longValueExact(),
          target, minerId);
      int[] counter = {0};
      PoraMiner.Answer answer = poraMiner.mine(task, position -> digest, 10_000,
          () -> keccak(ByteBuffer.allocate(4).putInt(counter[0]++).array())).orElseThrow();
      AbiFunction submit = MINE.function("submit");
      byte[] forged = answer.sealedData().clone();
      forged[7] ^= 1;
      TransactionResult bad = c.chain.send(miner, mine, UInt256.ZERO,
          submit.encodeCall(answerValue(answer, forged)));
      assertThat(errorSelector(bad)).isEqualTo(selector("InvalidMerkleProof()"));
      // the storage node's miner encodes the call as the ABI does
      assertThat(dev.zg.storage.mine.MiningService.encodeSubmit(answer))
          .isEqualTo(submit.encodeCall(answerValue(answer, answer.sealedData())));
      TransactionResult ok = c.chain.send(miner, mine, UInt256.ZERO,
          submit.encodeCall(answerValue(answer, answer.sealedData())));
      assertThat(ok.success()).as("%s", dev.zg.common.Hex.prefixed(ok.output())).isTrue();
      assertThat(c.view(c.reward, StorageContracts.REWARD.function("pendingRewards"), miner)
          .get(0)).isEqualTo(DevnetContracts.BASE_REWARD);
    }
  }

  private static List<Object> answerValue(PoraMiner.Answer a, byte[] sealed) {
    List<Object> words = new ArrayList<>();
    for (int w = 0; w < 128; w++) {
      words.add(Arrays.copyOfRange(sealed, 32 * w, 32 * w + 32));
    }
    List<Object> proof = new ArrayList<>();
    a.merkleProof().forEach(h -> proof.add(h.toArray()));
    PoraMiner.Range r = a.range();
    return List.of(a.contextDigest(), a.nonce(), a.minerId(),
        List.of(BigInteger.valueOf(r.startPosition()), BigInteger.valueOf(r.mineLength()),
            BigInteger.valueOf(r.shardId()), r.shardMask()),
        BigInteger.valueOf(a.recallPosition()), BigInteger.valueOf(a.sealOffset()),
        a.sealedContextDigest(), words, proof);
  }

  @Test
  void aValidAnswerIsPaidAndForgedOnesRevert() {
    uploadSegment();
    c.chain.advance(DevnetContracts.BLOCKS_PER_EPOCH, 1); // into epoch 1
    AbiFunction request = MINE.function("requestMinerId");
    TransactionResult registered = c.chain.send(miner, mine, UInt256.ZERO,
        request.encodeCall(miner, BigInteger.ONE));
    assertThat(registered.success()).isTrue();
    byte[] minerId = (byte[]) request.decodeResult(registered.output()).get(0);
    assertThat(minerId).isEqualTo(keccak(EvmSandbox.blockHash(c.chain.blockNumber() - 1)
        .toArray(), miner.toArray(), new byte[] {0, 0, 0, 0, 0, 0, 0, 1}));

    assertThat(c.send(c.flow, FLOW.function("makeContext")).success()).isTrue();
    @SuppressWarnings("unchecked")
    List<Object> context = (List<Object>) c.view(c.flow, FLOW.function("getContext")).get(0);
    byte[] digest = (byte[]) context.get(5);
    assertThat(context.get(2)).as("zg's flow tree").isEqualTo(levels(11)[0]);
    long mineStart = ((BigInteger) context.get(1)).longValueExact();
    byte[] subtaskDigest = keccak(digest, EvmSandbox.blockHash(mineStart).toArray());
    BigInteger target = (BigInteger) c.view(mine, MINE.function("poraTarget")).get(0);
    Answer answer = mine(minerId, digest, subtaskDigest, target);
    List<byte[]> proof = proof((int) answer.position());
    AbiFunction submit = MINE.function("submit");

    byte[] forged = answer.sealed().clone();
    forged[100] ^= 1;
    TransactionResult bad = c.chain.send(miner, mine, UInt256.ZERO, submit.encodeCall(
        answerValue(digest, answer, minerId, forged, proof)));
    assertThat(errorSelector(bad)).isEqualTo(selector("InvalidMerkleProof()"));
    Answer wrongNonce = new Answer(keccak(answer.nonce()), answer.position(),
        answer.sealOffset(), answer.sealed());
    TransactionResult guessed = c.chain.send(miner, mine, UInt256.ZERO, submit.encodeCall(
        answerValue(digest, wrongNonce, minerId, answer.sealed(), proof)));
    assertThat(errorSelector(guessed)).isIn(selector("WrongRecallPosition(uint256,uint256)"),
        selector("QualityNotMet()"));
    TransactionResult stranger = c.chain.send(miner, mine, UInt256.ZERO, submit.encodeCall(
        answerValue(digest, answer, new byte[32], answer.sealed(), proof)));
    assertThat(errorSelector(stranger)).isEqualTo(selector("UnknownMiner(bytes32)"));

    TransactionResult ok = c.chain.send(miner, mine, UInt256.ZERO, submit.encodeCall(
        answerValue(digest, answer, minerId, answer.sealed(), proof)));
    assertThat(ok.success()).as("%s %s", ok.halt(), dev.zg.common.Hex.prefixed(ok.output()))
        .isTrue();
    assertThat(ok.logs().stream().anyMatch(l -> l.address().equals(mine)
        && l.topics().get(0).equals(MINE.event("NewSubmission").topic()))).isTrue();
    assertThat(c.view(c.reward, StorageContracts.REWARD.function("pendingRewards"), miner)
        .get(0)).isEqualTo(DevnetContracts.BASE_REWARD);
    TransactionResult again = c.chain.send(miner, mine, UInt256.ZERO, submit.encodeCall(
        answerValue(digest, answer, minerId, answer.sealed(), proof)));
    assertThat(errorSelector(again)).isEqualTo(selector("DuplicateAnswer()"));
    System.out.println("PoRA submit gas: " + ok.gasUsed());

    // Epoch 1 retargeted from epoch 0 (no answers): expected 2·T0, new = 19/20·T0 + 2·T0/20.
    BigInteger t1 = target.divide(BigInteger.valueOf(20)).multiply(BigInteger.valueOf(19))
        .add(target.multiply(BigInteger.TWO).divide(BigInteger.valueOf(20)));
    assertThat(c.view(mine, MINE.function("poraTarget")).get(0)).isEqualTo(t1);

    // Epoch 2: the same data (sealed with epoch 1's digest) mined against the new context;
    // one answer last epoch against 10 targeted: expected = 10·T1, new = 19/20·T1 + 10·T1/20.
    c.chain.advance(DevnetContracts.BLOCKS_PER_EPOCH, 1);
    assertThat(c.send(c.flow, FLOW.function("makeContext")).success()).isTrue();
    @SuppressWarnings("unchecked")
    List<Object> next = (List<Object>) c.view(c.flow, FLOW.function("getContext")).get(0);
    byte[] digest2 = (byte[]) next.get(5);
    byte[] subtask2 = keccak(digest2, EvmSandbox.blockHash(
        ((BigInteger) next.get(1)).longValueExact()).toArray());
    Answer second = mine(minerId, digest, digest2, subtask2, t1);
    TransactionResult ok2 = c.chain.send(miner, mine, UInt256.ZERO, submit.encodeCall(
        answerValue(digest2, digest, second, minerId, second.sealed(),
            proof((int) second.position()))));
    assertThat(ok2.success()).as("%s", dev.zg.common.Hex.prefixed(ok2.output())).isTrue();
    BigInteger t2 = t1.divide(BigInteger.valueOf(20)).multiply(BigInteger.valueOf(19))
        .add(t1.multiply(BigInteger.TEN).divide(BigInteger.valueOf(20)));
    assertThat(c.view(mine, MINE.function("poraTarget")).get(0)).isEqualTo(t2);
    assertThat(c.view(c.reward, StorageContracts.REWARD.function("pendingRewards"), miner)
        .get(0)).isEqualTo(DevnetContracts.BASE_REWARD.multiply(BigInteger.TWO));
  }
}
