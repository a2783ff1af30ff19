package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileLayoutTest {

  @ParameterizedTest(name = "{0} chunks pad to {1}")
  @CsvSource({
    "1, 1", "2, 2", "3, 3", "5, 5", "7, 7", "8, 8", "9, 9", "15, 15", "16, 16",
    "17, 18", "26, 26", "79, 80", "1025, 1152", "1172, 1280", "1500, 1536",
    "16385, 18432", "40960, 40960", "40961, 45056",
  })
  void paddingRule(long chunks, long padded) {
    assertThat(FileLayout.paddedChunks(chunks)).isEqualTo(padded);
  }

  @Test
  void spec383990Bytes() {
    FileLayout layout = FileLayout.of(383_990);
    assertThat(layout.chunks()).isEqualTo(1500);
    assertThat(layout.paddedChunks()).isEqualTo(1536);
    assertThat(layout.segments()).isEqualTo(2);
    assertThat(layout.dataSegments()).isEqualTo(2);
    assertThat(layout.segmentChunks(1)).isEqualTo(512);
    assertThat(layout.segmentDataBytes(1)).isEqualTo(383_990 - 262_144);
    assertThat(layout.segmentUploadBytes(1)).isEqualTo(476 * 256);
    assertThat(layout.submissionHeights()).containsExactly(10, 9);
  }

  @Test
  void wholePaddingSegments() {
    FileLayout layout = FileLayout.of(16_385L * 256);
    assertThat(layout.segments()).isEqualTo(18);
    assertThat(layout.dataSegments()).isEqualTo(17);
    assertThat(layout.segmentDataBytes(17)).isZero();
    assertThat(layout.segmentChunks(17)).isEqualTo(1024);
    assertThat(layout.submissionHeights()).containsExactly(14, 11);
  }

  @Test
  void decompositionExample() {
    assertThat(FileLayout.of(26 * 256).submissionHeights()).containsExactly(4, 3, 1);
  }

  @Test
  void limits() {
    assertThatThrownBy(() -> FileLayout.of(0)).hasMessageContaining("empty file");
    assertThatThrownBy(() -> FileLayout.of(-1)).hasMessageContaining("outside");
    assertThatThrownBy(() -> FileLayout.of(StorageSpec.FILE_BYTES_MAX + 1))
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> new FileLayout(256, 1, 2)).hasMessageContaining("inconsistent");
    assertThatThrownBy(() -> FileLayout.of(256).segmentChunks(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(FileLayout.of(StorageSpec.FILE_BYTES_MAX).submissionHeights())
        .containsExactly(42);
  }

  /** Flow's valid() accepts every file's nodes: at most 4, within 3 levels, minimal padding. */
  @Property(tries = 3000)
  void everyLayoutMakesAValidSubmission(@ForAll @LongRange(min = 1, max = 1L << 40) long size) {
    FileLayout layout = FileLayout.of(size);
    List<Integer> heights = layout.submissionHeights();
    assertThat(heights).hasSizeBetween(1, 4);
    assertThat(heights.get(0) - heights.get(heights.size() - 1)).isLessThan(4);
    List<SubmissionNode> nodes = heights.stream()
        .map(h -> new SubmissionNode(ZeroHashes.of(0), h)).toList();
    assertThat(new Submission(size, nodes).isValid()).isTrue();
    long padding = layout.paddedChunks() - layout.chunks();
    assertThat(padding).isLessThanOrEqualTo(Math.max(0, FileLayout.nextPow2(layout.chunks()) / 16));
  }
}
