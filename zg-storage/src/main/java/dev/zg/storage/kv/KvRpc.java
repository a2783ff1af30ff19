package dev.zg.storage.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.rpc.RpcException;
import dev.zg.rpc.RpcParams;
import dev.zg.rpc.RpcServer;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The {@code kv_*} read methods of 0G's KV node (spec/sdk-compat.md A4): keys in base64,
 * stream ids as 0x-hex, a value read as the slice {@code [start, start + len)} of the value
 * with its full {@code size} (clients page through large values), and an optional trailing
 * {@code version} (a tx seq; the state after that entry) on every read.
 */
public final class KvRpc {
  /** The largest slice one call returns; 0G's clients ask 256 KiB at a time. */
  public static final int QUERY_BYTES_MAX = 1 << 20;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final KvStore store;

  public KvRpc(KvStore store) {
    this.store = store;
  }

  public RpcServer registerOn(RpcServer server) {
    return server
        .register("kv_getValue", (p, c) -> {
          p.atMost(5);
          Hash stream = stream(p, 0);
          byte[] key = key(p, 1);
          return store.get(stream, key, version(p, 4))
              .map(v -> value(v, count(p, 2, "start"), len(p, 3), false)).orElse(null);
        })
        .register("kv_getNext", (p, c) -> neighbour(p, true))
        .register("kv_getPrev", (p, c) -> neighbour(p, false))
        .register("kv_getFirst", (p, c) -> {
          p.atMost(4);
          return store.next(stream(p, 0), null, true, version(p, 3))
              .map(v -> value(v, count(p, 1, "start"), len(p, 2), true)).orElse(null);
        })
        .register("kv_getLast", (p, c) -> {
          p.atMost(4);
          return store.prev(stream(p, 0), null, true, version(p, 3))
              .map(v -> value(v, count(p, 1, "start"), len(p, 2), true)).orElse(null);
        })
        .register("kv_getTransactionResult", (p, c) ->
            store.result(count(p.atMost(1), 0, "tx_seq")).orElse(null))
        .register("kv_getHoldingStreamIds", (p, c) -> {
          p.atMost(0);
          ArrayNode out = NODES.arrayNode();
          store.streams().forEach(h -> out.add(h.toHex()));
          return out;
        })
        .register("kv_hasWritePermission", (p, c) -> {
          p.atMost(4);
          return store.hasWritePermission(account(p, 0), stream(p, 1), key(p, 2), version(p, 3));
        })
        .register("kv_IsAdmin", (p, c) -> isAdmin(p))
        // the SDK spells it with a capital I; the lower-case name is accepted as well
        .register("kv_isAdmin", (p, c) -> isAdmin(p))
        .register("kv_isSpecialKey", (p, c) -> {
          p.atMost(3);
          return store.isSpecialKey(stream(p, 0), key(p, 1), version(p, 2));
        })
        .register("kv_isWriterOfKey", (p, c) -> {
          p.atMost(4);
          return store.isWriterOfKey(account(p, 0), stream(p, 1), key(p, 2), version(p, 3));
        })
        .register("kv_isWriterOfStream", (p, c) -> {
          p.atMost(3);
          return store.isWriterOfStream(account(p, 0), stream(p, 1), version(p, 2));
        });
  }

  private Object isAdmin(RpcParams p) {
    p.atMost(3);
    return store.isAdmin(account(p, 0), stream(p, 1), version(p, 2));
  }

  private static Address account(RpcParams p, int i) {
    JsonNode n = p.get(i);
    try {
      return Address.fromHex(n.asText());
    } catch (RuntimeException e) {
      throw invalid("account", "expected a 0x-prefixed 20-byte hex address");
    }
  }

  private Object neighbour(RpcParams p, boolean next) {
    p.atMost(6);
    Hash stream = stream(p, 0);
    byte[] key = key(p, 1);
    long start = count(p, 2, "start");
    int len = len(p, 3);
    JsonNode inc = p.get(4);
    if (inc == null || !inc.isBoolean()) {
      throw invalid("inclusive", "expected true or false");
    }
    long version = version(p, 5);
    Optional<KvStore.Versioned> v = next
        ? store.next(stream, key, inc.asBoolean(), version)
        : store.prev(stream, key, inc.asBoolean(), version);
    return v.map(x -> value(x, start, len, true)).orElse(null);
  }

  private static ObjectNode value(KvStore.Versioned v, long start, int len, boolean withKey) {
    byte[] value = v.value();
    if (start > value.length) {
      throw invalid("start", "start " + start + " is past the value's " + value.length + " bytes");
    }
    int from = (int) start;
    int to = (int) Math.min(value.length, (long) from + len);
    ObjectNode out = NODES.objectNode();
    if (withKey) {
      out.put("key", Base64.getEncoder().encodeToString(v.key()));
    }
    out.put("data", Base64.getEncoder().encodeToString(Arrays.copyOfRange(value, from, to)));
    out.put("size", value.length);
    // a JSON number as 0G sends it, without losing the unsigned top bit
    out.set("version", NODES.numberNode(new BigInteger(Long.toUnsignedString(v.version()))));
    return out;
  }

  private static Hash stream(RpcParams p, int i) {
    JsonNode n = p.get(i);
    try {
      return Hash.fromHex(n.asText());
    } catch (RuntimeException e) {
      throw invalid("stream_id", "expected a 0x-prefixed 32-byte hex stream id");
    }
  }

  private static byte[] key(RpcParams p, int i) {
    JsonNode n = p.get(i);
    if (n == null || !n.isTextual()) {
      throw invalid("key", "expected the key in base64");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(n.asText());
    } catch (IllegalArgumentException e) {
      throw invalid("key", "not base64: " + e.getMessage());
    }
    if (key.length == 0 || key.length > StreamData.MAX_KEY_BYTES) {
      throw invalid("key", "a key is 1 to " + StreamData.MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  private static int len(RpcParams p, int i) {
    long len = count(p, i, "len");
    if (len > QUERY_BYTES_MAX) {
      throw invalid("len", "at most " + QUERY_BYTES_MAX + " bytes per call, got " + len);
    }
    return (int) len;
  }

  /** The optional trailing version: absent or null means the latest state. */
  private static long version(RpcParams p, int i) {
    JsonNode n = p.get(i);
    if (n == null || n.isNull()) {
      return -1L;
    }
    BigInteger v = null;
    if (n.isIntegralNumber()) {
      v = n.bigIntegerValue();
    } else if (n.isTextual()) {
      try {
        String t = n.asText();
        v = t.startsWith("0x") ? new BigInteger(t.substring(2), 16) : new BigInteger(t);
      } catch (NumberFormatException e) {
        v = null;
      }
    }
    if (v == null || v.signum() < 0 || v.compareTo(U64_MAX) > 0) {
      throw invalid("version", "expected an unsigned 64-bit integer, got " + n);
    }
    return v.longValue();
  }

  private static long count(RpcParams p, int i, String field) {
    JsonNode n = p.get(i);
    if (n != null && n.isIntegralNumber() && n.canConvertToLong() && n.asLong() >= 0) {
      return n.asLong();
    }
    if (n != null && n.isTextual()) {
      try {
        long v = Long.parseLong(n.asText());
        if (v >= 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // the error below
      }
    }
    throw invalid(field, "expected a non-negative integer, got " + n);
  }

  private static RpcException invalid(String field, String reason) {
    return new RpcException(RpcException.INVALID_PARAMS, "Invalid params: " + field, reason);
  }
}
