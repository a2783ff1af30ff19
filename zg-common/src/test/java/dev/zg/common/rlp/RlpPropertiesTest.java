package dev.zg.common.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hex;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RlpPropertiesTest {

  @Provide
  Arbitrary<RlpItem> items() {
    return Arbitraries.recursive(
        () -> Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(RlpItem::string),
        inner -> inner.list().ofMaxSize(6).map(RlpItem::list),
        0, 4);
  }

  @Property(tries = 2000)
  void decodeInvertsEncode(@ForAll("items") RlpItem item) {
    byte[] encoded = item.encode();
    assertThat(RlpReader.decode(encoded)).isEqualTo(item);
  }

  /** Arbitrary bytes either decode (and then re-encode to themselves) or fail with RlpException. */
  @Property(tries = 20000)
  void arbitraryBytesNeverCrashTheDecoder(@ForAll @Size(max = 200) byte[] input) {
    RlpItem item;
    try {
      item = RlpReader.decode(input);
    } catch (RlpException rejected) {
      assertThat(rejected.getMessage()).isNotBlank();
      return;
    }
    assertThat(item.encode()).as("canonical round trip of %s", Hex.encode(input)).isEqualTo(input);
  }

  @Property(tries = 2000)
  void integersRoundTrip(@ForAll long value) {
    byte[] encoded = RlpWriter.encodeLong(value);
    assertThat(new RlpReader(encoded).readLong()).isEqualTo(value);
    BigInteger big = new BigInteger(Long.toUnsignedString(value));
    assertThat(new RlpWriter().writeBigInteger(big).toByteArray()).isEqualTo(encoded);
  }

  @Test
  void rejectsNonCanonicalForms() {
    // single byte below 0x80 wrapped in a header
    assertThatThrownBy(() -> RlpReader.decode(Hex.decode("8105"))).hasMessageContaining("non-canonical");
    // long form for a short string
    assertThatThrownBy(() -> RlpReader.decode(Hex.decode("b80161"))).hasMessageContaining("short form");
    // length prefix with a leading zero
    assertThatThrownBy(() -> RlpReader.decode(Hex.decode("b90038" + "61".repeat(56))))
        .hasMessageContaining("leading zero");
    // trailing bytes
    assertThatThrownBy(() -> RlpReader.decode(Hex.decode("8000"))).hasMessageContaining("trailing");
    // integer with a leading zero
    assertThatThrownBy(() -> new RlpReader(Hex.decode("820001")).readLong()).hasMessageContaining("leading zero");
    // deep nesting is bounded, not a stack overflow
    byte[] deep = new byte[100_000];
    java.util.Arrays.fill(deep, (byte) 0xc0);
    assertThatThrownBy(() -> RlpReader.decode(deep)).isInstanceOf(RlpException.class);
  }

  @Test
  void longListsUseTheLongHeader() {
    List<RlpItem> many = java.util.Collections.nCopies(100, RlpItem.string(new byte[] {1}));
    byte[] encoded = RlpItem.list(many).encode();
    assertThat(encoded[0] & 0xff).isEqualTo(0xf8);
    assertThat(encoded[1] & 0xff).isEqualTo(100);
    assertThat(RlpReader.decode(encoded).asList()).hasSize(100);
  }
}
