package dev.zg.storage.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Hash;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.StorageSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The segment JSON written from bytes and read in place is the one 0G's text form gives. */
class SegmentWithProofTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SegmentWithProof segment() {
    byte[] data = new byte[StorageSpec.SEGMENT_BYTES];
    new SplittableRandom(7).nextBytes(data);
    MerkleProof proof = new MerkleProof(
        List.of(Hash.keccak(new byte[] {1}), Hash.keccak(new byte[] {2}),
            Hash.keccak(new byte[] {3})), List.of(true));
    return new SegmentWithProof(Hash.keccak(new byte[] {3}), data, 5, proof,
        6L * StorageSpec.SEGMENT_BYTES);
  }

  private static SegmentWithProof readFrom(byte[] body) throws Exception {
    try (JsonParser parser = JSON.createParser(body)) {
      parser.nextToken();
      return SegmentWithProof.read(parser, body);
    }
  }

  @Test
  void writesStandardPaddedBase64AndReadsItBackInPlace() throws Exception {
    SegmentWithProof s = segment();
    byte[] body = JSON.writeValueAsBytes(s.toJson());
    JsonNode text = JSON.readTree(body);
    assertThat(text.get("data").isTextual()).isTrue();
    assertThat(text.get("data").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(s.dataUnsafe()));
    SegmentWithProof back = readFrom(body);
    assertThat(back.dataUnsafe()).isEqualTo(s.dataUnsafe());
    assertThat(back.proof()).isEqualTo(s.proof());
    assertThat(back.index()).isEqualTo(5);
    assertThat(SegmentWithProof.parse(text).dataUnsafe()).isEqualTo(s.dataUnsafe());
    assertThat(SegmentWithProof.parse(s.toJson()).dataUnsafe()).isEqualTo(s.dataUnsafe());
  }

  @Test
  void escapedSlashesAndBadBase64() throws Exception {
    SegmentWithProof s = segment();
    String plain = new String(JSON.writeValueAsBytes(s.toJson()), StandardCharsets.UTF_8);
    assertThat(plain).contains("/");
    byte[] escaped = plain.replace("/", "\\/").getBytes(StandardCharsets.UTF_8);
    assertThat(readFrom(escaped).dataUnsafe()).isEqualTo(s.dataUnsafe());
    String b64 = Base64.getEncoder().encodeToString(s.dataUnsafe());
    byte[] bad = plain.replace(b64, "!!" + b64.substring(2)).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> readFrom(bad)).hasMessageContaining("Invalid params: data");
  }
}
