package dev.zg.contracts.abi;

import dev.zg.contracts.abi.AbiType.AddressType;
import dev.zg.contracts.abi.AbiType.Array;
import dev.zg.contracts.abi.AbiType.Bool;
import dev.zg.contracts.abi.AbiType.DynamicBytes;
import dev.zg.contracts.abi.AbiType.FixedBytes;
import dev.zg.contracts.abi.AbiType.Int;
import dev.zg.contracts.abi.AbiType.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Recursive descent over the type grammar, bounded by {@link AbiType#DEPTH_MAX}. */
final class AbiTypeParser {
  final String text;
  int pos;

  AbiTypeParser(String text) {
    this.text = text;
  }

  AbiType type(int depth) {
    if (depth > AbiType.DEPTH_MAX) {
      throw error("types nested deeper than " + AbiType.DEPTH_MAX);
    }
    AbiType base = pos < text.length() && text.charAt(pos) == '(' ? tuple(depth) : elementary();
    while (pos < text.length() && text.charAt(pos) == '[') {
      int close = text.indexOf(']', pos);
      if (close < 0) {
        throw error("unclosed '['");
      }
      String size = text.substring(pos + 1, close);
      int length;
      try {
        length = size.isEmpty() ? -1 : Integer.parseInt(size);
      } catch (NumberFormatException e) {
        throw error("bad array size '" + size + "'");
      }
      if (length == 0 || length > 1 << 16) {
        throw error("array size out of 1..65536: " + size);
      }
      base = new Array(base, length);
      pos = close + 1;
    }
    return base;
  }

  private AbiType tuple(int depth) {
    pos++; // '('
    List<AbiType> parts = new ArrayList<>();
    if (pos < text.length() && text.charAt(pos) == ')') {
      pos++;
      return new Tuple(parts);
    }
    while (true) {
      parts.add(type(depth + 1));
      if (pos >= text.length()) {
        throw error("unclosed '('");
      }
      char c = text.charAt(pos++);
      if (c == ')') {
        return new Tuple(parts);
      }
      if (c != ',') {
        throw error("expected ',' or ')'");
      }
    }
  }

  private AbiType elementary() {
    int start = pos;
    while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
      pos++;
    }
    String name = text.substring(start, pos);
    try {
      return switch (name) {
        case "address" -> new AddressType();
        case "bool" -> new Bool();
        case "bytes" -> new DynamicBytes(false);
        case "string" -> new DynamicBytes(true);
        case "uint" -> new Int(256, false);
        case "int" -> new Int(256, true);
        default -> {
          if (name.startsWith("uint")) {
            yield new Int(Integer.parseInt(name.substring(4)), false);
          } else if (name.startsWith("int")) {
            yield new Int(Integer.parseInt(name.substring(3)), true);
          } else if (name.startsWith("bytes")) {
            yield new FixedBytes(Integer.parseInt(name.substring(5)));
          }
          throw error(name.isEmpty() ? "expected a type" : "unknown type '" + name + "'");
        }
      };
    } catch (NumberFormatException e) {
      throw error("unknown type '" + name + "'");
    }
  }

  IllegalArgumentException error(String message) {
    return new IllegalArgumentException("ABI type '" + text + "' at " + pos + ": " + message);
  }
}
