package dev.zg.state.kv;

/** How far a write must reach before {@link WriteBatch#commit} returns. */
public enum Durability {
  /**
   * Appended to the write-ahead log in the operating system's buffers. Survives the process
   * being killed (kill -9), but not an OS crash or power cut. The default.
   */
  WAL,
  /** The write-ahead log is fsynced as well: survives an OS crash or power cut. Slower. */
  FSYNC
}
