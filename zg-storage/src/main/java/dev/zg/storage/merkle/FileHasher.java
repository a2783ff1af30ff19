package dev.zg.storage.merkle;

import dev.zg.common.Hash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Computes 0G file roots, submissions and trees by streaming a file once, hashing its
 * segments on up to {@code threads} cores. Memory is a few segment buffers per thread, never
 * the file: a root or a submission needs constant memory, a {@link FileMerkleTree} 32 bytes
 * per segment. Instances hold only the thread count and are safe to share.
 *
 * <pre>{@code
 * FileHasher hasher = FileHasher.usingAllCores();
 * Hash root = hasher.root(Path.of("model.bin"));         // what the SDK's rootHash() gives
 * Submission s = hasher.submission(Path.of("model.bin")); // what Flow.submit takes
 * FileMerkleTree tree = hasher.tree(Path.of("model.bin")); // segment proofs for an upload
 * }</pre>
 */
public final class FileHasher {
  private final int threads;

  public FileHasher(int threads) {
    if (threads < 1 || threads > StorageSpec.THREADS_MAX) {
      throw new IllegalArgumentException(
          "hashing threads must be 1.." + StorageSpec.THREADS_MAX + ", got " + threads);
    }
    this.threads = threads;
  }

  /** One thread per available processor (at most {@link StorageSpec#THREADS_MAX}). */
  public static FileHasher usingAllCores() {
    return new FileHasher(
        Math.min(StorageSpec.THREADS_MAX, Runtime.getRuntime().availableProcessors()));
  }

  public int threads() {
    return threads;
  }

  /** The file root of a regular file (not empty, at most 1 PiB). */
  public Hash root(Path file) throws IOException {
    return submission(file).root();
  }

  /** The file root of bytes in memory (not empty). */
  public Hash root(byte[] data) {
    return submission(data).root();
  }

  /** The submission for bytes in memory (not empty). */
  public Submission submission(byte[] data) {
    try {
      return submission(new ByteArrayInputStream(data), data.length);
    } catch (IOException e) {
      throw new IllegalStateException("reading memory cannot fail", e);
    }
  }

  public Submission submission(Path file) throws IOException {
    try (FileChannel channel = open(file)) {
      return submission(channel);
    }
  }

  /** Hashes the channel's first {@code size()} bytes with positional reads. */
  public Submission submission(FileChannel channel) throws IOException {
    FileLayout layout = FileLayout.of(channel.size());
    return new SegmentPass(layout, new SegmentSource.Channel(channel), threads, null).run();
  }

  /** Hashes a stream that must hold exactly {@code sizeBytes} bytes (the padding needs it). */
  public Submission submission(InputStream in, long sizeBytes) throws IOException {
    FileLayout layout = FileLayout.of(sizeBytes);
    return new SegmentPass(layout, new SegmentSource.Stream(in), threads, null).run();
  }

  public FileMerkleTree tree(Path file) throws IOException {
    try (FileChannel channel = open(file)) {
      return tree(channel);
    }
  }

  public FileMerkleTree tree(FileChannel channel) throws IOException {
    FileLayout layout = FileLayout.of(channel.size());
    return tree(layout, new SegmentSource.Channel(channel));
  }

  public FileMerkleTree tree(InputStream in, long sizeBytes) throws IOException {
    return tree(FileLayout.of(sizeBytes), new SegmentSource.Stream(in));
  }

  private FileMerkleTree tree(FileLayout layout, SegmentSource source) throws IOException {
    if (layout.segments() > StorageSpec.TREE_SEGMENTS_MAX) {
      throw new IllegalArgumentException("a file of " + layout.sizeBytes() + " bytes has "
          + layout.segments() + " segments, more than a tree keeps in memory ("
          + StorageSpec.TREE_SEGMENTS_MAX + "); split it into fragments");
    }
    byte[] roots = new byte[(int) layout.segments() * 32];
    Submission submission = new SegmentPass(layout, source, threads, roots).run();
    return new FileMerkleTree(layout, MerkleTree.ofPacked(roots, (int) layout.segments()),
        submission);
  }

  private static FileChannel open(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + " is a folder, not a file");
    }
    return FileChannel.open(file, StandardOpenOption.READ);
  }
}
