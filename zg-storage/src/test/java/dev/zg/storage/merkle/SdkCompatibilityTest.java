package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import dev.zg.storage.testing.OfficialSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zg's file trees against the official TS SDK's, run in Node.js on the same files: the root
 * ({@code rootHash()}), the submission nodes ({@code createSubmission}) and every segment
 * proof ({@code proofAt}). Needs node and npm; see {@link OfficialSdk} for when it skips.
 */
class SdkCompatibilityTest {
  @TempDir Path dir;

  @Test
  void rootsNodesAndProofsMatchTheSdk() throws IOException {
    List<Path> files = new ArrayList<>(OfficialSdk.writeAcceptanceFiles(dir));
    // Beyond the acceptance list: the spec's 383,990-byte vector (two node heights), a file
    // whose last segment is only padding (the rear-padding case), and all-zero data.
    files.add(Files.write(dir.resolve("pattern-383990"), TestFiles.pattern(383_990, 251)));
    files.add(Files.write(dir.resolve("random-4MiB+1"), TestFiles.random(4_194_305, 8)));
    files.add(Files.write(dir.resolve("zeros-5000"), new byte[5000]));
    Map<Path, OfficialSdk.FileTree> sdk = OfficialSdk.trees(files);

    FileHasher hasher = FileHasher.usingAllCores();
    for (Path file : files) {
      OfficialSdk.FileTree expected = sdk.get(file);
      FileMerkleTree tree = hasher.tree(file);
      String name = file.getFileName().toString();
      assertThat(tree.root().toHex()).as("root of %s", name).isEqualTo(expected.root());
      assertThat(hasher.root(file).toHex()).as("streamed root of %s", name)
          .isEqualTo(expected.root());
      assertThat(nodes(tree.submission())).as("nodes of %s", name)
          .isEqualTo(expected.nodes());
      assertThat(tree.layout().segments()).isEqualTo(expected.proofs().size());
      for (int i = 0; i < expected.proofs().size(); i++) {
        assertThat(proof(tree.segmentProof(i))).as("proof of segment %d of %s", i, name)
            .isEqualTo(expected.proofs().get(i));
      }
    }
  }

  @Test
  void anEmptyFileHasNoRootInEither() throws IOException {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertThat(OfficialSdk.trees(List.of(empty)).get(empty).root()).isNull();
    assertThatThrownBy(() -> FileHasher.usingAllCores().root(empty))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty file");
  }

  private static List<OfficialSdk.Node> nodes(Submission submission) {
    return submission.nodes().stream()
        .map(n -> new OfficialSdk.Node(n.height(), n.root().toHex())).toList();
  }

  private static OfficialSdk.Proof proof(MerkleProof proof) {
    return new OfficialSdk.Proof(proof.lemma().stream().map(Hash::toHex).toList(), proof.path());
  }
}
