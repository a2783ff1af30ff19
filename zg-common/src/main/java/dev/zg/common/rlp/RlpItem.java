package dev.zg.common.rlp;

import dev.zg.common.Hex;
import java.util.Arrays;
import java.util.List;

/** A decoded RLP value: a byte string or a list of items. */
public sealed interface RlpItem permits RlpItem.RlpString, RlpItem.RlpList {

  /** A byte string. The array is owned by the item; callers must not change it. */
  record RlpString(byte[] value) implements RlpItem {
    @Override
    public boolean equals(Object o) {
      return o instanceof RlpString s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return Hex.prefixed(value);
    }
  }

  /** A list of items. */
  record RlpList(List<RlpItem> items) implements RlpItem {
    public RlpList {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return items.toString();
    }
  }

  static RlpItem string(byte[] value) {
    return new RlpString(value);
  }

  static RlpItem list(RlpItem... items) {
    return new RlpList(List.of(items));
  }

  static RlpItem list(List<RlpItem> items) {
    return new RlpList(items);
  }

  /** The byte string, or an error naming what was found. */
  default byte[] asBytes() {
    if (this instanceof RlpString s) {
      return s.value();
    }
    throw new RlpException("expected an RLP string, found a list");
  }

  /** The list elements, or an error naming what was found. */
  default List<RlpItem> asList() {
    if (this instanceof RlpList l) {
      return l.items();
    }
    throw new RlpException("expected an RLP list, found a string");
  }

  /** The canonical encoding of this item. */
  default byte[] encode() {
    RlpWriter writer = new RlpWriter();
    writer.writeItem(this);
    return writer.toByteArray();
  }
}
