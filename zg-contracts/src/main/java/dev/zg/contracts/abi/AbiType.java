package dev.zg.contracts.abi;

import java.util.List;

/**
 * A Solidity ABI type in its canonical spelling ({@code uint256}, {@code bytes32[]},
 * {@code (bytes32,uint256)[]}). Java values: {@link java.math.BigInteger} for integers,
 * {@link dev.zg.common.Address}, {@link Boolean}, {@code byte[]} for {@code bytes} and
 * {@code bytesN}, {@link String}, and {@link List} for arrays and tuples.
 */
public sealed interface AbiType {
  /** Nesting deeper than this is refused when parsing (no real contract comes close). */
  int DEPTH_MAX = 16;

  /** The canonical spelling, as it appears in signatures. */
  String canonical();

  /** True when the encoding has a variable size and so sits in the tail behind an offset. */
  boolean dynamic();

  /** Bytes the value takes in the head: 32 for dynamic types, the full size otherwise. */
  int headBytes();

  /** {@code uintN} / {@code intN} with N a multiple of 8 up to 256. */
  record Int(int bits, boolean signed) implements AbiType {
    public Int {
      if (bits < 8 || bits > 256 || bits % 8 != 0) {
        throw new IllegalArgumentException("integer width must be 8..256 in steps of 8: " + bits);
      }
    }

    @Override
    public String canonical() {
      return (signed ? "int" : "uint") + bits;
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int headBytes() {
      return 32;
    }
  }

  /** {@code address}. */
  record AddressType() implements AbiType {
    @Override
    public String canonical() {
      return "address";
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int headBytes() {
      return 32;
    }
  }

  /** {@code bool}. */
  record Bool() implements AbiType {
    @Override
    public String canonical() {
      return "bool";
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int headBytes() {
      return 32;
    }
  }

  /** {@code bytes1} .. {@code bytes32}. */
  record FixedBytes(int length) implements AbiType {
    public FixedBytes {
      if (length < 1 || length > 32) {
        throw new IllegalArgumentException("bytesN needs N in 1..32: " + length);
      }
    }

    @Override
    public String canonical() {
      return "bytes" + length;
    }

    @Override
    public boolean dynamic() {
      return false;
    }

    @Override
    public int headBytes() {
      return 32;
    }
  }

  /** {@code bytes} (as {@code byte[]}) or {@code string} (as UTF-8 {@link String}). */
  record DynamicBytes(boolean string) implements AbiType {
    @Override
    public String canonical() {
      return string ? "string" : "bytes";
    }

    @Override
    public boolean dynamic() {
      return true;
    }

    @Override
    public int headBytes() {
      return 32;
    }
  }

  /** {@code T[]} ({@code length} = -1) or {@code T[k]}. */
  record Array(AbiType element, int length) implements AbiType {
    public Array {
      if (length < -1) {
        throw new IllegalArgumentException("negative array length: " + length);
      }
    }

    @Override
    public String canonical() {
      return element.canonical() + "[" + (length < 0 ? "" : Integer.toString(length)) + "]";
    }

    @Override
    public boolean dynamic() {
      return length < 0 || element.dynamic();
    }

    @Override
    public int headBytes() {
      return dynamic() ? 32 : length * element.headBytes();
    }
  }

  /** {@code (T1,T2,...)}. */
  record Tuple(List<AbiType> components) implements AbiType {
    public Tuple {
      components = List.copyOf(components);
    }

    @Override
    public String canonical() {
      StringBuilder s = new StringBuilder("(");
      for (int i = 0; i < components.size(); i++) {
        s.append(i == 0 ? "" : ",").append(components.get(i).canonical());
      }
      return s.append(')').toString();
    }

    @Override
    public boolean dynamic() {
      return components.stream().anyMatch(AbiType::dynamic);
    }

    @Override
    public int headBytes() {
      if (dynamic()) {
        return 32;
      }
      int total = 0;
      for (AbiType c : components) {
        total += c.headBytes();
      }
      return total;
    }
  }

  /** Parses a canonical type; {@code uint} and {@code int} mean their 256-bit forms. */
  static AbiType parse(String text) {
    AbiTypeParser p = new AbiTypeParser(text.strip());
    AbiType type = p.type(0);
    if (p.pos != p.text.length()) {
      throw p.error("unexpected '" + p.text.charAt(p.pos) + "'");
    }
    return type;
  }

  /** Parses a comma-separated list, as in a signature's parentheses. */
  static List<AbiType> parseList(String text) {
    return ((Tuple) parse("(" + text + ")")).components();
  }
}
