package dev.zg.storage.kv;

import dev.zg.common.Address;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a KV node reads the log: the entries Flow's {@code Submit} events created (with their
 * tags) and, once finalized, their data. {@link LocalKvLog} reads a {@code LogStore} in the same
 * process; {@link ZgsKvLog} asks a storage node over {@code zgs_*}.
 */
public interface KvLog {

  /** The entry with this tx seq, or empty when the log has not reached it yet. */
  Optional<Entry> entry(long txSeq) throws IOException;

  /** The entry's whole data, or empty while it is not finalized. */
  Optional<byte[]> data(Entry entry) throws IOException;

  /** A log entry as the KV layer needs it; {@code sender} is null when the source omits it. */
  record Entry(long txSeq, byte[] tags, long sizeBytes, Address sender) {}
}
