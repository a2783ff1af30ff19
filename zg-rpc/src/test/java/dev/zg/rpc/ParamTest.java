package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ParamTest {

  private static JsonNode json(String text) {
    return TestClient.parse(text);
  }

  private static <T> T parse(Param<T> param, String json) {
    return param.parse(json(json), "argument 0");
  }

  private static void rejects(Param<?> param, String json, String reason) {
    assertThatThrownBy(() -> parse(param, json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(reason);
  }

  @Test
  void quantitiesAreStrict() {
    assertThat(parse(Param.QUANTITY_LONG, "\"0x0\"")).isZero();
    assertThat(parse(Param.QUANTITY_LONG, "\"0xFf\"")).isEqualTo(255);
    assertThat(parse(Param.QUANTITY_LONG, "\"0x7fffffffffffffff\"")).isEqualTo(Long.MAX_VALUE);
    rejects(Param.QUANTITY_LONG, "\"0x8000000000000000\"",
        "hex number > 63 bits: \"0x8000000000000000\"");
    rejects(Param.QUANTITY_LONG, "\"0x00\"", "hex number with leading zero digits: \"0x00\"");
    rejects(Param.QUANTITY_LONG, "\"0x\"", "empty hex number: \"0x\"");
    rejects(Param.QUANTITY_LONG, "\"12\"", "hex string without 0x prefix: \"12\"");
    rejects(Param.QUANTITY_LONG, "\"0xg\"", "invalid hex string: \"0xg\"");
    rejects(Param.QUANTITY_LONG, "12", "expected a hex quantity string, got number");
    assertThat(parse(Param.QUANTITY, "\"0x" + "f".repeat(64) + "\"")).isEqualTo(UInt256.MAX);
    rejects(Param.QUANTITY, "\"0x1" + "0".repeat(64) + "\"",
        "hex number > 256 bits: \"0x1" + "0".repeat(64) + "\"");
    // Values in errors are cut short so that an error never echoes a huge input.
    rejects(Param.QUANTITY_LONG, "\"0x" + "1".repeat(100) + "\"",
        "hex number > 63 bits: \"0x" + "1".repeat(65) + "...\"");
  }

  @Test
  void dataAddressesAndHashes() {
    assertThat(parse(Param.DATA, "\"0x\"")).isEmpty();
    assertThat(parse(Param.DATA, "\"0x00Ab\"")).containsExactly(0, 0xab);
    rejects(Param.DATA, "\"0x0\"", "hex string of odd length: \"0x0\"");
    rejects(Param.DATA, "\"00\"", "hex string without 0x prefix: \"00\"");
    rejects(Param.data(1), "\"0x0000\"", "hex data of 2 bytes exceeds the limit of 1");
    assertThat(parse(Param.fixedData(2), "\"0x0102\"")).containsExactly(1, 2);
    String lower = "0x" + "ab".repeat(20);
    assertThat(parse(Param.ADDRESS, "\"" + lower + "\"")).isEqualTo(Address.fromHex(lower));
    // Checksums are not enforced on input, as in go-ethereum.
    assertThat(parse(Param.ADDRESS, "\"0x" + "aB".repeat(20) + "\"").toHex()).isEqualTo(lower);
    rejects(Param.ADDRESS, "\"0x" + "ab".repeat(19) + "\"",
        "an address must be 20 bytes (40 hex digits), got 38 digits: \"0x" + "ab".repeat(19)
            + "\"");
    assertThat(parse(Param.HASH, "\"0x" + "00".repeat(32) + "\"")).isEqualTo(Hash.ZERO);
    rejects(Param.HASH, "\"0x00\"", "a hash must be 32 bytes (64 hex digits), got 2 digits: "
        + "\"0x00\"");
  }

  @Test
  void blockTagsNumbersAndHashes() {
    assertThat(parse(Param.BLOCK_TAG, "\"latest\"")).isEqualTo(BlockParam.Tag.LATEST);
    assertThat(parse(Param.BLOCK_TAG, "\"finalized\"")).isEqualTo(BlockParam.Tag.FINALIZED);
    assertThat(parse(Param.BLOCK_TAG, "\"0x10\"")).isEqualTo(new BlockParam.ByNumber(16));
    rejects(Param.BLOCK_TAG, "\"Latest\"", "hex string without 0x prefix: \"Latest\"");
    String hash = "0x" + "11".repeat(32);
    assertThat(parse(Param.BLOCK, "\"" + hash + "\""))
        .isEqualTo(new BlockParam.ByHash(Hash.fromHex(hash), false));
    assertThat(parse(Param.BLOCK, "{\"blockHash\":\"" + hash + "\",\"requireCanonical\":true}"))
        .isEqualTo(new BlockParam.ByHash(Hash.fromHex(hash), true));
    assertThat(parse(Param.BLOCK, "{\"blockNumber\":\"0x2\"}"))
        .isEqualTo(new BlockParam.ByNumber(2));
    rejects(Param.BLOCK, "{\"blockNumber\":\"0x2\",\"blockHash\":\"" + hash + "\"}",
        "cannot specify both blockHash and blockNumber");
    rejects(Param.BLOCK_TAG, "{\"blockNumber\":\"0x2\"}",
        "expected a block tag or hex block number, got object");
    assertThat(BlockParam.Tag.SAFE.json()).isEqualTo("safe");
  }

  @Test
  void listsNullablesAndBinding() {
    Param<List<Long>> list = Param.listOf(Param.QUANTITY_LONG, 2);
    assertThat(parse(list, "[\"0x1\",\"0x2\"]")).containsExactly(1L, 2L);
    rejects(list, "[\"0x1\",\"0x2\",\"0x3\"]", "array of 3 elements exceeds the limit of 2");
    rejects(list, "[\"0x1\",\"2\"]", "element 1: hex string without 0x prefix: \"2\"");
    Param<List<Hash>> topics = Param.oneOrMany(Param.nullable(Param.HASH), 4);
    assertThat(parse(topics, "[null]")).containsExactly((Hash) null);
    assertThat(parse(topics, "\"0x" + "00".repeat(32) + "\"")).containsExactly(Hash.ZERO);
    record Call(Address to, byte[] data, UInt256 value) {}
    Call bound = parse(Param.json(Call.class),
        "{\"to\":\"0x" + "00".repeat(20) + "\",\"data\":\"0x0102\",\"value\":\"0x10\"}");
    assertThat(bound.to()).isEqualTo(Address.ZERO);
    assertThat(bound.data()).containsExactly(1, 2);
    assertThat(bound.value()).isEqualTo(UInt256.valueOf(16));
    assertThatThrownBy(() -> parse(Param.json(Call.class), "{\"value\":\"0x01\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leading zero");
  }

  @Test
  void paramsNameArgumentsAndFields() {
    RpcParams params = RpcParams.of(json("[{\"to\":\"0x1z\"}, null]"));
    assertThat(params.size()).isEqualTo(2);
    assertThat(params.optional(1, Param.QUANTITY_LONG)).isEmpty();
    assertThat(params.optional(5, Param.QUANTITY_LONG, 7L)).isEqualTo(7L);
    RpcObject tx = params.required(0, Param.OBJECT);
    assertThat(tx.has("to")).isTrue();
    assertThatThrownBy(() -> tx.required("to", Param.ADDRESS))
        .isInstanceOf(RpcException.class)
        .hasMessage("invalid argument 0: field 'to': an address must be 20 bytes (40 hex "
            + "digits), got 2 digits: \"0x1z\"")
        .extracting(e -> ((RpcException) e).code()).isEqualTo(-32602);
    assertThatThrownBy(() -> tx.required("from", Param.ADDRESS))
        .hasMessage("invalid argument 0: missing value for required field 'from'");
    assertThatThrownBy(() -> params.required(1, Param.QUANTITY_LONG))
        .hasMessage("missing value for required argument 1");
    RpcObject named = RpcParams.of(json("{\"a\":\"0x1\"}")).named();
    assertThat(named.required("a", Param.QUANTITY_LONG)).isEqualTo(1);
  }

  @Test
  void encodings() {
    assertThat(Json.quantity(0)).isEqualTo("0x0");
    assertThat(Json.quantity(UInt256.MAX)).isEqualTo("0x" + "f".repeat(64));
    assertThat(Json.quantity(BigInteger.TEN)).isEqualTo("0xa");
    assertThat(Json.data(new byte[] {0, 1})).isEqualTo("0x0001");
    assertThatThrownBy(() -> Json.quantity(-1)).isInstanceOf(IllegalArgumentException.class);
    RpcException revert = RpcException.executionReverted(new byte[0], null);
    assertThat(revert.getMessage()).isEqualTo("execution reverted");
    assertThat(revert.code()).isEqualTo(3);
  }

  @Property
  void quantitiesRoundTrip(@ForAll("uint256") BigInteger value) {
    String encoded = Json.quantity(UInt256.fromBigInteger(value));
    assertThat(encoded).isEqualTo("0x" + value.toString(16));
    assertThat(parse(Param.QUANTITY, "\"" + encoded + "\"").toBigInteger()).isEqualTo(value);
  }

  @Property
  void longQuantitiesRoundTrip(@ForAll("nonNegativeLong") long value) {
    assertThat(Param.QUANTITY_LONG.parse(TextNode.valueOf(Json.quantity(value)), "x"))
        .isEqualTo(value);
  }

  @Property
  void dataRoundTrips(@ForAll byte[] bytes) {
    byte[] back = Param.DATA.parse(TextNode.valueOf(Json.data(bytes)), "x");
    assertThat(Arrays.equals(back, bytes)).isTrue();
  }

  @Provide
  Arbitrary<BigInteger> uint256() {
    return Arbitraries.bigIntegers()
        .between(BigInteger.ZERO, BigInteger.TWO.pow(256).subtract(BigInteger.ONE))
        .edgeCases(c -> c.includeOnly(BigInteger.ZERO, BigInteger.ONE));
  }

  @Provide
  Arbitrary<Long> nonNegativeLong() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE);
  }
}
