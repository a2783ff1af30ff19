package dev.zg.compute.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the F32 tensors and scalar metadata of a GGUF v3 file such as {@link GgufWriter}
 * writes; fine-tuning starts from a base model's weights. Other tensor types are refused.
 */
public final class GgufTensors {
  private static final long FILE_BYTES_MAX = 1L << 31;

  private final Map<String, Object> metadata;
  private final Map<String, float[]> tensors;

  private GgufTensors(Map<String, Object> metadata, Map<String, float[]> tensors) {
    this.metadata = metadata;
    this.tensors = tensors;
  }

  public Object metadata(String key) {
    return metadata.get(key);
  }

  public float[] tensor(String name) {
    float[] t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("the model has no tensor " + name);
    }
    return t;
  }

  public static GgufTensors read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > FILE_BYTES_MAX) {
        throw new IllegalArgumentException(file + " is larger than zg reads for fine-tuning");
      }
      ByteBuffer b = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining() && channel.read(b) >= 0) {
        // fill
      }
      b.flip();
      return parse(b, file);
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(file + " is not a complete GGUF file", e);
    }
  }

  private static GgufTensors parse(ByteBuffer b, Path file) {
    if (b.getInt() != GgufWriter.MAGIC || b.getInt() != GgufWriter.VERSION) {
      throw new IllegalArgumentException(file + " is not a GGUF version 3 file");
    }
    long tensorCount = b.getLong();
    long kvCount = b.getLong();
    if (tensorCount < 0 || tensorCount > 10_000 || kvCount < 0 || kvCount > 10_000) {
      throw new IllegalArgumentException(file + ": implausible GGUF counts");
    }
    Map<String, Object> metadata = new HashMap<>();
    for (long i = 0; i < kvCount; i++) {
      String key = string(b);
      metadata.put(key, value(b, b.getInt()));
    }
    record Info(long[] dims, long offset) {}
    Map<String, Info> infos = new HashMap<>();
    for (long i = 0; i < tensorCount; i++) {
      String name = string(b);
      int nDims = b.getInt();
      if (nDims < 1 || nDims > 4) {
        throw new IllegalArgumentException(file + ": tensor " + name + " has " + nDims + " dims");
      }
      long[] dims = new long[nDims];
      for (int d = 0; d < nDims; d++) {
        dims[d] = b.getLong();
      }
      int type = b.getInt();
      if (type != GgufWriter.TENSOR_F32) {
        throw new IllegalArgumentException(file + ": tensor " + name + " is not F32");
      }
      infos.put(name, new Info(dims, b.getLong()));
    }
    long dataStart = GgufWriter.align(b.position());
    Map<String, float[]> tensors = new HashMap<>();
    for (Map.Entry<String, Info> e : infos.entrySet()) {
      long n = 1;
      for (long d : e.getValue().dims()) {
        n *= d;
      }
      if (n > Integer.MAX_VALUE / 4) {
        throw new IllegalArgumentException(file + ": tensor " + e.getKey() + " is too large");
      }
      float[] data = new float[(int) n];
      b.slice(Math.toIntExact(dataStart + e.getValue().offset()), data.length * 4)
          .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      tensors.put(e.getKey(), data);
    }
    return new GgufTensors(metadata, tensors);
  }

  private static String string(ByteBuffer b) {
    long n = b.getLong();
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("GGUF string length " + n + " out of range");
    }
    byte[] bytes = new byte[(int) n];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Reads one value; arrays are skipped (returned as null) since fine-tuning needs none. */
  private static Object value(ByteBuffer b, int type) {
    return switch (type) {
      case 0, 1 -> b.get();
      case 2, 3 -> b.getShort();
      case GgufWriter.UINT32, GgufWriter.INT32 -> b.getInt();
      case GgufWriter.FLOAT32 -> b.getFloat();
      case GgufWriter.BOOL -> b.get() != 0;
      case GgufWriter.STRING -> string(b);
      case GgufWriter.ARRAY -> {
        int elementType = b.getInt();
        long count = b.getLong();
        if (count < 0 || count > b.remaining()) {
          throw new IllegalArgumentException("GGUF array length " + count + " out of range");
        }
        for (long i = 0; i < count; i++) {
          value(b, elementType);
        }
        yield null;
      }
      case 10, 11 -> b.getLong();
      case 12 -> b.getDouble();
      default -> throw new IllegalArgumentException("unknown GGUF value type " + type);
    };
  }
}
