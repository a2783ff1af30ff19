package dev.zg.chain.state;

import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.evm.state.AccountInfo;
import java.util.Objects;

/**
 * An account as the state trie holds it (Yellow Paper 4.1):
 * {@code rlp([nonce, balance, storageRoot, codeHash])}.
 */
public record AccountState(long nonce, UInt256 balance, Hash storageRoot, Hash codeHash) {
  public AccountState {
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(storageRoot, "storageRoot");
    Objects.requireNonNull(codeHash, "codeHash");
  }

  public AccountInfo info() {
    return new AccountInfo(nonce, balance, codeHash);
  }

  public byte[] encode() {
    RlpWriter out = new RlpWriter(112);
    out.startList()
        .writeLong(nonce)
        .writeBytes(balance.toMinimalBytes())
        .writeBytes(storageRoot.bytesUnsafe())
        .writeBytes(codeHash.bytesUnsafe())
        .endList();
    return out.toByteArray();
  }

  /** Decodes a trie value; a malformed one means a corrupt store, so it is a state error. */
  public static AccountState decode(byte[] encoded) {
    try {
      RlpReader outer = new RlpReader(encoded);
      RlpReader in = outer.readList();
      outer.expectEnd("account");
      long nonce = in.readLong("nonce");
      UInt256 balance = UInt256.fromBigInteger(in.readUInt256("balance"));
      Hash storageRoot = Hash.wrap(in.readBytes(32, "storageRoot"));
      Hash codeHash = Hash.wrap(in.readBytes(32, "codeHash"));
      in.expectEnd("account");
      return new AccountState(nonce, balance, storageRoot, codeHash);
    } catch (RlpException e) {
      throw new IllegalStateException("malformed account in the state trie: " + e.getMessage(), e);
    }
  }
}
