package dev.zg.bench;

import dev.zg.common.Keccak256;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.KeccakDigest;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Keccak-256 throughput of zg's implementation and of BouncyCastle's {@code KeccakDigest} in the
 * same run, one input per call (a fresh digest per call for both, as hashing call sites do).
 * Scores are operations per second; MB/s = score * size / 10^6.
 *
 * <p>Run: {@code java -jar zg-bench/target/benchmarks.jar Keccak256Benchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Keccak256Benchmark {
  @Param({"32", "64", "256", "1048576"})
  public int size;

  private byte[] data;
  private final byte[] out = new byte[32];

  @Setup
  public void setUp() {
    data = new byte[size];
    new SplittableRandom(42).nextBytes(data);
  }

  @Benchmark
  public byte[] zg() {
    Keccak256.hash(data, 0, data.length, out, 0);
    return out;
  }

  @Benchmark
  public byte[] bouncyCastle() {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, 0, data.length);
    digest.doFinal(out, 0);
    return out;
  }
}
