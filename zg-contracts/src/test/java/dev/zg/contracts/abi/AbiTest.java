package dev.zg.contracts.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec against the Solidity documentation's worked examples and known selectors. */
class AbiTest {

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  @Test
  void selectorsOfWellKnownFunctions() {
    assertThat(AbiFunction.parse("transfer(address,uint256)").selectorHex())
        .isEqualTo("0xa9059cbb");
    assertThat(AbiFunction.parse("baz(uint32,bool)").selectorHex()).isEqualTo("0xcdcd77c0");
    assertThat(AbiFunction.parse("submit(((uint256,bytes,(bytes32,uint256)[]),address))")
        .selectorHex()).isEqualTo("0xbc8c11f8");
    assertThat(AbiFunction.parse("submit((uint256,bytes,(bytes32,uint256)[]))")
        .selectorHex()).isEqualTo("0xef3e12dc");
  }

  @Test
  void staticArgumentsAsInTheSolidityDocs() {
    byte[] call = AbiFunction.parse("baz(uint32,bool)").encodeCall(n(69), true);
    assertThat(Hex.encode(call)).isEqualTo("cdcd77c0"
        + "0000000000000000000000000000000000000000000000000000000000000045"
        + "0000000000000000000000000000000000000000000000000000000000000001");
  }

  @Test
  void dynamicArgumentsAsInTheSolidityDocs() {
    AbiFunction sam = AbiFunction.parse("sam(bytes,bool,uint256[])");
    byte[] call = sam.encodeCall("dave".getBytes(), true, List.of(n(1), n(2), n(3)));
    assertThat(Hex.encode(call)).isEqualTo("a5643bf2"
        + "0000000000000000000000000000000000000000000000000000000000000060"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "00000000000000000000000000000000000000000000000000000000000000a0"
        + "0000000000000000000000000000000000000000000000000000000000000004"
        + "6461766500000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000003");
    List<Object> back = sam.decodeCall(call);
    assertThat((byte[]) back.get(0)).isEqualTo("dave".getBytes());
    assertThat(back.get(1)).isEqualTo(true);
    assertThat(back.get(2)).isEqualTo(List.of(n(1), n(2), n(3)));
  }

  @Test
  void nestedDynamicArraysAsInTheSolidityDocs() {
    // f(uint256[][],string[]) with ([[1, 2], [3]], ["one", "two", "three"])
    AbiFunction g = AbiFunction.parse("g(uint256[][],string[])");
    byte[] call = g.encodeCall(List.of(List.of(n(1), n(2)), List.of(n(3))),
        List.of("one", "two", "three"));
    String expected = "2289b18c"
        + "0000000000000000000000000000000000000000000000000000000000000040"
        + "0000000000000000000000000000000000000000000000000000000000000140"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000040"
        + "00000000000000000000000000000000000000000000000000000000000000a0"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000001"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "0000000000000000000000000000000000000000000000000000000000000060"
        + "00000000000000000000000000000000000000000000000000000000000000a0"
        + "00000000000000000000000000000000000000000000000000000000000000e0"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "6f6e650000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000003"
        + "74776f0000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000005"
        + "7468726565000000000000000000000000000000000000000000000000000000";
    assertThat(Hex.encode(call)).isEqualTo(expected);
    assertThat(g.decodeCall(call)).isEqualTo(List.of(List.of(List.of(n(1), n(2)),
        List.of(n(3))), List.of("one", "two", "three")));
  }

  @Test
  void tuplesRoundTripWithAddressesNegativeIntsAndFixedBytes() {
    List<AbiType> types = AbiType.parseList("(int8,address,bytes4)[2],(bytes,uint16)");
    Address a = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    List<Object> values = List.of(
        List.of(List.of(n(-5), a, new byte[] {1, 2, 3, 4}),
            List.of(n(127), Address.ZERO, new byte[4])),
        List.of(new byte[40], n(65535)));
    byte[] encoded = Abi.encode(types, values);
    List<Object> back = Abi.decode(types, encoded);
    assertThat(Abi.encode(types, back)).isEqualTo(encoded);
    @SuppressWarnings("unchecked")
    List<Object> first = (List<Object>) ((List<Object>) back.get(0)).get(0);
    assertThat(first.get(0)).isEqualTo(n(-5));
    assertThat(first.get(1)).isEqualTo(a);
  }

  @Test
  void refusesOutOfRangeValuesAndHostileData() {
    List<AbiType> u8 = AbiType.parseList("uint8");
    assertThatThrownBy(() -> Abi.encode(u8, List.of(n(256)))).hasMessageContaining("uint8");
    assertThatThrownBy(() -> Abi.encode(u8, List.of(n(-1)))).hasMessageContaining("uint8");
    List<AbiType> bytes = AbiType.parseList("bytes");
    byte[] huge = new byte[64];
    huge[31] = 0x20;
    huge[32] = 0x7f; // a length of 2^255-ish
    assertThatThrownBy(() -> Abi.decode(bytes, huge)).hasMessageContaining("does not fit");
    byte[] badOffset = new byte[32];
    badOffset[0] = 1;
    assertThatThrownBy(() -> Abi.decode(bytes, badOffset)).hasMessageContaining("past the end");
    assertThatThrownBy(() -> Abi.decode(u8, new byte[31])).hasMessageContaining("ends at");
    assertThatThrownBy(() -> AbiType.parse("uint7")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AbiType.parse("(uint256")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> AbiType.parse("(".repeat(40) + "uint256" + ")".repeat(40)))
        .hasMessageContaining("nested");
  }
}
