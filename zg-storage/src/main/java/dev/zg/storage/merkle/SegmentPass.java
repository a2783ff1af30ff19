package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a file's segments that hashes them on several threads and folds their roots
 * in file order.
 *
 * <p>Design: each worker owns a {@link SegmentHasher}, claims the next segment index, reads it
 * (positional reads run in parallel; a stream is claimed and read under one lock, so in
 * order), hashes it without any lock, and hands the root back. Roots that arrive early wait
 * in a ring of {@code 2 * workers} slots; whichever worker delivers the root the fold is
 * waiting for also folds the ready ones after it, in file order. A worker does not claim a
 * segment more than the ring's length ahead of the fold, so memory stays bounded whatever
 * the file size. The calling thread is one of the workers; the others are platform threads
 * started for the pass (cheap next to hashing even one segment, and nothing outlives the
 * call).
 */
final class SegmentPass {
  private final FileLayout layout;
  private final SegmentSource source;
  private final byte[] keptRoots;
  private final int workers;
  private final int slots;
  private final byte[] ring;
  private final boolean[] ready;
  private final RootFold fold = new RootFold();
  private final List<SubmissionNode> tail = new ArrayList<>(4);
  private final Object streamLock = new Object();

  // Guarded by this.
  private long nextToClaim;
  private long nextToFold;
  private Throwable failure;

  /**
   * @param keptRoots when not null, receives every segment root (32 bytes each, in order) for
   *     a {@link FileMerkleTree}
   */
  SegmentPass(FileLayout layout, SegmentSource source, int threads, byte[] keptRoots) {
    if (keptRoots != null && keptRoots.length != layout.segments() * 32) {
      throw new IllegalArgumentException("root buffer does not fit " + layout.segments());
    }
    this.layout = layout;
    this.source = source;
    this.keptRoots = keptRoots;
    this.workers = (int) Math.min(threads, layout.segments());
    this.slots = 2 * workers;
    this.ring = new byte[slots * 32];
    this.ready = new boolean[slots];
  }

  /** Runs the pass and returns the file's submission (whose fold is the file root). */
  Submission run() throws IOException {
    List<Thread> helpers = new ArrayList<>(workers - 1);
    for (int i = 1; i < workers; i++) {
      helpers.add(Thread.ofPlatform().daemon().name("zg-merkle-" + i).start(this::work));
    }
    work();
    joinAll(helpers);
    synchronized (this) {
      if (failure != null) {
        throw rethrow(failure);
      }
      if (nextToFold != layout.segments()) {
        throw new IllegalStateException("pass ended after " + nextToFold + " segments");
      }
    }
    source.finish(layout.sizeBytes());
    return new Submission(layout.sizeBytes(), fold.nodes(tail));
  }

  private void work() {
    try {
      SegmentHasher hasher = new SegmentHasher(
          (int) Math.min(SEGMENT_CHUNKS, layout.paddedChunks()));
      byte[] root = new byte[32];
      long index;
      while ((index = claimAndRead(hasher)) >= 0) {
        int chunks = layout.segmentChunks(index);
        boolean shortLast = index == layout.segments() - 1 && chunks < SEGMENT_CHUNKS;
        List<SubmissionNode> nodes = shortLast ? new ArrayList<>(4) : null;
        hasher.root(layout.segmentDataBytes(index), chunks, root, 0, nodes);
        deliver(index, root, nodes);
      }
    } catch (Throwable e) {
      fail(e);
    }
  }

  /** Claims the next segment and reads it into the hasher; -1 when there is none left. */
  private long claimAndRead(SegmentHasher hasher) throws IOException, InterruptedException {
    if (source.sequential()) {
      // A stream hands out bytes in order, so claiming and reading must be one step.
      synchronized (streamLock) {
        return claimThenRead(hasher);
      }
    }
    return claimThenRead(hasher);
  }

  private long claimThenRead(SegmentHasher hasher) throws IOException, InterruptedException {
    long index = claim();
    if (index >= 0) {
      source.read(index, hasher.data(), layout.segmentDataBytes(index));
    }
    return index;
  }

  private synchronized long claim() throws InterruptedException {
    while (failure == null && nextToClaim < layout.segments()
        && nextToClaim - nextToFold >= slots) {
      wait();
    }
    if (failure != null || nextToClaim >= layout.segments()) {
      return -1;
    }
    return nextToClaim++;
  }

  private synchronized void deliver(long index, byte[] root, List<SubmissionNode> nodes) {
    int slot = (int) (index % slots);
    System.arraycopy(root, 0, ring, 32 * slot, 32);
    ready[slot] = true;
    if (nodes != null) {
      tail.addAll(nodes);
    }
    boolean folded = false;
    while (ready[(int) (nextToFold % slots)]) {
      int s = (int) (nextToFold % slots);
      ready[s] = false;
      if (keptRoots != null) {
        System.arraycopy(ring, 32 * s, keptRoots, (int) (32 * nextToFold), 32);
      }
      boolean shortLast = nextToFold == layout.segments() - 1
          && layout.segmentChunks(nextToFold) < SEGMENT_CHUNKS;
      if (!shortLast) {
        fold.pushSegment(ring, 32 * s);
      }
      nextToFold++;
      folded = true;
    }
    if (folded) {
      notifyAll();
    }
  }

  private synchronized void fail(Throwable e) {
    if (failure == null) {
      failure = e;
    } else if (failure != e) {
      failure.addSuppressed(e);
    }
    notifyAll();
  }

  private void joinAll(List<Thread> helpers) throws InterruptedIOException {
    boolean interrupted = false;
    for (Thread helper : helpers) {
      while (true) {
        try {
          helper.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          fail(e);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing segments");
    }
  }

  private static IOException rethrow(Throwable e) {
    if (e instanceof IOException io) {
      return io;
    }
    if (e instanceof UncheckedIOException unchecked) {
      return unchecked.getCause();
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException("interrupted while hashing segments");
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (e instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(e);
  }
}
