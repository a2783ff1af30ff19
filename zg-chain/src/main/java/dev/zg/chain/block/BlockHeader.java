package dev.zg.chain.block;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.rlp.RlpWriter;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block header with every field Cancun has, in Ethereum's order (Yellow Paper 4.3 plus
 * EIP-1559 baseFeePerGas, EIP-4895 withdrawalsRoot, EIP-4844 blobGasUsed and excessBlobGas,
 * EIP-4788 parentBeaconBlockRoot). The hash, Keccak-256 of the RLP, is computed once.
 *
 * <p>Since the merge (EIP-3675) difficulty is 0, the nonce 0 and the ommers hash that of the
 * empty list; mixHash carries prevRandao. Integers are unsigned and at most 2^63 - 1 here
 * (uint64 on the wire; larger values are rejected), difficulty and base fee at most 256 bits.
 *
 * <p>{@code memo} is a private cache; pass null (the canonical constructor replaces it), or
 * use {@link #builder()}.
 */
public record BlockHeader(
    Hash parentHash,
    Hash ommersHash,
    Address coinbase,
    Hash stateRoot,
    Hash transactionsRoot,
    Hash receiptsRoot,
    LogsBloom logsBloom,
    BigInteger difficulty,
    long number,
    long gasLimit,
    long gasUsed,
    long timestamp,
    byte[] extraData,
    Hash mixHash,
    long nonce,
    BigInteger baseFeePerGas,
    Hash withdrawalsRoot,
    long blobGasUsed,
    long excessBlobGas,
    Hash parentBeaconBlockRoot,
    HeaderMemo memo) {

  /** Yellow Paper: extraData is at most 32 bytes. */
  public static final int EXTRA_DATA_BYTES_MAX = 32;
  /** Number of RLP fields of a Cancun header. */
  public static final int FIELDS = 20;

  public BlockHeader {
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(ommersHash, "ommersHash");
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(transactionsRoot, "transactionsRoot");
    Objects.requireNonNull(receiptsRoot, "receiptsRoot");
    Objects.requireNonNull(logsBloom, "logsBloom");
    Objects.requireNonNull(mixHash, "mixHash");
    Objects.requireNonNull(withdrawalsRoot, "withdrawalsRoot");
    Objects.requireNonNull(parentBeaconBlockRoot, "parentBeaconBlockRoot");
    difficulty = uint256(difficulty, "difficulty");
    baseFeePerGas = uint256(baseFeePerGas, "baseFeePerGas");
    nonNegative(number, "number");
    nonNegative(gasLimit, "gasLimit");
    nonNegative(gasUsed, "gasUsed");
    nonNegative(timestamp, "timestamp");
    nonNegative(blobGasUsed, "blobGasUsed");
    nonNegative(excessBlobGas, "excessBlobGas");
    if (extraData.length > EXTRA_DATA_BYTES_MAX) {
      throw new IllegalArgumentException("extraData is at most " + EXTRA_DATA_BYTES_MAX
          + " bytes, got " + extraData.length);
    }
    extraData = extraData.clone();
    memo = new HeaderMemo();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this header's fields. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Keccak-256 of the RLP encoding: the block's identity. Cached. */
  public Hash hash() {
    return memo.hash(this);
  }

  @Override
  public byte[] extraData() {
    return extraData.clone();
  }

  /** The RLP list of the 20 fields. */
  public byte[] encode() {
    RlpWriter out = new RlpWriter(620);
    writeTo(out);
    return out.toByteArray();
  }

  void writeTo(RlpWriter out) {
    out.startList()
        .writeBytes(parentHash.bytesUnsafe())
        .writeBytes(ommersHash.bytesUnsafe())
        .writeBytes(coinbase.bytesUnsafe())
        .writeBytes(stateRoot.bytesUnsafe())
        .writeBytes(transactionsRoot.bytesUnsafe())
        .writeBytes(receiptsRoot.bytesUnsafe())
        .writeBytes(logsBloom.bytesUnsafe())
        .writeBigInteger(difficulty)
        .writeLong(number)
        .writeLong(gasLimit)
        .writeLong(gasUsed)
        .writeLong(timestamp)
        .writeBytes(extraData);
    byte[] nonceBytes = new byte[8];
    Bytes.putLong(nonceBytes, 0, nonce);
    out.writeBytes(mixHash.bytesUnsafe())
        .writeBytes(nonceBytes)
        .writeBigInteger(baseFeePerGas)
        .writeBytes(withdrawalsRoot.bytesUnsafe())
        .writeLong(blobGasUsed)
        .writeLong(excessBlobGas)
        .writeBytes(parentBeaconBlockRoot.bytesUnsafe())
        .endList();
  }

  /** Strict decoding: exactly the 20 Cancun fields, each canonical and of its exact size. */
  public static BlockHeader decode(byte[] encoded) {
    return HeaderDecoder.decode(FieldReader.ofList(encoded, "header"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockHeader h && hash().equals(h.hash());
  }

  @Override
  public int hashCode() {
    return hash().hashCode();
  }

  @Override
  public String toString() {
    return "BlockHeader[number=" + number + ", hash=" + hash() + ", parentHash=" + parentHash
        + ", stateRoot=" + stateRoot + ", gasUsed=" + gasUsed + "/" + gasLimit
        + ", timestamp=" + timestamp + ", baseFeePerGas=" + baseFeePerGas
        + ", extraData=" + Hex.prefixed(extraData) + "]";
  }

  private static BigInteger uint256(BigInteger value, String name) {
    Objects.requireNonNull(value, name);
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException(name + " must be an unsigned 256-bit integer: " + value);
    }
    return value;
  }

  private static void nonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be in [0, 2^63), got " + value);
    }
  }

  /**
   * Builds headers; post-merge constants are the defaults (empty ommers hash, zero difficulty,
   * nonce and mixHash, empty transactions, receipts and withdrawals roots, empty bloom).
   */
  public static final class Builder {
    private Hash parentHash = Hash.ZERO;
    private Hash ommersHash = Hash.EMPTY_LIST_HASH;
    private Address coinbase = Address.ZERO;
    private Hash stateRoot = Hash.EMPTY_TRIE_ROOT;
    private Hash transactionsRoot = Hash.EMPTY_TRIE_ROOT;
    private Hash receiptsRoot = Hash.EMPTY_TRIE_ROOT;
    private LogsBloom logsBloom = LogsBloom.EMPTY;
    private BigInteger difficulty = BigInteger.ZERO;
    private long number;
    private long gasLimit;
    private long gasUsed;
    private long timestamp;
    private byte[] extraData = Bytes.EMPTY;
    private Hash mixHash = Hash.ZERO;
    private long nonce;
    private BigInteger baseFeePerGas = BigInteger.ZERO;
    private Hash withdrawalsRoot = BlockRoots.EMPTY_WITHDRAWALS_ROOT;
    private long blobGasUsed;
    private long excessBlobGas;
    private Hash parentBeaconBlockRoot = Hash.ZERO;

    private Builder() {}

    private Builder(BlockHeader h) {
      parentHash = h.parentHash;
      ommersHash = h.ommersHash;
      coinbase = h.coinbase;
      stateRoot = h.stateRoot;
      transactionsRoot = h.transactionsRoot;
      receiptsRoot = h.receiptsRoot;
      logsBloom = h.logsBloom;
      difficulty = h.difficulty;
      number = h.number;
      gasLimit = h.gasLimit;
      gasUsed = h.gasUsed;
      timestamp = h.timestamp;
      extraData = h.extraData;
      mixHash = h.mixHash;
      nonce = h.nonce;
      baseFeePerGas = h.baseFeePerGas;
      withdrawalsRoot = h.withdrawalsRoot;
      blobGasUsed = h.blobGasUsed;
      excessBlobGas = h.excessBlobGas;
      parentBeaconBlockRoot = h.parentBeaconBlockRoot;
    }

    public Builder parentHash(Hash v) {
      parentHash = v;
      return this;
    }

    public Builder ommersHash(Hash v) {
      ommersHash = v;
      return this;
    }

    public Builder coinbase(Address v) {
      coinbase = v;
      return this;
    }

    public Builder stateRoot(Hash v) {
      stateRoot = v;
      return this;
    }

    public Builder transactionsRoot(Hash v) {
      transactionsRoot = v;
      return this;
    }

    public Builder receiptsRoot(Hash v) {
      receiptsRoot = v;
      return this;
    }

    public Builder logsBloom(LogsBloom v) {
      logsBloom = v;
      return this;
    }

    public Builder difficulty(BigInteger v) {
      difficulty = v;
      return this;
    }

    public Builder number(long v) {
      number = v;
      return this;
    }

    public Builder gasLimit(long v) {
      gasLimit = v;
      return this;
    }

    public Builder gasUsed(long v) {
      gasUsed = v;
      return this;
    }

    public Builder timestamp(long v) {
      timestamp = v;
      return this;
    }

    public Builder extraData(byte[] v) {
      extraData = v.clone();
      return this;
    }

    public Builder mixHash(Hash v) {
      mixHash = v;
      return this;
    }

    public Builder nonce(long v) {
      nonce = v;
      return this;
    }

    public Builder baseFeePerGas(BigInteger v) {
      baseFeePerGas = v;
      return this;
    }

    public Builder withdrawalsRoot(Hash v) {
      withdrawalsRoot = v;
      return this;
    }

    public Builder blobGasUsed(long v) {
      blobGasUsed = v;
      return this;
    }

    public Builder excessBlobGas(long v) {
      excessBlobGas = v;
      return this;
    }

    public Builder parentBeaconBlockRoot(Hash v) {
      parentBeaconBlockRoot = v;
      return this;
    }

    public BlockHeader build() {
      return new BlockHeader(parentHash, ommersHash, coinbase, stateRoot, transactionsRoot,
          receiptsRoot, logsBloom, difficulty, number, gasLimit, gasUsed, timestamp, extraData,
          mixHash, nonce, baseFeePerGas, withdrawalsRoot, blobGasUsed, excessBlobGas,
          parentBeaconBlockRoot, null);
    }
  }
}
