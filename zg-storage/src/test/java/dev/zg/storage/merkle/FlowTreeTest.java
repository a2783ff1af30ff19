package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The flow tree against an oracle that writes out every leaf and hashes the complete tree,
 * in the manner of the contracts' own test ({@code test/utils/mockMerkleTree.ts}): leaf 0 is
 * the raw zero word, unwritten leaves are zero chunks.
 */
class FlowTreeTest {

  /** Leaves the contract tests use: keccak of a 256-byte chunk whose first byte is i. */
  private static Hash leaf(int i) {
    byte[] chunk = new byte[256];
    chunk[0] = (byte) i;
    return Hash.adopt(Keccak256.hash(chunk));
  }

  private static Hash completeRoot(List<Hash> leaves) {
    int size = 1;
    while (size < leaves.size()) {
      size *= 2;
    }
    List<Hash> level = new ArrayList<>(leaves);
    while (level.size() < size) {
      level.add(ZeroHashes.of(0));
    }
    byte[] pair = new byte[64];
    while (level.size() > 1) {
      List<Hash> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        System.arraycopy(level.get(i).bytesUnsafe(), 0, pair, 0, 32);
        System.arraycopy(level.get(i + 1).bytesUnsafe(), 0, pair, 32, 32);
        next.add(Hash.adopt(Keccak256.hash(pair)));
      }
      level = next;
    }
    return level.get(0);
  }

  /** Inserts nodes of the given heights; mirrors them as explicit leaves in the oracle. */
  private static void check(int... heights) {
    FlowTree tree = FlowTree.deployed();
    List<Hash> leaves = new ArrayList<>(List.of(Hash.ZERO));
    for (int height : heights) {
      int size = 1 << height;
      while (leaves.size() % size != 0) {
        leaves.add(ZeroHashes.of(0));
      }
      int start = leaves.size();
      for (int i = 0; i < size; i++) {
        leaves.add(leaf(start + i));
      }
      Hash node = MerkleTree.of(leaves.subList(start, start + size)).root();
      assertThat(tree.insert(node, height)).isEqualTo(start);
      assertThat(tree.length()).isEqualTo(leaves.size());
      assertThat(tree.root()).as("after heights up to %d", height)
          .isEqualTo(completeRoot(leaves));
    }
  }

  @Test
  void deployedTreeIsTheZeroWord() {
    assertThat(FlowTree.deployed().root()).isEqualTo(Hash.ZERO);
    assertThat(FlowTree.deployed().length()).isEqualTo(1);
  }

  @Test
  void contractTestScenarios() {
    check(0);
    check(1);
    check(1, 1, 0, 0);
    check(2, 0, 1, 0);
  }

  @Property(tries = 60)
  void randomWorkloads(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] heights = new int[random.nextInt(1, 26)];
    for (int i = 0; i < heights.length; i++) {
      heights[i] = random.nextInt(0, 9);
    }
    check(heights);
  }

  /** Flow.submit: a submission that would straddle a segment boundary starts at the next. */
  @Test
  void submissionsSkipToTheNextSegmentWhenTheyWouldStraddleIt() {
    FlowTree tree = FlowTree.deployed();
    FileHasher hasher = new FileHasher(1);
    Submission small = hasher.submission(TestFiles.random(3 * 256, 1));
    assertThat(tree.append(small)).as("h1 node aligned to 2").isEqualTo(2);
    assertThat(tree.length()).isEqualTo(5);
    Submission straddling = hasher.submission(TestFiles.random(600 * 256, 2));
    assertThat(straddling.nodes()).extracting(SubmissionNode::height).containsExactly(9, 7);
    assertThat(tree.append(straddling)).as("512 + 640 would cross 1024").isEqualTo(1024);
    assertThat(tree.length()).isEqualTo(1024 + 640);
    Submission large = hasher.submission(TestFiles.random(1500 * 256, 3));
    assertThat(tree.append(large)).isEqualTo(2048);
    assertThat(tree.length()).isEqualTo(2048 + 1536);
    Submission tiny = hasher.submission(TestFiles.random(100, 4));
    assertThat(tree.append(tiny)).isEqualTo(3584);
  }

  @Test
  void appendMatchesTheOracle() {
    FlowTree tree = FlowTree.deployed();
    List<Hash> leaves = new ArrayList<>(List.of(Hash.ZERO));
    FileHasher hasher = new FileHasher(1);
    SplittableRandom random = new SplittableRandom(5);
    for (int file = 0; file < 6; file++) {
      byte[] data = TestFiles.random(random.nextInt(1, 3000 * 256), file);
      long start = tree.append(hasher.submission(data));
      MerkleTree chunks = TestFiles.flatTree(data);
      while (leaves.size() < start) {
        leaves.add(ZeroHashes.of(0));
      }
      for (int i = 0; i < chunks.leafCount(); i++) {
        leaves.add(chunks.leaf(i));
      }
      assertThat(tree.length()).isEqualTo(leaves.size());
      assertThat(tree.root()).isEqualTo(completeRoot(leaves));
    }
  }

  @Test
  void limits() {
    FlowTree tree = FlowTree.deployed();
    assertThatThrownBy(() -> tree.insert(Hash.ZERO, 64)).hasMessageContaining("0..63");
    assertThatThrownBy(() -> tree.insert(Hash.ZERO, 62)).hasMessageContaining("exceed");
    assertThatThrownBy(() -> tree.append(new Submission(1, List.of())))
        .hasMessageContaining("rejects");
    tree.insert(Hash.ZERO, 61);
    assertThat(tree.length()).isEqualTo(1L << 62);
    assertThat(tree.root()).isNotNull();
    assertThatThrownBy(() -> tree.insert(Hash.ZERO, 0)).hasMessageContaining("exceed");
  }
}
