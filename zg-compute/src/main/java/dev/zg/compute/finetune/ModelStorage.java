package dev.zg.compute.finetune;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where datasets come from and encrypted models go: 0G Storage in production
 * ({@link ZgModelStorage}). Roots are 0x-prefixed hex.
 */
public interface ModelStorage {
  /** Downloads the file of {@code root} into {@code out}; fails when it is larger than {@code maxBytes}. */
  void download(String root, Path out, long maxBytes) throws IOException;

  /** The size of the file of {@code root}, or -1 when no storage node knows it. */
  long size(String root) throws IOException;

  /** Uploads {@code file} and returns its root once the storage nodes hold it. */
  String upload(Path file) throws IOException;
}
