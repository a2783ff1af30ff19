package dev.zg.chain.block;

import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionDecodingException;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A block: {@code rlp([header, transactions, ommers, withdrawals])}. Legacy transactions are
 * RLP lists inside the transactions list, typed ones RLP strings holding {@code type || rlp}
 * (EIP-2718). zg has no ommers (EIP-3675) and no withdrawals (no beacon chain), so both lists
 * are always empty, and decoding rejects blocks that carry either.
 */
public record Block(BlockHeader header, List<Transaction> transactions) {
  /** Bounds decoding; 30M gas fits at most 1,428 transactions, 2 billion gas 95,238. */
  public static final int TRANSACTIONS_MAX = 1 << 20;

  public Block {
    Objects.requireNonNull(header, "header");
    transactions = List.copyOf(transactions);
  }

  public Hash hash() {
    return header.hash();
  }

  public long number() {
    return header.number();
  }

  /** The full block encoding, as {@code eth_getBlockByHash}'s size counts it. */
  public byte[] encode() {
    RlpWriter out = new RlpWriter(1024 + 128 * transactions.size());
    out.startList();
    header.writeTo(out);
    writeTransactions(out, transactions);
    out.startList().endList().startList().endList();
    out.endList();
    return out.toByteArray();
  }

  /** The body as stored beside the header: {@code rlp([transactions, ommers, withdrawals])}. */
  public byte[] encodeBody() {
    RlpWriter out = new RlpWriter(64 + 128 * transactions.size());
    out.startList();
    writeTransactions(out, transactions);
    out.startList().endList().startList().endList();
    out.endList();
    return out.toByteArray();
  }

  public static Block decode(byte[] encoded) {
    FieldReader in = FieldReader.ofList(encoded, "block");
    in.requireNext("header", 0, 4);
    byte[] headerRlp;
    try {
      headerRlp = in.raw().readRaw();
    } catch (RlpException e) {
      throw new BlockDecodingException("block.header", e.getMessage());
    }
    BlockHeader header = BlockHeader.decode(headerRlp);
    return new Block(header, readBodyLists(in, "block", 1));
  }

  /**
   * Only the header of an encoded block, without decoding its transactions: enough for the
   * block's hash (which commits to the body through the transactions root, checked when the
   * block is imported).
   */
  public static BlockHeader decodeHeader(byte[] encoded) {
    FieldReader in = FieldReader.ofList(encoded, "block");
    in.requireNext("header", 0, 4);
    try {
      return BlockHeader.decode(in.raw().readRaw());
    } catch (RlpException e) {
      throw new BlockDecodingException("block.header", e.getMessage());
    }
  }

  /** A block from its stored header and body. */
  public static Block fromBody(BlockHeader header, byte[] body) {
    return new Block(header, readBodyLists(FieldReader.ofList(body, "body"), "body", 0));
  }

  private static List<Transaction> readBodyLists(FieldReader in, String what, int offset) {
    in.requireNext("transactions", offset, offset + 3);
    List<Transaction> txs = readTransactions(in.list("transactions"), what + ".transactions");
    in.requireNext("ommers", offset + 1, offset + 3);
    if (in.list("ommers").hasNext()) {
      throw new BlockDecodingException(what + ".ommers", "must be empty since the merge");
    }
    in.requireNext("withdrawals", offset + 2, offset + 3);
    if (in.list("withdrawals").hasNext()) {
      throw new BlockDecodingException(what + ".withdrawals", "must be empty: zg has none");
    }
    in.expectEnd(offset + 3);
    return txs;
  }

  private static void writeTransactions(RlpWriter out, List<Transaction> transactions) {
    out.startList();
    for (Transaction tx : transactions) {
      byte[] encoded = tx.encode();
      if (tx instanceof LegacyTransaction) {
        out.writeRaw(encoded);
      } else {
        out.writeBytes(encoded);
      }
    }
    out.endList();
  }

  private static List<Transaction> readTransactions(RlpReader in, String field) {
    List<Transaction> out = new ArrayList<>();
    while (in.hasNext()) {
      String name = field + "[" + out.size() + "]";
      if (out.size() == TRANSACTIONS_MAX) {
        throw new BlockDecodingException(field, "more than " + TRANSACTIONS_MAX);
      }
      try {
        boolean legacy = in.nextIsList();
        byte[] encoded = legacy ? in.readRaw() : in.readBytes();
        if (!legacy && encoded.length > 0 && (encoded[0] & 0xff) >= 0xc0) {
          throw new BlockDecodingException(name,
              "a legacy transaction must be a list in the block, not wrapped in a string");
        }
        out.add(TransactionCodec.decode(encoded));
      } catch (RlpException e) {
        throw new BlockDecodingException(name, e.getMessage());
      } catch (TransactionDecodingException e) {
        throw new BlockDecodingException(name, e.getMessage());
      }
    }
    return out;
  }
}
