package dev.zg.storage.kv;

import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.StoredSegment;
import java.io.IOException;
import java.util.Optional;

/** The log of a storage node in the same process (it must keep every segment: shard 0/1). */
public final class LocalKvLog implements KvLog {
  private final LogStore store;

  public LocalKvLog(LogStore store) {
    if (store.shard().numShard() != 1) {
      throw new IllegalArgumentException(
          "a KV node needs every segment; the local log keeps shard " + store.shard());
    }
    this.store = store;
  }

  @Override
  public Optional<Entry> entry(long txSeq) {
    return store.entry(txSeq).map(e -> new Entry(e.txSeq(), e.tags(), e.sizeBytes(), e.sender()));
  }

  @Override
  public Optional<byte[]> data(Entry entry) throws IOException {
    if (!store.progress(entry.txSeq()).finalized()) {
      return Optional.empty();
    }
    LogEntry e = store.entry(entry.txSeq()).orElseThrow();
    byte[] out = new byte[Math.toIntExact(e.sizeBytes())];
    int offset = 0;
    for (long i = 0; i < e.dataSegments() && offset < out.length; i++) {
      Optional<StoredSegment> seg = store.segment(e.txSeq(), i);
      if (seg.isEmpty()) {
        return Optional.empty(); // dropped as corrupt: it will be fetched again
      }
      byte[] data = seg.get().dataUnsafe();
      int n = Math.min(data.length, out.length - offset);
      System.arraycopy(data, 0, out, offset, n);
      offset += n;
    }
    return Optional.of(out);
  }
}
