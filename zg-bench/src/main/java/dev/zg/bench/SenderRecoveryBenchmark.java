package dev.zg.bench;

import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What admitting a transfer costs before the pool sees it: decoding the raw bytes, and
 * recovering the sender (signing hash, public-key recovery, address). Recovery is the floor of
 * a node's admission rate, so it is measured on both of zg's paths: libsecp256k1 through JNI
 * (the default) and BouncyCastle's curve arithmetic in Java (the fallback). Scores are
 * microseconds per operation, one thread.
 *
 * <p>Run: {@code java -jar zg-bench/target/benchmarks.jar SenderRecoveryBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SenderRecoveryBenchmark {
  private static final int TRANSFERS = 1024;
  private static final BigInteger KEY = new BigInteger(
      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16);

  private byte[][] raw;
  private byte[][] signingHashes;
  private Secp256k1.Signature[] signatures;
  private int next;

  @Setup
  public void setUp() {
    raw = new byte[TRANSFERS][];
    signingHashes = new byte[TRANSFERS][];
    signatures = new Secp256k1.Signature[TRANSFERS];
    Address to = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    for (int i = 0; i < TRANSFERS; i++) {
      Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(31337, i,
          BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(100_000_000_000L), 21_000, to,
          BigInteger.ONE, new byte[0], List.of(), Transaction.UNSIGNED), KEY);
      raw[i] = TransactionCodec.encode(tx);
      signingHashes[i] = tx.signingHash().toArray();
      signatures[i] = tx.signature();
    }
  }

  private int next() {
    int i = next;
    next = (i + 1) & (TRANSFERS - 1);
    return i;
  }

  /** Decode, signing hash and native recovery: a fresh transaction, as from the wire. */
  @Benchmark
  public Address decodeAndRecoverSender() {
    return TransactionCodec.decode(raw[next()]).sender().orElseThrow();
  }

  /** Only the decoding of the raw bytes. */
  @Benchmark
  public Transaction decodeOnly() {
    return TransactionCodec.decode(raw[next()]);
  }

  /** Public-key recovery in libsecp256k1 (JNI): the default path. */
  @Benchmark
  public byte[] recoverNative() {
    int i = next();
    return Secp256k1.recoverPublicKey(signingHashes[i], signatures[i]);
  }

  /** Public-key recovery in Java (BouncyCastle's curve with GLV): the fallback path. */
  @Benchmark
  public byte[] recoverJava() {
    int i = next();
    return Secp256k1.recoverInJava(signingHashes[i], signatures[i]);
  }
}
