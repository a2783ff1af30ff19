package dev.zg.chain.tx;

import static dev.zg.chain.tx.TransactionField.ACCESS_LIST;
import static dev.zg.chain.tx.TransactionField.ACCESS_LIST_ADDRESS;
import static dev.zg.chain.tx.TransactionField.ACCESS_LIST_STORAGE_KEY;
import static dev.zg.chain.tx.TransactionField.BLOBS;
import static dev.zg.chain.tx.TransactionField.BLOB_VERSIONED_HASHES;
import static dev.zg.chain.tx.TransactionField.CHAIN_ID;
import static dev.zg.chain.tx.TransactionField.COMMITMENTS;
import static dev.zg.chain.tx.TransactionField.DATA;
import static dev.zg.chain.tx.TransactionField.ENVELOPE;
import static dev.zg.chain.tx.TransactionField.GAS_LIMIT;
import static dev.zg.chain.tx.TransactionField.GAS_PRICE;
import static dev.zg.chain.tx.TransactionField.MAX_FEE_PER_BLOB_GAS;
import static dev.zg.chain.tx.TransactionField.MAX_FEE_PER_GAS;
import static dev.zg.chain.tx.TransactionField.MAX_PRIORITY_FEE_PER_GAS;
import static dev.zg.chain.tx.TransactionField.NONCE;
import static dev.zg.chain.tx.TransactionField.PROOFS;
import static dev.zg.chain.tx.TransactionField.R;
import static dev.zg.chain.tx.TransactionField.S;
import static dev.zg.chain.tx.TransactionField.TO;
import static dev.zg.chain.tx.TransactionField.TYPE;
import static dev.zg.chain.tx.TransactionField.V;
import static dev.zg.chain.tx.TransactionField.VALUE;
import static dev.zg.chain.tx.TransactionField.Y_PARITY;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Strict decoding of the canonical and network forms. The reader already rejects every
 * non-canonical RLP form; this class adds the transaction shape (types, element counts, field
 * sizes, v and y parity) and attributes every failure to a {@link TransactionField}: each read
 * first records which field it is for, so an {@link RlpException} from deep inside the reader
 * is reported against the field being read. One instance decodes one input.
 */
final class TransactionDecoder {
  private static final BigInteger V_27 = BigInteger.valueOf(27);
  private static final BigInteger V_28 = BigInteger.valueOf(28);
  private static final BigInteger V_EIP155_BASE = BigInteger.valueOf(35);

  private TransactionField field = ENVELOPE;

  private TransactionDecoder() {}

  static Transaction decode(byte[] encoded) {
    TransactionDecoder decoder = new TransactionDecoder();
    try {
      Transaction tx = decoder.envelope(encoded);
      // Strict decoding: the input is the canonical encoding, kept so it is not rebuilt.
      TransactionMemo.of(tx).rememberEncoding(encoded.clone());
      return tx;
    } catch (RlpException e) {
      throw new TransactionDecodingException(decoder.field, e.getMessage());
    }
  }

  static BlobTransactionWrapper decodeWrapper(byte[] encoded) {
    TransactionDecoder decoder = new TransactionDecoder();
    try {
      return decoder.wrapper(encoded);
    } catch (RlpException e) {
      throw new TransactionDecodingException(decoder.field, e.getMessage());
    }
  }

  private Transaction envelope(byte[] encoded) {
    if (encoded.length == 0) {
      throw new TransactionDecodingException(ENVELOPE, "empty input");
    }
    int first = encoded[0] & 0xff;
    if (first >= 0xc0) {
      return legacy(singleList(encoded, 0, "legacy transaction"));
    }
    if (first > 0x7f) {
      throw new TransactionDecodingException(TYPE, String.format(
          "first byte 0x%02x is neither a type (0x00-0x7f, EIP-2718) nor an RLP list", first));
    }
    RlpReader body = singleList(encoded, 1, "typed transaction");
    return switch (first) {
      case 0x01 -> accessList(body);
      case 0x02 -> dynamicFee(body);
      case 0x03 -> blob(body);
      default -> throw new TransactionDecodingException(TYPE,
          String.format("transaction type 0x%02x is not supported in Cancun", first));
    };
  }

  private BlobTransactionWrapper wrapper(byte[] encoded) {
    if (encoded.length == 0 || encoded[0] != TransactionType.BLOB.typeByte()) {
      throw new TransactionDecodingException(TYPE, "the blob network form starts with 0x03");
    }
    RlpReader outer = singleList(encoded, 1, "blob transaction network form");
    field = ENVELOPE;
    BlobTransaction tx = blob(outer.readList());
    List<Blob> blobs = fixedSizeItems(outer, BLOBS, Blob.SIZE_BYTES, Blob::new);
    List<KzgCommitment> commitments =
        fixedSizeItems(outer, COMMITMENTS, KzgCommitment.SIZE_BYTES, KzgCommitment::new);
    List<KzgProof> proofs = fixedSizeItems(outer, PROOFS, KzgProof.SIZE_BYTES, KzgProof::new);
    end(outer, "blob transaction network form");
    return new BlobTransactionWrapper(tx, blobs, commitments, proofs);
  }

  /** The list that must span all of {@code encoded} from {@code offset}. */
  private RlpReader singleList(byte[] encoded, int offset, String what) {
    field = ENVELOPE;
    RlpReader outer = new RlpReader(encoded, offset, encoded.length - offset);
    if (!outer.hasNext()) {
      throw new TransactionDecodingException(ENVELOPE, what + " has no payload after its type");
    }
    RlpReader list = outer.readList();
    outer.expectEnd(what);
    return list;
  }

  private LegacyTransaction legacy(RlpReader list) {
    long nonce = uint64(list, NONCE);
    BigInteger gasPrice = uint256(list, GAS_PRICE);
    long gasLimit = uint64(list, GAS_LIMIT);
    Address to = recipient(list, true);
    BigInteger value = uint256(list, VALUE);
    byte[] data = bytes(list, DATA);
    field = V;
    BigInteger v = list.readUInt256(V.label());
    OptionalLong chainId = legacyChainId(v);
    int parity = chainId.isEmpty() ? v.intValue() - 27 : v.testBit(0) ? 0 : 1;
    Secp256k1.Signature signature = signature(list, parity);
    end(list, "legacy transaction");
    return new LegacyTransaction(nonce, gasPrice, gasLimit, to, value, data, chainId, signature);
  }

  /** EIP-155: v = 27/28 carries no chain id; v = chainId * 2 + 35/36 does. */
  private static OptionalLong legacyChainId(BigInteger v) {
    if (v.equals(V_27) || v.equals(V_28)) {
      return OptionalLong.empty();
    }
    if (v.compareTo(V_EIP155_BASE) < 0) {
      throw new TransactionDecodingException(V,
          "v must be 27, 28 or chainId * 2 + 35/36 (EIP-155), got " + v);
    }
    BigInteger chainId = v.subtract(V_EIP155_BASE).shiftRight(1);
    if (chainId.bitLength() > 64) {
      throw new TransactionDecodingException(V, "the chain id in v is wider than 64 bits: " + v);
    }
    return OptionalLong.of(chainId.longValue());
  }

  private AccessListTransaction accessList(RlpReader list) {
    long chainId = uint64(list, CHAIN_ID);
    long nonce = uint64(list, NONCE);
    BigInteger gasPrice = uint256(list, GAS_PRICE);
    long gasLimit = uint64(list, GAS_LIMIT);
    Address to = recipient(list, true);
    BigInteger value = uint256(list, VALUE);
    byte[] data = bytes(list, DATA);
    List<AccessListEntry> accessList = accessListField(list);
    Secp256k1.Signature signature = signature(list, yParity(list));
    end(list, "access-list transaction");
    return new AccessListTransaction(
        chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, signature);
  }

  private DynamicFeeTransaction dynamicFee(RlpReader list) {
    long chainId = uint64(list, CHAIN_ID);
    long nonce = uint64(list, NONCE);
    BigInteger maxPriorityFee = uint256(list, MAX_PRIORITY_FEE_PER_GAS);
    BigInteger maxFee = uint256(list, MAX_FEE_PER_GAS);
    long gasLimit = uint64(list, GAS_LIMIT);
    Address to = recipient(list, true);
    BigInteger value = uint256(list, VALUE);
    byte[] data = bytes(list, DATA);
    List<AccessListEntry> accessList = accessListField(list);
    Secp256k1.Signature signature = signature(list, yParity(list));
    end(list, "dynamic-fee transaction");
    return new DynamicFeeTransaction(chainId, nonce, maxPriorityFee, maxFee, gasLimit, to, value,
        data, accessList, signature);
  }

  private BlobTransaction blob(RlpReader list) {
    long chainId = uint64(list, CHAIN_ID);
    long nonce = uint64(list, NONCE);
    BigInteger maxPriorityFee = uint256(list, MAX_PRIORITY_FEE_PER_GAS);
    BigInteger maxFee = uint256(list, MAX_FEE_PER_GAS);
    long gasLimit = uint64(list, GAS_LIMIT);
    Address to = recipient(list, false);
    BigInteger value = uint256(list, VALUE);
    byte[] data = bytes(list, DATA);
    List<AccessListEntry> accessList = accessListField(list);
    BigInteger maxFeePerBlobGas = uint256(list, MAX_FEE_PER_BLOB_GAS);
    field = BLOB_VERSIONED_HASHES;
    RlpReader hashList = list.readList();
    List<Hash> hashes = new ArrayList<>();
    while (hashList.hasNext()) {
      hashes.add(Hash.adopt(hashList.readBytes(Hash.LENGTH, "blob versioned hash")));
    }
    Secp256k1.Signature signature = signature(list, yParity(list));
    end(list, "blob transaction");
    return new BlobTransaction(chainId, nonce, maxPriorityFee, maxFee, gasLimit, to, value, data,
        accessList, maxFeePerBlobGas, hashes, signature);
  }

  private List<AccessListEntry> accessListField(RlpReader list) {
    field = ACCESS_LIST;
    RlpReader entries = list.readList();
    List<AccessListEntry> accessList = new ArrayList<>();
    while (entries.hasNext()) {
      field = ACCESS_LIST;
      RlpReader entry = entries.readList();
      field = ACCESS_LIST_ADDRESS;
      byte[] address = entry.readBytes();
      if (address.length != Address.LENGTH) {
        throw new TransactionDecodingException(ACCESS_LIST_ADDRESS,
            "an address is 20 bytes, got " + address.length);
      }
      field = ACCESS_LIST;
      RlpReader keyList = entry.readList();
      List<Hash> keys = new ArrayList<>();
      while (keyList.hasNext()) {
        field = ACCESS_LIST_STORAGE_KEY;
        keys.add(Hash.adopt(keyList.readBytes(Hash.LENGTH, "storage key")));
      }
      field = ACCESS_LIST;
      entry.expectEnd("access-list entry");
      accessList.add(new AccessListEntry(Address.wrap(address), keys));
    }
    return accessList;
  }

  /** The recipient: 20 bytes, or empty for a contract creation where the type allows one. */
  private Address recipient(RlpReader list, boolean createAllowed) {
    field = TO;
    byte[] to = list.readBytes();
    if (to.length == 0 && createAllowed) {
      return null;
    }
    if (to.length != Address.LENGTH) {
      throw new TransactionDecodingException(TO, createAllowed
          ? "must be 20 bytes or empty, got " + to.length
          : "must be 20 bytes (a blob transaction cannot create a contract, EIP-4844), got "
              + to.length);
    }
    return Address.wrap(to);
  }

  private int yParity(RlpReader list) {
    long parity = uint64(list, Y_PARITY);
    if (parity != 0 && parity != 1) {
      throw new TransactionDecodingException(Y_PARITY,
          "must be 0 or 1, got " + Long.toUnsignedString(parity));
    }
    return (int) parity;
  }

  private Secp256k1.Signature signature(RlpReader list, int parity) {
    BigInteger r = uint256(list, R);
    BigInteger s = uint256(list, S);
    return new Secp256k1.Signature(r, s, parity);
  }

  private <T> List<T> fixedSizeItems(
      RlpReader list, TransactionField itemField, int size, Function<byte[], T> make) {
    field = itemField;
    RlpReader items = list.readList();
    List<T> out = new ArrayList<>();
    while (items.hasNext()) {
      out.add(make.apply(items.readBytes(size, itemField.label() + " item")));
    }
    return out;
  }

  private long uint64(RlpReader list, TransactionField which) {
    field = which;
    return list.readLong(which.label());
  }

  private BigInteger uint256(RlpReader list, TransactionField which) {
    field = which;
    return list.readUInt256(which.label());
  }

  private byte[] bytes(RlpReader list, TransactionField which) {
    field = which;
    return list.readBytes();
  }

  private void end(RlpReader list, String what) {
    field = ENVELOPE;
    list.expectEnd(what + " (too many fields)");
  }
}
