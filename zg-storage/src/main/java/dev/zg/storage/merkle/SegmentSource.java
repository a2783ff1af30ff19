package dev.zg.storage.merkle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Where segment bytes come from: a file read at any position, or a stream read in order. */
interface SegmentSource {
  /** True when reads must come one at a time in increasing segment order. */
  boolean sequential();

  /** Reads the {@code length} file bytes of segment {@code index} into {@code buffer}. */
  void read(long index, byte[] buffer, int length) throws IOException;

  /** Called once after the last segment: fails if the source no longer has the size it had. */
  void finish(long sizeBytes) throws IOException;

  /** Positional reads ({@link FileChannel#read(ByteBuffer, long)}): safe from many threads. */
  record Channel(FileChannel channel) implements SegmentSource {
    @Override
    public boolean sequential() {
      return false;
    }

    @Override
    public void read(long index, byte[] buffer, int length) throws IOException {
      ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
      long position = index * StorageSpec.SEGMENT_BYTES;
      while (target.hasRemaining()) {
        int n = channel.read(target, position + target.position());
        if (n < 0) {
          throw new EOFException("the file ended at byte " + (position + target.position())
              + " while it was being hashed (it shrank)");
        }
      }
    }

    @Override
    public void finish(long sizeBytes) throws IOException {
      long now = channel.size();
      if (now != sizeBytes) {
        throw new IOException("the file changed size while it was being hashed ("
            + sizeBytes + " bytes before, " + now + " after)");
      }
    }
  }

  /** A stream of exactly the announced size, read in order. */
  record Stream(InputStream in) implements SegmentSource {
    @Override
    public boolean sequential() {
      return true;
    }

    @Override
    public void read(long index, byte[] buffer, int length) throws IOException {
      int n = in.readNBytes(buffer, 0, length);
      if (n != length) {
        throw new EOFException("the stream ended in segment " + index
            + ", before the size it was announced with");
      }
    }

    @Override
    public void finish(long sizeBytes) throws IOException {
      if (in.read() >= 0) {
        throw new IOException("the stream is longer than the announced " + sizeBytes + " bytes");
      }
    }
  }
}
