package dev.zg.common;

import java.util.Arrays;

/** A 32-byte hash (block, transaction, state root, storage key). Immutable. */
public final class Hash implements Comparable<Hash> {
  public static final int LENGTH = 32;
  public static final Hash ZERO = new Hash(new byte[LENGTH]);
  /** Keccak-256 of the empty string. */
  public static final Hash EMPTY_KECCAK = new Hash(Keccak256.hash(Bytes.EMPTY));
  /** Root of the empty Merkle Patricia Trie: Keccak-256 of RLP("") = keccak(0x80). */
  public static final Hash EMPTY_TRIE_ROOT = new Hash(Keccak256.hash(new byte[] {(byte) 0x80}));
  /** Keccak-256 of the RLP empty list, the hash of an empty ommers list. */
  public static final Hash EMPTY_LIST_HASH = new Hash(Keccak256.hash(new byte[] {(byte) 0xc0}));

  private final byte[] bytes;
  private final int hash;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Wraps a copy of 32 bytes. */
  public static Hash wrap(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** Takes ownership of 32 bytes the caller will not touch again (no copy). */
  public static Hash adopt(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
    }
    return new Hash(bytes);
  }

  public static Hash fromHex(String text) {
    byte[] b = Hex.decode(text);
    if (b.length != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes (64 hex digits), got " + b.length + ": " + text);
    }
    return new Hash(b);
  }

  /** Keccak-256 of {@code data} as a Hash. */
  public static Hash keccak(byte[] data) {
    return new Hash(Keccak256.hash(data));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The 32 bytes without copying; callers must not modify them. */
  public byte[] bytesUnsafe() {
    return bytes;
  }

  public String toHex() {
    return Hex.prefixed(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && hash == h.hash && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
