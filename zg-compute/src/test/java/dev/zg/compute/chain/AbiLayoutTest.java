package dev.zg.compute.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The hand-written ABI encoding and decoding of the serving contract's calls, checked against
 * web3j's encoder (selectors from the signatures, layouts from the types). The calls against a
 * deployed contract are tested where the contracts are.
 */
class AbiLayoutTest {
  static final Address A = Address.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  static final Address B = Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");

  static org.web3j.abi.datatypes.Address w3(Address a) {
    return new org.web3j.abi.datatypes.Address(a.toHex());
  }

  @Test
  void settleFeesWithTeeMatchesWeb3j() {
    byte[] signature = new byte[65];
    for (int i = 0; i < 65; i++) {
      signature[i] = (byte) (i * 7 + 1);
    }
    List<SettlementItem> items = List.of(
        new SettlementItem(A, B, BigInteger.valueOf(1234), Hash.keccak(new byte[] {1}),
            BigInteger.valueOf(99), signature),
        new SettlementItem(B, B, BigInteger.TEN.pow(20), Hash.keccak(new byte[] {2}),
            BigInteger.valueOf(100), signature));
    List<DynamicStruct> structs = items.stream().map(item -> new DynamicStruct(
        w3(item.user()), w3(item.provider()), new Uint256(item.totalFee()),
        new Bytes32(item.requestsHash().toArray()), new Uint256(item.nonce()),
        new DynamicBytes(item.signature()))).toList();
    Function function = new Function("settleFeesWithTEE",
        List.<Type>of(new DynamicArray<>(DynamicStruct.class, structs)), List.of());
    String expected = FunctionEncoder.encode(function);
    assertThat(expected).startsWith("0x8be74119");
    assertThat(Hex.prefixed(JsonRpcServingChain.encodeSettlements(
        JsonRpcServingChain.SETTLE_FEES_WITH_TEE, items))).isEqualTo(expected);
  }

  @Test
  void addOrUpdateServiceAndAccountDecodingMatchWeb3j() {
    DynamicStruct params = new DynamicStruct(new Utf8String("chatbot"),
        new Utf8String("http://127.0.0.1:3000"), new Utf8String("echo-1"),
        new Utf8String("TeeML"), new Uint256(7), new Uint256(9),
        new Utf8String("{\"ProviderType\":\"centralized\"}"), w3(A));
    String expected = FunctionEncoder.encode(
        new Function("addOrUpdateService", List.<Type>of(params), List.of()));
    assertThat(expected).startsWith("0x398c8e4e");
    byte[] mine = Abi.tuple(Abi.tail(Abi.tuple(Abi.tail(Abi.string("chatbot")),
        Abi.tail(Abi.string("http://127.0.0.1:3000")), Abi.tail(Abi.string("echo-1")),
        Abi.tail(Abi.string("TeeML")), Abi.head(Abi.word(7)), Abi.head(Abi.word(9)),
        Abi.tail(Abi.string("{\"ProviderType\":\"centralized\"}")), Abi.head(Abi.word(A)))));
    assertThat("0x398c8e4e" + Hex.encode(mine)).isEqualTo(expected);

    // A getAccount return value as the contract encodes it, decoded by the reader.
    DynamicStruct refund = new DynamicStruct(new Uint256(0), new Uint256(5), new Uint256(6),
        new Bool(false));
    DynamicStruct account = new DynamicStruct(w3(B), w3(A), new Uint256(11), new Uint256(1000),
        new Uint256(5), new DynamicArray<>(DynamicStruct.class, List.of(refund)),
        new Utf8String("info"), new Bool(true), new Uint256(1), new Uint256(3),
        new Uint256(BigInteger.valueOf(0b101)));
    byte[] returned = Hex.decode(FunctionEncoder.encodeConstructor(List.<Type>of(account)));
    Abi.Reader in = new Abi.Reader(returned);
    int t = in.offset(0);
    assertThat(in.address(t)).isEqualTo(B);
    assertThat(in.uint(t + 64)).isEqualTo(BigInteger.valueOf(11));
    assertThat(in.bool(t + 7 * 32)).isTrue();
    assertThat(in.uint(t + 9 * 32)).isEqualTo(BigInteger.valueOf(3));
    assertThat(in.uint(t + 10 * 32)).isEqualTo(BigInteger.valueOf(5));
    assertThat(in.string(t, t + 6 * 32)).isEqualTo("info");
    assertThat(JsonRpcServingChain.decodeAccount(returned)).isEqualTo(new ServingAccount(B, A,
        BigInteger.valueOf(11), BigInteger.valueOf(1000), BigInteger.valueOf(5), true,
        BigInteger.valueOf(3), BigInteger.valueOf(5)));
  }
}
