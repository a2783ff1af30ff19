package dev.zg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** A one-line progress bar on stderr: bytes done of a total, rate, redrawn at most 5 times/s. */
final class ProgressBar implements LongConsumer {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final String label;
  private final long total;
  private final long started = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private long lastDraw;

  ProgressBar(PrintWriter err, String label, long total) {
    this.err = err;
    this.label = label;
    this.total = Math.max(1, total);
  }

  @Override
  public void accept(long bytes) {
    long now = done.addAndGet(bytes);
    long t = System.nanoTime();
    synchronized (this) {
      if (now < total && t - lastDraw < REDRAW_NANOS) {
        return;
      }
      lastDraw = t;
      draw(now, t);
    }
  }

  /** Ends the line (the bar stays as the last state). */
  synchronized void finish() {
    draw(done.get(), System.nanoTime());
    err.println();
    err.flush();
  }

  private void draw(long now, long t) {
    int filled = (int) Math.min(WIDTH, now * WIDTH / total);
    double seconds = Math.max(1e-3, (t - started) / 1e9);
    err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %s / %s  %.1f MB/s", label,
        "#".repeat(filled), " ".repeat(WIDTH - filled), now * 100 / total, size(now),
        size(total), now / seconds / 1e6));
    err.flush();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1L << 30) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.2f GiB", bytes / 1073741824.0);
  }
}
