package dev.zg.bench;

import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.trie.NodeStore;
import dev.zg.state.trie.SecureTrie;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The world-state trie at scale: 1,000,000 random accounts (20-byte addresses hashed into a
 * secure trie, values the RLP of [nonce, balance, storageRoot, codeHash]). Each benchmark is
 * one shot over all accounts: {@code insert} (puts only), {@code root} (hashing a freshly
 * filled trie), and on RocksDB {@code insertRootCommit} (puts, root, and writing every node
 * in one batch). Inserts per second = 1,000,000 / score.
 *
 * <p>Run: {@code java -Xmx8g -jar zg-bench/target/benchmarks.jar TrieBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class TrieBenchmark {
  static final int ACCOUNTS = 1_000_000;

  /** Keys and values generated once per fork. */
  @State(Scope.Benchmark)
  public static class Accounts {
    byte[][] addresses;
    byte[][] values;

    @Setup(Level.Trial)
    public void generate() {
      SplittableRandom random = new SplittableRandom(7);
      addresses = new byte[ACCOUNTS][];
      values = new byte[ACCOUNTS][];
      byte[] balance = new byte[12];
      for (int i = 0; i < ACCOUNTS; i++) {
        addresses[i] = new byte[20];
        random.nextBytes(addresses[i]);
        random.nextBytes(balance);
        balance[0] |= 1;
        values[i] = new RlpWriter(80).startList()
            .writeLong(random.nextInt(1000))
            .writeBytes(balance)
            .writeBytes(Hash.EMPTY_TRIE_ROOT.bytesUnsafe())
            .writeBytes(Hash.EMPTY_KECCAK.bytesUnsafe())
            .endList().toByteArray();
      }
    }

    SecureTrie fill(SecureTrie trie) {
      for (int i = 0; i < ACCOUNTS; i++) {
        trie.put(addresses[i], values[i]);
      }
      return trie;
    }
  }

  @State(Scope.Thread)
  public static class EmptyTrie {
    SecureTrie trie;

    @Setup(Level.Invocation)
    public void create() {
      trie = SecureTrie.inMemory();
    }
  }

  @State(Scope.Thread)
  public static class FilledTrie {
    SecureTrie trie;

    @Setup(Level.Invocation)
    public void fill(Accounts accounts) {
      trie = accounts.fill(SecureTrie.inMemory());
    }
  }

  @State(Scope.Thread)
  public static class RocksTrie {
    Path folder;
    RocksKeyValueStore store;
    SecureTrie trie;

    @Setup(Level.Invocation)
    public void open() throws IOException {
      folder = Files.createTempDirectory("zg-trie-bench");
      store = RocksKeyValueStore.open(folder, NodeStore.COLUMN);
      trie = SecureTrie.empty(new NodeStore(store));
    }

    @TearDown(Level.Invocation)
    public void close() {
      store.close();
      try (Stream<Path> files = Files.walk(folder)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Benchmark
  public SecureTrie insert(Accounts accounts, EmptyTrie empty) {
    return accounts.fill(empty.trie);
  }

  @Benchmark
  public Hash root(FilledTrie filled) {
    return filled.trie.rootHash();
  }

  @Benchmark
  public Hash insertRootCommit(Accounts accounts, RocksTrie rocks) {
    return accounts.fill(rocks.trie).commit();
  }
}
