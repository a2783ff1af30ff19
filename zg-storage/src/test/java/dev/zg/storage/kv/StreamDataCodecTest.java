package dev.zg.storage.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamDataCodecTest {

  private static final Hash S1 = Hash.fromHex("0x" + "11".repeat(32));
  private static final Hash S2 = Hash.fromHex("0x" + "22".repeat(32));
  private static final Address A = Address.fromHex("0x" + "ab".repeat(20));

  @Test
  void streamDomainIsSha256OfStream() {
    assertEquals("0xdf2ff3bb0af36c6384e6206552a4ed807f6f6a26e7d0aa6bff772ddc9d4307aa",
        StreamTags.STREAM_DOMAIN.toString().toLowerCase());
  }

  @Test
  void oneWriteHasTheSpecLayout() {
    StreamData data = new StreamData(StreamData.LATEST, List.of(),
        List.of(new StreamData.Write(S1, new byte[] {1, 2}, new byte[] {9, 8, 7})), List.of());
    String expected = "ffffffffffffffff" // version u64
        + "00000000" // no reads
        + "00000001" + "11".repeat(32) + "000002" + "0102" + "0000000000000003" // one write
        + "090807" // the values
        + "00000000"; // no controls
    assertEquals(expected, Hex.encode(StreamDataCodec.encode(data)).replace("0x", ""));
    assertEquals(data, StreamDataCodec.decode(StreamDataCodec.encode(data)));
  }

  @Test
  void everySetAndEveryControlTypeRoundTrips() {
    List<StreamData.AccessControl> controls = Arrays.stream(
        StreamData.AccessControl.Type.values()).map(t -> new StreamData.AccessControl(t, S2,
            t.hasKey() ? new byte[] {5} : null, t.hasAccount() ? A : null)).toList();
    StreamData data = new StreamData(42, List.of(new StreamData.Read(S2, new byte[] {3})),
        List.of(new StreamData.Write(S1, new byte[] {1}, new byte[0]),
            new StreamData.Write(S2, new byte[] {2, 2}, new byte[] {6, 6, 6})),
        controls);
    byte[] bytes = StreamDataCodec.encode(data);
    assertEquals(StreamDataCodec.encodedLength(data), bytes.length);
    assertEquals(data, StreamDataCodec.decode(bytes));
    // GRANT_ADMIN: type 0x00, stream, account; RENOUNCE_ADMIN: type 0x01, stream only
    String hex = Hex.encode(bytes);
    assertTrue(hex.contains("00" + "22".repeat(32) + "ab".repeat(20) + "01" + "22".repeat(32)
        + "10" + "22".repeat(32) + "00000105"));
    assertEquals(List.of(S2, S1), StreamTags.streamIds(StreamTags.of(data)));
  }

  @Test
  void randomBatchesRoundTrip() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      int n = random.nextInt(6);
      List<StreamData.Write> writes = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] key = new byte[1 + random.nextInt(40)];
        byte[] value = new byte[random.nextInt(300)];
        random.nextBytes(key);
        random.nextBytes(value);
        writes.add(new StreamData.Write(random.nextBoolean() ? S1 : S2, key, value));
      }
      StreamData data = new StreamData(random.nextLong(), List.of(), writes, List.of());
      assertEquals(data, StreamDataCodec.decode(StreamDataCodec.encode(data)));
    }
  }

  @Test
  void malformedBatchesAreRefusedWithTheReason() {
    byte[] good = StreamDataCodec.encode(new StreamData(1, List.of(),
        List.of(new StreamData.Write(S1, new byte[] {1}, new byte[] {2})), List.of()));
    for (int cut = 0; cut < good.length; cut++) {
      byte[] truncated = Arrays.copyOf(good, cut);
      assertThrows(StreamDataCodec.MalformedBatchException.class,
          () -> StreamDataCodec.decode(truncated), "cut at " + cut);
    }
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertTrue(assertThrows(StreamDataCodec.MalformedBatchException.class,
        () -> StreamDataCodec.decode(trailing)).getMessage().contains("trailing"));

    byte[] hugeValue = good.clone();
    hugeValue[8 + 4 + 4 + 32 + 3 + 1] = 0x7f; // value length high byte
    assertTrue(assertThrows(StreamDataCodec.MalformedBatchException.class,
        () -> StreamDataCodec.decode(hugeValue)).getMessage().contains("declares a value"));

    byte[] emptyKey = Hex.decode("0x" + "0000000000000001" + "00000000" + "00000001"
        + "11".repeat(32) + "000000" + "0000000000000000" + "00000000");
    assertTrue(assertThrows(StreamDataCodec.MalformedBatchException.class,
        () -> StreamDataCodec.decode(emptyKey)).getMessage().contains("empty key"));

    byte[] tooMany = Hex.decode("0x" + "0000000000000001" + "00010001");
    assertTrue(assertThrows(StreamDataCodec.MalformedBatchException.class,
        () -> StreamDataCodec.decode(tooMany)).getMessage().contains("too many reads"));

    byte[] badType = Hex.decode("0x" + "0000000000000001" + "00000000" + "00000000"
        + "00000001" + "02" + "11".repeat(32));
    assertTrue(assertThrows(StreamDataCodec.MalformedBatchException.class,
        () -> StreamDataCodec.decode(badType)).getMessage().contains("unknown type 0x2"));
  }

  @Test
  void constructorsEnforceTheLimits() {
    assertThrows(IllegalArgumentException.class,
        () -> new StreamData.Write(S1, new byte[0], new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> new StreamData.AccessControl(StreamData.AccessControl.Type.GRANT_ADMIN, S1,
            new byte[] {1}, A));
    assertThrows(NullPointerException.class,
        () -> new StreamData.AccessControl(StreamData.AccessControl.Type.GRANT_WRITER, S1,
            null, null));
  }

  @Test
  void tagsWithoutTheDomainAreNotKv() {
    assertNull(StreamTags.streamIds(new byte[0]));
    assertNull(StreamTags.streamIds(new byte[64]));
    byte[] tags = StreamTags.of(List.of(S1));
    assertArrayEquals(S1.toArray(), Arrays.copyOfRange(tags, 32, 64));
    assertNull(StreamTags.streamIds(Arrays.copyOf(tags, 63)));
  }
}
