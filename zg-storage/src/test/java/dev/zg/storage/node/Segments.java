package dev.zg.storage.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.storage.merkle.FileLayout;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.StorageSpec;
import java.util.Arrays;
import java.util.Base64;

/** Builds upload segments the way the SDK does (last segment trimmed to whole chunks). */
final class Segments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Segments() {}

  static byte[] uploadBytes(TestChain.Submitted file, long index) {
    FileLayout layout = file.tree().layout();
    int from = (int) (index * StorageSpec.SEGMENT_BYTES);
    return Arrays.copyOfRange(file.data(), from, from + layout.segmentUploadBytes(index));
  }

  static ObjectNode json(TestChain.Submitted file, long index) {
    return json(file, index, uploadBytes(file, index), file.tree().segmentProof(index));
  }

  static ObjectNode json(TestChain.Submitted file, long index, byte[] data, MerkleProof proof) {
    ObjectNode seg = JSON.createObjectNode();
    seg.put("root", file.tree().root().toHex());
    seg.put("data", Base64.getEncoder().encodeToString(data));
    seg.put("index", index);
    ObjectNode p = seg.putObject("proof");
    var lemma = p.putArray("lemma");
    proof.lemma().forEach(h -> lemma.add(h.toHex()));
    var path = p.putArray("path");
    proof.path().forEach(path::add);
    seg.put("fileSize", file.data().length);
    return seg;
  }

  static JsonNode array(JsonNode... segments) {
    var array = JSON.createArrayNode();
    for (JsonNode s : segments) {
      array.add(s);
    }
    return array;
  }
}
