package dev.zg.bench;

import dev.zg.common.Keccak256;
import dev.zg.storage.merkle.FileHasher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 0G file-root throughput on a 256 MiB file of random bytes (in the page cache), on 1 and 2
 * threads, beside the Keccak kernel on the same bytes in the same run:
 *
 * <ul>
 *   <li>{@code fileRoot}: {@code FileHasher.root(path)}, reading the file through FileChannel
 *       and hashing segments in parallel.
 *   <li>{@code keccakChunks}: one thread hashing the bytes in 256-byte chunks from memory, the
 *       leaf hashes alone (the kernel baseline).
 *   <li>{@code keccakTreeWork}: one thread doing every hash a file tree needs, the 256-byte
 *       leaves plus one 64-byte hash per internal node, from memory and without the tree's
 *       bookkeeping. A tree has about one internal node per leaf, each one Keccak permutation
 *       where a 256-byte leaf takes two, so this is about 1.5x the kernel's work; the
 *       difference between it and {@code fileRoot} is the Merkle layer's own overhead.
 * </ul>
 *
 * <p>Scores are operations (whole files) per second; MB/s = score * 268.435456. The ratio to
 * read is fileRoot(threads) / (threads * keccakChunks).
 *
 * <p>Run: {@code java -jar zg-bench/target/benchmarks.jar FileRootBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 6)
@Measurement(iterations = 4, time = 8)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class FileRootBenchmark {
  static final int FILE_BYTES = 256 << 20;

  /** The file on disk and the same bytes in memory. */
  @State(Scope.Benchmark)
  public static class Data {
    Path file;
    byte[] bytes;

    @Setup
    public void setUp() throws IOException {
      bytes = new byte[FILE_BYTES];
      new SplittableRandom(256).nextBytes(bytes);
      file = Files.createTempFile("zg-file-root-", ".bin");
      Files.write(file, bytes);
    }

    @TearDown
    public void tearDown() throws IOException {
      Files.deleteIfExists(file);
    }
  }

  /** Kept apart from {@link Data} so that the kernel baselines run once, not per thread count. */
  @State(Scope.Benchmark)
  public static class Threads {
    @Param({"1", "2"})
    public int threads;

    FileHasher hasher;

    @Setup
    public void setUp() {
      hasher = new FileHasher(threads);
    }
  }

  @Benchmark
  public Object fileRoot(Data data, Threads threads) throws IOException {
    return threads.hasher.root(data.file);
  }

  @Benchmark
  public byte[] keccakChunks(Data data) {
    byte[] out = new byte[32];
    byte[] bytes = data.bytes;
    for (int offset = 0; offset < bytes.length; offset += 256) {
      Keccak256.hash(bytes, offset, 256, out, 0);
    }
    return out;
  }

  @Benchmark
  public byte[] keccakTreeWork(Data data) {
    byte[] leaves = new byte[32 * 1024];
    byte[] out = new byte[32];
    for (int segment = 0; segment < data.bytes.length; segment += 256 * 1024) {
      segmentHashes(data.bytes, segment, leaves, out);
    }
    return out;
  }

  /**
   * A segment's hashes: 1024 leaves, then 1023 pair hashes. A method of its own so that the
   * JIT compiles it as it does the real per-segment code, not as one on-stack-replaced loop.
   */
  private static void segmentHashes(byte[] bytes, int segment, byte[] leaves, byte[] out) {
    for (int i = 0; i < 1024; i++) {
      Keccak256.hash(bytes, segment + 256 * i, 256, leaves, 32 * i);
    }
    for (int i = 0; i < 1023; i++) {
      Keccak256.hash(leaves, 64 * (i & 511), 64, out, 0);
    }
  }
}
