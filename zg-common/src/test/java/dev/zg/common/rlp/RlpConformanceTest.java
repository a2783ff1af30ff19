package dev.zg.common.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.common.testing.SharedVectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of ethereum/tests RLPTests: valid encodings both ways, invalid ones rejected. */
class RlpConformanceTest {

  @TestFactory
  Stream<DynamicTest> rlpTests() {
    Path folder = SharedVectors.require("ethereum-tests/RLPTests");
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : SharedVectors.jsonFiles(folder)) {
      JsonNode root = SharedVectors.readJson(file);
      for (Map.Entry<String, JsonNode> entry : root.properties()) {
        String name = SharedVectors.displayName(file) + " " + entry.getKey();
        JsonNode in = entry.getValue().get("in");
        byte[] out = Hex.decode(entry.getValue().get("out").asText());
        tests.add(DynamicTest.dynamicTest(name, () -> runCase(in, out)));
      }
    }
    assertThat(tests).isNotEmpty();
    return tests.stream();
  }

  private static void runCase(JsonNode in, byte[] out) {
    if (in.isTextual() && in.asText().equals("INVALID")) {
      assertThatThrownBy(() -> RlpReader.decode(out)).isInstanceOf(RlpException.class);
      return;
    }
    if (in.isTextual() && in.asText().equals("VALID")) {
      RlpItem item = RlpReader.decode(out);
      assertThat(item.encode()).isEqualTo(out);
      return;
    }
    RlpItem expected = toItem(in);
    assertThat(Hex.encode(expected.encode())).isEqualTo(Hex.encode(out));
    assertThat(RlpReader.decode(out)).isEqualTo(expected);
  }

  private static RlpItem toItem(JsonNode node) {
    if (node.isArray()) {
      List<RlpItem> items = new ArrayList<>();
      node.forEach(child -> items.add(toItem(child)));
      return RlpItem.list(items);
    }
    if (node.isNumber()) {
      return RlpItem.string(Bytes.unsigned(node.bigIntegerValue()));
    }
    String text = node.asText();
    if (text.startsWith("#")) {
      return RlpItem.string(Bytes.unsigned(new BigInteger(text.substring(1))));
    }
    return RlpItem.string(text.getBytes(StandardCharsets.UTF_8));
  }
}
