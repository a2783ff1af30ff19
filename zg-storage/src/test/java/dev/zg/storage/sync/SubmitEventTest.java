package dev.zg.storage.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.Submission;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubmitEventTest {
  @Test
  void topicIsFlowsSubmitEvent() {
    // spec/sdk-compat.md A5.
    assertThat(SubmitEvent.TOPIC.toHex())
        .isEqualTo("0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555");
  }

  @Test
  void dataRoundTripsThroughTheAbiLayout() {
    byte[] file = new byte[300_000];
    Arrays.fill(file, (byte) 9);
    Submission submission = FileHasher.usingAllCores().submission(file);
    byte[] tags = Hex.decode("0xdf2ff3bb0af36c6384e6206552a4ed807f6f6a26e7d0aa6bff772ddc9d4307aa"
        + "01");
    byte[] data = SubmitEvent.encodeData(7, 4096, 1280, submission, tags);
    Address sender = Address.fromHex("0x" + "ab".repeat(20));
    Hash identity = SubmitEvent.identityOf(submission);
    SubmitEvent event = SubmitEvent.decode(Hash.wrap(sender.toWord()), identity, data);
    assertThat(event.submissionIndex()).isEqualTo(7);
    assertThat(event.startPos()).isEqualTo(4096);
    assertThat(event.lengthSectors()).isEqualTo(1280);
    assertThat(event.submission()).isEqualTo(submission);
    assertThat(event.tags()).isEqualTo(tags);
    assertThat(event.sender()).isEqualTo(sender);
    assertThat(event.submission().root()).isEqualTo(FileHasher.usingAllCores().root(file));
  }

  @Test
  void malformedDataIsRefusedClearly() {
    Submission submission = FileHasher.usingAllCores().submission(new byte[1000]);
    byte[] data = SubmitEvent.encodeData(1, 0, 4, submission, new byte[0]);
    assertThatThrownBy(() -> SubmitEvent.decode(Hash.ZERO, Hash.ZERO,
        Arrays.copyOf(data, data.length - 32))).isInstanceOf(IllegalArgumentException.class);
    byte[] badOffset = data.clone();
    badOffset[127] = (byte) 0xe0;
    assertThatThrownBy(() -> SubmitEvent.decode(Hash.ZERO, Hash.ZERO, badOffset))
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> SubmitEvent.decode(Hash.ZERO, Hash.ZERO, new byte[64]))
        .hasMessageContaining("malformed");
  }
}
