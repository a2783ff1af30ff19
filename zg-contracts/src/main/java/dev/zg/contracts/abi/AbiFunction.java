package dev.zg.contracts.abi;

import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import java.util.Arrays;
import java.util.List;

/**
 * A contract function: its name, argument and return types. The selector is the first four
 * bytes of keccak256 of the canonical signature, e.g. {@code submit((uint256,bytes,
 * (bytes32,uint256)[]))} → {@code 0xef3e12dc}.
 */
public record AbiFunction(String name, List<AbiType> inputs, List<AbiType> outputs) {
  public AbiFunction {
    if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
      throw new IllegalArgumentException("not a function name: '" + name + "'");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * From {@code name(types)} or {@code name(types)(returnTypes)}, e.g.
   * {@code pricePerSector()(uint256)}.
   */
  public static AbiFunction parse(String signature) {
    String s = signature.strip();
    int open = s.indexOf('(');
    if (open < 0 || !s.endsWith(")")) {
      throw new IllegalArgumentException("not a function signature: '" + signature + "'");
    }
    int close = matching(s, open);
    List<AbiType> in = AbiType.parseList(s.substring(open + 1, close));
    List<AbiType> out = close == s.length() - 1 ? List.of()
        : AbiType.parseList(s.substring(close + 2, s.length() - 1));
    return new AbiFunction(s.substring(0, open), in, out);
  }

  private static int matching(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses in '" + s + "'");
  }

  /** The canonical signature the selector hashes. */
  public String signature() {
    return name + new AbiType.Tuple(inputs).canonical();
  }

  public byte[] selector() {
    return Arrays.copyOf(Keccak256.hash(signature().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 4);
  }

  public String selectorHex() {
    return Hex.prefixed(selector());
  }

  /** Call data: the selector, then the arguments. */
  public byte[] encodeCall(Object... args) {
    byte[] body = Abi.encode(inputs, List.of(args));
    byte[] data = Arrays.copyOf(selector(), 4 + body.length);
    System.arraycopy(body, 0, data, 4, body.length);
    return data;
  }

  /** Decodes what the function returned. */
  public List<Object> decodeResult(byte[] output) {
    return Abi.decode(outputs, output);
  }

  /** Decodes call data made for this function; the selector must match. */
  public List<Object> decodeCall(byte[] data) {
    if (data.length < 4 || !Arrays.equals(data, 0, 4, selector(), 0, 4)) {
      throw new IllegalArgumentException("call data does not start with " + signature()
          + "'s selector " + selectorHex());
    }
    return Abi.decode(inputs, Arrays.copyOfRange(data, 4, data.length));
  }
}
