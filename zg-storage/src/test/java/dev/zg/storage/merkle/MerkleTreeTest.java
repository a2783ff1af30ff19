package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  /** Leaves keccak("chunk data - i"): Go client tree_test.go and TS MerkleTree.test.js. */
  private static List<Hash> chunkDataLeaves(int n) {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(Hash.keccak(("chunk data - " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return leaves;
  }

  @ParameterizedTest(name = "{0} leaves")
  @CsvSource({
    "3, 6f5d8d4ca0790ea245a280ece40fb7493d5f957b8d42931e3326ba3fd0c86e41",
    "4, 2418ddec22d6fb98525835c9876a95db78491cc3430df47a9ed4b2a337c5452c",
    "5, 2dea03c693750777940bcd0cc3f5d93543c075fa3b9a07b9fd86ec8fbaf6a8b2",
    "6, 318c92000aefba6ebf570a8a6daa57aa643f04350ffbe583999ddd9e24ceb147",
    "7, ca80116fb7fb8d6ef4a47e322f22e94ae8beb03e6fcbf8ab59c4d6f54fe42c4d",
    "35, 209c511bf4349096c4951cb825bebbf219de745c2b36261bed8c64a105982912",
    "36, c8855b6bfb57c37673397678dd3199fbbe6cd3b0b4cda2800cfab298d271ae2a",
  })
  void repositoryVectors(int n, String root) {
    assertThat(MerkleTree.of(chunkDataLeaves(n)).root()).isEqualTo(Hash.fromHex(root));
  }

  @Test
  void parentOfTheFirstTwoLeaves() {
    assertThat(MerkleTree.of(chunkDataLeaves(2)).root()).isEqualTo(Hash.fromHex(
        "e733f492cef3dbbf28ba4584ca5a35d3e87604a6ad16ff9f10970af2c467b056"));
  }

  @ParameterizedTest(name = "{0} zero sectors")
  @CsvSource({
    "6, 567c47a879794dd489a210dec17d31cc5919bc427d138d716a8107e025e2dbcb",
    "7, 294253ab31cbf90dbbbef755a75ff1601da790e35c365f530e7c1a1ca904dcf8",
  })
  void zeroSectorVectors(int n, String root) {
    List<Hash> leaves = Collections.nCopies(n, ZeroHashes.of(0));
    assertThat(MerkleTree.of(leaves).root()).isEqualTo(Hash.fromHex(root));
  }

  @Test
  void oneLeafIsItsOwnRootAndProof() {
    Hash leaf = Hash.keccak(new byte[] {1});
    MerkleTree tree = MerkleTree.of(List.of(leaf));
    assertThat(tree.root()).isEqualTo(leaf);
    assertThat(tree.proof(0)).isEqualTo(MerkleProof.ofSingleLeaf(leaf));
    assertThat(tree.proof(0).verify(leaf, leaf, 0, 1)).isEqualTo(ProofCheck.VALID);
  }

  @Test
  void limits() {
    assertThatThrownBy(() -> MerkleTree.of(List.of())).hasMessageContaining("1..");
    MerkleTree tree = MerkleTree.of(chunkDataLeaves(3));
    assertThatThrownBy(() -> tree.proof(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> tree.proof(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  /** The promoted tree equals the right fold over the perfect subtrees of the leaf count. */
  @Property(tries = 200)
  void rootIsTheRightFoldOfTheDecomposition(@ForAll @IntRange(min = 1, max = 300) int n) {
    List<Hash> leaves = chunkDataLeaves(n);
    List<SubmissionNode> nodes = new ArrayList<>();
    int offset = 0;
    for (int h = 31 - Integer.numberOfLeadingZeros(n); h >= 0; h--) {
      if ((n >>> h & 1) != 0) {
        nodes.add(new SubmissionNode(
            MerkleTree.of(leaves.subList(offset, offset + (1 << h))).root(), h));
        offset += 1 << h;
      }
    }
    assertThat(new Submission(0, nodes).root()).isEqualTo(MerkleTree.of(leaves).root());
  }

  @Property(tries = 60)
  void everyLeafProofVerifiesAndOnlyThere(@ForAll @IntRange(min = 1, max = 130) int n) {
    List<Hash> leaves = chunkDataLeaves(n);
    MerkleTree tree = MerkleTree.of(leaves);
    for (int i = 0; i < n; i++) {
      MerkleProof proof = tree.proof(i);
      assertThat(proof.verify(tree.root(), leaves.get(i), i, n)).isEqualTo(ProofCheck.VALID);
      assertThat(proof.position(n)).isEqualTo(i);
      if (n > 1) {
        long other = (i + 1) % n;
        assertThat(proof.verify(tree.root(), leaves.get(i), other, n))
            .isEqualTo(ProofCheck.POSITION_MISMATCH);
      }
    }
  }

  @Test
  void keccakOfTheRawPairIsTheParent() {
    List<Hash> leaves = chunkDataLeaves(2);
    byte[] pair = new byte[64];
    System.arraycopy(leaves.get(0).bytesUnsafe(), 0, pair, 0, 32);
    System.arraycopy(leaves.get(1).bytesUnsafe(), 0, pair, 32, 32);
    assertThat(MerkleTree.of(leaves).root().bytesUnsafe()).isEqualTo(Keccak256.hash(pair));
  }
}
