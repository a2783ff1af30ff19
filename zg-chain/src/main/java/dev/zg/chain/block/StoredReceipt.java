package dev.zg.chain.block;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.evm.state.Log;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A receipt as the node stores it: the consensus {@link Receipt} plus what
 * {@code eth_getTransactionReceipt} needs that the receipt does not carry. The sender is kept
 * so that reading receipts never recovers a signature again.
 *
 * @param to the recipient, or null for a contract creation
 * @param contractAddress the created contract, or null
 * @param blobGasPrice the blob base fee paid (EIP-4844); zero for transactions without blobs
 * @param firstLogIndex block-level index of this transaction's first log
 */
public record StoredReceipt(
    Receipt receipt,
    Hash transactionHash,
    Address from,
    Address to,
    Address contractAddress,
    long gasUsed,
    BigInteger effectiveGasPrice,
    long blobGasUsed,
    BigInteger blobGasPrice,
    int firstLogIndex) {

  private static final int FORMAT_VERSION = 1;
  private static final int FIELDS = 11;

  public StoredReceipt {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(transactionHash, "transactionHash");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(effectiveGasPrice, "effectiveGasPrice");
    Objects.requireNonNull(blobGasPrice, "blobGasPrice");
  }

  /** The logs with their block-level indexes. */
  public List<IndexedLog> logs(Hash blockHash, long blockNumber, int transactionIndex) {
    List<Log> logs = receipt.logs();
    List<IndexedLog> out = new ArrayList<>(logs.size());
    for (int i = 0; i < logs.size(); i++) {
      out.add(new IndexedLog(logs.get(i), blockHash, blockNumber, transactionHash,
          transactionIndex, firstLogIndex + i));
    }
    return out;
  }

  /** The receipts of one block, as one value in the store. */
  public static byte[] encodeAll(List<StoredReceipt> receipts) {
    RlpWriter out = new RlpWriter(256 * receipts.size() + 16);
    out.startList();
    for (StoredReceipt r : receipts) {
      r.writeTo(out);
    }
    out.endList();
    return out.toByteArray();
  }

  public static List<StoredReceipt> decodeAll(byte[] encoded) {
    FieldReader list = FieldReader.ofList(encoded, "receipts");
    List<StoredReceipt> out = new ArrayList<>();
    while (list.raw().hasNext()) {
      out.add(read(new FieldReader(list.list("[" + out.size() + "]"),
          "receipts[" + out.size() + "]")));
    }
    return out;
  }

  private void writeTo(RlpWriter out) {
    out.startList()
        .writeLong(FORMAT_VERSION)
        .writeBytes(receipt.encode())
        .writeBytes(transactionHash.bytesUnsafe())
        .writeBytes(from.bytesUnsafe())
        .writeBytes(to == null ? Bytes.EMPTY : to.bytesUnsafe())
        .writeBytes(contractAddress == null ? Bytes.EMPTY : contractAddress.bytesUnsafe())
        .writeLong(gasUsed)
        .writeBigInteger(effectiveGasPrice)
        .writeLong(blobGasUsed)
        .writeBigInteger(blobGasPrice)
        .writeLong(firstLogIndex)
        .endList();
  }

  private static StoredReceipt read(FieldReader in) {
    in.requireNext("version", 0, FIELDS);
    long version = in.longValue("version");
    if (version != FORMAT_VERSION) {
      throw new BlockDecodingException(in.name("version"), "unknown stored receipt format "
          + version + " (this node reads " + FORMAT_VERSION + ")");
    }
    in.requireNext("receipt", 1, FIELDS);
    Receipt receipt = Receipt.decode(in.bytesUpTo("receipt", Integer.MAX_VALUE));
    in.requireNext("transactionHash", 2, FIELDS);
    Hash hash = in.hash("transactionHash");
    in.requireNext("from", 3, FIELDS);
    Address from = in.address("from");
    in.requireNext("to", 4, FIELDS);
    Address to = optionalAddress(in, "to");
    in.requireNext("contractAddress", 5, FIELDS);
    Address contract = optionalAddress(in, "contractAddress");
    in.requireNext("gasUsed", 6, FIELDS);
    long gasUsed = in.longValue("gasUsed");
    in.requireNext("effectiveGasPrice", 7, FIELDS);
    BigInteger price = in.uint256("effectiveGasPrice");
    in.requireNext("blobGasUsed", 8, FIELDS);
    long blobGasUsed = in.longValue("blobGasUsed");
    in.requireNext("blobGasPrice", 9, FIELDS);
    BigInteger blobPrice = in.uint256("blobGasPrice");
    in.requireNext("firstLogIndex", 10, FIELDS);
    long firstLog = in.longValue("firstLogIndex");
    if (firstLog > Integer.MAX_VALUE) {
      throw new BlockDecodingException(in.name("firstLogIndex"), "too large: " + firstLog);
    }
    in.expectEnd(FIELDS);
    return new StoredReceipt(receipt, hash, from, to, contract, gasUsed, price, blobGasUsed,
        blobPrice, (int) firstLog);
  }

  private static Address optionalAddress(FieldReader in, String field) {
    byte[] bytes = in.bytesUpTo(field, 20);
    if (bytes.length == 0) {
      return null;
    }
    if (bytes.length != 20) {
      throw new BlockDecodingException(in.name(field), "an address is 20 bytes or empty");
    }
    return Address.wrap(bytes);
  }
}
