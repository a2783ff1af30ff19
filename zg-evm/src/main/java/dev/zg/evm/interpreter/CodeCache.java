package dev.zg.evm.interpreter;

import dev.zg.common.Hash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Analysed code (jump destinations, padding) by code hash, so hot contracts are analysed
 * once. Bounded by total code bytes, least recently used first out. Thread-safe.
 */
public final class CodeCache {
  private final long maxBytes;
  private long bytes;
  private final LinkedHashMap<Hash, CodeInfo> entries = new LinkedHashMap<>(256, 0.75f, true);

  public CodeCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The analysed code for {@code hash}, computing it from {@code code} on a miss. */
  public synchronized CodeInfo get(Hash hash, Supplier<byte[]> code) {
    CodeInfo info = entries.get(hash);
    if (info == null) {
      info = new CodeInfo(code.get());
      entries.put(hash, info);
      bytes += info.length;
      var it = entries.entrySet().iterator();
      while (bytes > maxBytes && it.hasNext()) {
        Map.Entry<Hash, CodeInfo> eldest = it.next();
        if (eldest.getValue() == info) {
          break;
        }
        bytes -= eldest.getValue().length;
        it.remove();
      }
    }
    return info;
  }
}
