package dev.zg.chain.genesis;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.BlockRoots;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.state.StateChanges;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The chain's starting point: its id, the genesis header's fields and the accounts it starts
 * with. From a geth-style {@code genesis.json} ({@link #fromJson}) or zg's built-in devnet
 * ({@link DevnetGenesis}). Block 0 has the empty transactions, receipts and withdrawals roots,
 * no parent, and the Cancun header fields at zero.
 */
public record Genesis(
    long chainId,
    long timestamp,
    long gasLimit,
    BigInteger baseFeePerGas,
    byte[] extraData,
    Address coinbase,
    Hash mixHash,
    BigInteger difficulty,
    Map<Address, GenesisAccount> alloc) {

  /** Bounds the file and the state built from it. */
  public static final long FILE_BYTES_MAX = 256L << 20;
  public static final int ACCOUNTS_MAX = 1_000_000;

  public Genesis {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive, got " + chainId);
    }
    Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
    Objects.requireNonNull(coinbase, "coinbase");
    Objects.requireNonNull(mixHash, "mixHash");
    Objects.requireNonNull(difficulty, "difficulty");
    extraData = extraData.clone();
    if (alloc.size() > ACCOUNTS_MAX) {
      throw new IllegalArgumentException("genesis alloc has " + alloc.size()
          + " accounts, more than " + ACCOUNTS_MAX);
    }
    alloc = Collections.unmodifiableMap(new TreeMap<>(alloc));
  }

  /** Parses a geth-style genesis.json; errors name the offending field. */
  public static Genesis fromJson(String json) {
    return GenesisJson.parse(json);
  }

  public static Genesis load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > FILE_BYTES_MAX) {
      throw new IllegalArgumentException(file + " is " + size + " bytes, more than the "
          + FILE_BYTES_MAX + " a genesis file may have");
    }
    try {
      return fromJson(Files.readString(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] extraData() {
    return extraData.clone();
  }

  /** The genesis accounts as state changes to apply to the empty state, in address order. */
  public StateChanges stateChanges() {
    List<StateChanges.AccountChange> changes = new ArrayList<>(alloc.size());
    alloc.forEach((address, account) -> {
      byte[] code = account.code();
      Hash codeHash = code.length == 0 ? Hash.EMPTY_KECCAK : Hash.keccak(code);
      changes.add(new StateChanges.AccountChange(address, false, account.nonce(),
          account.balance(), codeHash, code, code.length > 0, false,
          new LinkedHashMap<UInt256, UInt256>(account.storage())));
    });
    return new StateChanges(changes);
  }

  /** Block 0's header for the genesis state root. */
  public BlockHeader header(Hash stateRoot) {
    return BlockHeader.builder()
        .coinbase(coinbase)
        .stateRoot(stateRoot)
        .difficulty(difficulty)
        .number(0)
        .gasLimit(gasLimit)
        .timestamp(timestamp)
        .extraData(extraData)
        .mixHash(mixHash)
        .baseFeePerGas(baseFeePerGas)
        .withdrawalsRoot(BlockRoots.EMPTY_WITHDRAWALS_ROOT)
        .build();
  }

  @Override
  public String toString() {
    return "Genesis[chainId=" + chainId + ", gasLimit=" + gasLimit + ", baseFeePerGas="
        + baseFeePerGas + ", timestamp=" + timestamp + ", accounts=" + alloc.size() + "]";
  }
}
