package dev.zg.compute.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF version 3 file (the model format of llama.cpp): metadata key/values, then
 * F32 tensors, each aligned to {@link #ALIGNMENT} bytes. Little-endian throughout. Only what
 * zg's own models need: strings, integers, floats, booleans, arrays of those, F32 tensors.
 */
public final class GgufWriter {
  static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
  static final int VERSION = 3;
  static final int ALIGNMENT = 32;

  // Value type codes of the format.
  static final int UINT32 = 4;
  static final int INT32 = 5;
  static final int FLOAT32 = 6;
  static final int BOOL = 7;
  static final int STRING = 8;
  static final int ARRAY = 9;
  static final int TENSOR_F32 = 0;

  /** A tensor: dims with the contiguous dimension first (GGUF's ne0), row-major data. */
  public record Tensor(String name, long[] dims, float[] data) {
    public Tensor {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(name + ": " + data.length + " values for dims "
            + java.util.Arrays.toString(dims));
      }
    }
  }

  private final Map<String, Object> metadata = new LinkedHashMap<>();
  private final List<Tensor> tensors = new ArrayList<>();

  public GgufWriter put(String key, Object value) {
    if (!(value instanceof String || value instanceof Integer || value instanceof Float
        || value instanceof Boolean || value instanceof String[] || value instanceof float[]
        || value instanceof int[])) {
      throw new IllegalArgumentException("unsupported GGUF value for " + key + ": " + value);
    }
    metadata.put(key, value);
    return this;
  }

  public GgufWriter tensor(String name, long[] dims, float[] data) {
    tensors.add(new Tensor(name, dims, data));
    return this;
  }

  /** Writes to a temporary file beside {@code file} and moves it into place. */
  public void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      writeTo(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public void writeTo(OutputStream out) throws IOException {
    Counting sink = new Counting(out);
    sink.u32(MAGIC);
    sink.u32(VERSION);
    sink.u64(tensors.size());
    sink.u64(metadata.size());
    for (Map.Entry<String, Object> e : metadata.entrySet()) {
      sink.string(e.getKey());
      value(sink, e.getValue());
    }
    long offset = 0;
    for (Tensor t : tensors) {
      sink.string(t.name());
      sink.u32(t.dims().length);
      for (long d : t.dims()) {
        sink.u64(d);
      }
      sink.u32(TENSOR_F32);
      sink.u64(offset);
      offset = align(offset + 4L * t.data().length);
    }
    sink.pad();
    for (Tensor t : tensors) {
      ByteBuffer buffer = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
      buffer.asFloatBuffer().put(t.data());
      sink.bytes(buffer.array());
      sink.pad();
    }
  }

  private static void value(Counting sink, Object v) throws IOException {
    switch (v) {
      case String s -> {
        sink.u32(STRING);
        sink.string(s);
      }
      case Integer i -> {
        sink.u32(UINT32);
        sink.u32(i);
      }
      case Float f -> {
        sink.u32(FLOAT32);
        sink.u32(Float.floatToRawIntBits(f));
      }
      case Boolean b -> {
        sink.u32(BOOL);
        sink.bytes(new byte[] {(byte) (b ? 1 : 0)});
      }
      case String[] a -> {
        sink.u32(ARRAY);
        sink.u32(STRING);
        sink.u64(a.length);
        for (String s : a) {
          sink.string(s);
        }
      }
      case float[] a -> {
        sink.u32(ARRAY);
        sink.u32(FLOAT32);
        sink.u64(a.length);
        for (float f : a) {
          sink.u32(Float.floatToRawIntBits(f));
        }
      }
      case int[] a -> {
        sink.u32(ARRAY);
        sink.u32(INT32);
        sink.u64(a.length);
        for (int i : a) {
          sink.u32(i);
        }
      }
      default -> throw new IllegalArgumentException("unsupported GGUF value " + v);
    }
  }

  static long align(long n) {
    return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  /** Little-endian primitives with a running position, for the alignment padding. */
  private static final class Counting {
    private final OutputStream out;
    private final byte[] scratch = new byte[8];
    private long position;

    Counting(OutputStream out) {
      this.out = out;
    }

    void u32(int v) throws IOException {
      for (int i = 0; i < 4; i++) {
        scratch[i] = (byte) (v >>> (8 * i));
      }
      out.write(scratch, 0, 4);
      position += 4;
    }

    void u64(long v) throws IOException {
      for (int i = 0; i < 8; i++) {
        scratch[i] = (byte) (v >>> (8 * i));
      }
      out.write(scratch, 0, 8);
      position += 8;
    }

    void string(String s) throws IOException {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      u64(utf8.length);
      bytes(utf8);
    }

    void bytes(byte[] b) throws IOException {
      out.write(b);
      position += b.length;
    }

    void pad() throws IOException {
      long padded = align(position);
      while (position < padded) {
        out.write(0);
        position++;
      }
    }
  }
}
