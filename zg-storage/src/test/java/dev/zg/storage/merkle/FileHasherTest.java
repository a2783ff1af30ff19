package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileHasherTest {
  private static final FileHasher ONE = new FileHasher(1);

  @TempDir Path dir;

  /** spec/storage.md section 1, "File roots (computed)", byte i = i mod 256. */
  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({
    "1000, 584f8a2a93bae208a7271a4e62a6325cc8a6467c3412201ae353ddc44cd25816",
    "4097, 61a46d30f108100baa3caa415b10d6d41a433ddd522954efa7da4a3fbaf75e38",
    "300000, 368f46de39b704c967d72861150ab90b81baa11ad67d8036733c609b69961807",
  })
  void specComputedRoots(int size, String root) {
    assertThat(ONE.root(TestFiles.pattern(size, 256))).isEqualTo(Hash.fromHex(root));
  }

  @Test
  void specSubmissionNodes() {
    Submission s4097 = ONE.submission(TestFiles.pattern(4097, 256));
    assertThat(s4097.nodes()).extracting(SubmissionNode::height).containsExactly(4, 1);
    assertThat(s4097.nodes().get(0).root().toHex()).startsWith("0x0f3435b3").endsWith("3a408d");
    assertThat(s4097.nodes().get(1).root()).isEqualTo(ZeroHashes.of(1));
    assertThat(s4097.lengthBytes()).isEqualTo(4097);

    Submission s300000 = ONE.submission(TestFiles.pattern(300_000, 256));
    assertThat(s300000.nodes()).extracting(SubmissionNode::height).containsExactly(10, 8);
    assertThat(s300000.nodes().get(0).root().toHex()).startsWith("0xd37eec89").endsWith("ee03bf");
    assertThat(s300000.nodes().get(1).root().toHex()).startsWith("0x9ae92907").endsWith("065b97");
  }

  @Test
  void specSmallRoots() {
    assertThat(ONE.root("hello world".getBytes(StandardCharsets.US_ASCII))).isEqualTo(
        Hash.fromHex("62c5d8e26d8bb05622e88c9819283ad82e722db87816f1962ce2810ea565aae5"));
    assertThat(ONE.root(new byte[1])).isEqualTo(ZeroHashes.of(0));
  }

  /** spec/sdk-compat.md A6 vectors, from the installed TS SDK (byte i = i mod 251). */
  @ParameterizedTest(name = "{0} bytes")
  @CsvSource({
    "256, e2a94a8afb5941b26a9be1be979c403e33559570b52961b48b3f7d36237fecc8",
    "262144, 4d533607c0f4423a9287d761e7394aa61552adb7d6a080cdb278ddb65b2eacb7",
    "383990, 656d2473b550a8332f7b24ab670bf225776d73059d9f6206e2f90096510298a7",
  })
  void sdkVectors(int size, String root) {
    assertThat(ONE.root(TestFiles.pattern(size, 251))).isEqualTo(Hash.fromHex(root));
  }

  @Test
  void sdkVector383990NodesAndProof() throws IOException {
    byte[] data = TestFiles.pattern(383_990, 251);
    FileMerkleTree tree = ONE.tree(new ByteArrayInputStream(data), data.length);
    Hash h10 = Hash.fromHex("4d533607c0f4423a9287d761e7394aa61552adb7d6a080cdb278ddb65b2eacb7");
    Hash h9 = Hash.fromHex("ab98dd36dddd59bdcfa7dd931975fa3f3e2947c2cdab7f62c75585210ff92558");
    assertThat(tree.submission().nodes()).containsExactly(
        new SubmissionNode(h10, 10), new SubmissionNode(h9, 9));
    assertThat(tree.segmentProof(1)).isEqualTo(
        new MerkleProof(List.of(h9, h10, tree.root()), List.of(false)));
  }

  @Property(tries = 40)
  void streamingEqualsTheFlatTree(@ForAll @IntRange(min = 1, max = 700_000) int size,
      @ForAll @IntRange(min = 1, max = 4) int threads) throws IOException {
    byte[] data = TestFiles.random(size, size);
    MerkleTree flat = TestFiles.flatTree(data);
    FileHasher hasher = new FileHasher(threads);
    assertThat(hasher.root(data)).isEqualTo(flat.root());
    FileMerkleTree tree = hasher.tree(new ByteArrayInputStream(data), size);
    assertThat(tree.root()).isEqualTo(flat.root());
    assertThat(tree.submission().isValid()).isTrue();
    assertThat(tree.submission().nodes()).extracting(SubmissionNode::height)
        .containsExactlyElementsOf(FileLayout.of(size).submissionHeights());
  }

  @Test
  void threadsAndSourcesAgree() throws IOException {
    byte[] data = TestFiles.random(5 * StorageSpec.SEGMENT_BYTES + 4097, 7);
    Path file = Files.write(dir.resolve("f"), data);
    Hash expected = TestFiles.flatTree(data).root();
    for (int threads : new int[] {1, 2, 3, 8, 64}) {
      FileHasher hasher = new FileHasher(threads);
      assertThat(hasher.root(file)).as("%d threads, file", threads).isEqualTo(expected);
      assertThat(hasher.submission(new ByteArrayInputStream(data), data.length).root())
          .as("%d threads, stream", threads).isEqualTo(expected);
      assertThat(hasher.tree(file).root()).isEqualTo(expected);
    }
  }

  @Test
  void errors() throws IOException {
    Path empty = Files.write(dir.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> ONE.root(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty file");
    assertThatThrownBy(() -> ONE.root(new byte[0])).hasMessageContaining("empty file");
    assertThatThrownBy(() -> ONE.root(dir)).hasMessageContaining("is a folder");
    assertThatThrownBy(() -> ONE.root(dir.resolve("missing")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThatThrownBy(() -> ONE.submission(new ByteArrayInputStream(new byte[10]), 11))
        .isInstanceOf(java.io.EOFException.class);
    assertThatThrownBy(() -> ONE.submission(new ByteArrayInputStream(new byte[10]), 9))
        .hasMessageContaining("longer than");
    assertThatThrownBy(() -> new FileHasher(0)).hasMessageContaining("1..256");
    assertThatThrownBy(() -> new FileHasher(257)).hasMessageContaining("1..256");
  }

  @Test
  void aFailingReadStopsEveryThread() {
    byte[] data = new byte[20 * StorageSpec.SEGMENT_BYTES];
    java.io.InputStream failing = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > 7 * StorageSpec.SEGMENT_BYTES) {
          throw new IOException("disk on fire");
        }
        int n = super.read(b, off, len);
        read += Math.max(0, n);
        return n;
      }
    };
    assertThatThrownBy(() -> new FileHasher(4).submission(failing, data.length))
        .isInstanceOf(IOException.class).hasMessage("disk on fire");
  }
}
