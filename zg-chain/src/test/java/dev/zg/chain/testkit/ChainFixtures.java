package dev.zg.chain.testkit;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.Eip1559BaseFee;
import dev.zg.chain.block.Eip4844ExcessBlobGas;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpWriter;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;

/** Signed transactions from the devnet accounts, child headers, and small contracts. */
public final class ChainFixtures {
  public static final long CHAIN_ID = DevnetGenesis.DEFAULT_CHAIN_ID;
  public static final BigInteger GWEI = BigInteger.TEN.pow(9);
  public static final Address COINBASE =
      Address.fromHex("0x00000000000000000000000000000000c0ffee00");

  /** Stores calldata word 0 in slot 0 and logs 42 with topic 7 (runtime code). */
  public static final byte[] STORE_AND_LOG_RUNTIME =
      Hex.decode("600035600055602a600052600760206000a100");
  public static final byte[] STORE_AND_LOG_INIT =
      Hex.decode("6013600c60003960136000f3600035600055602a600052600760206000a100");
  /** Reverts with the word 42 (runtime code). */
  public static final byte[] REVERTER_INIT =
      Hex.decode("600a600c600039600a6000f3602a60005260206000fd");

  private ChainFixtures() {}

  public static Secp256k1.KeyPair key(int index) {
    return DevnetGenesis.accounts().get(index);
  }

  public static Transaction transfer(int from, long nonce, Address to, long wei) {
    return dynamic(key(from), nonce, to, BigInteger.valueOf(wei), new byte[0], 21_000);
  }

  public static Transaction dynamic(Secp256k1.KeyPair key, long nonce, Address to,
      BigInteger value, byte[] data, long gas) {
    return TransactionSigner.sign(new DynamicFeeTransaction(CHAIN_ID, nonce, GWEI,
        GWEI.multiply(BigInteger.valueOf(100)), gas, to, value, data, List.of(),
        Transaction.UNSIGNED), key.privateKey());
  }

  public static Transaction legacy(Secp256k1.KeyPair key, long nonce, Address to, long wei) {
    return TransactionSigner.sign(new LegacyTransaction(nonce, GWEI.multiply(BigInteger.TEN),
        21_000, to, BigInteger.valueOf(wei), new byte[0], OptionalLong.of(CHAIN_ID),
        Transaction.UNSIGNED), key.privateKey());
  }

  /** The address CREATE gives: keccak(rlp([sender, nonce]))[12..]. */
  public static Address createAddress(Address sender, long nonce) {
    RlpWriter w = new RlpWriter();
    w.startList().writeBytes(sender.bytesUnsafe()).writeLong(nonce).endList();
    return Address.wrap(Keccak256.hash(w.toByteArray()), 12);
  }

  /** A child header template: execution-derived fields are left for the executor. */
  public static BlockHeader child(BlockHeader parent, long gasLimit) {
    return BlockHeader.builder()
        .parentHash(parent.hash())
        .coinbase(COINBASE)
        .number(parent.number() + 1)
        .gasLimit(gasLimit)
        .timestamp(parent.timestamp() + 1)
        .baseFeePerGas(Eip1559BaseFee.next(parent))
        .excessBlobGas(Eip4844ExcessBlobGas.next(parent))
        .build();
  }
}
