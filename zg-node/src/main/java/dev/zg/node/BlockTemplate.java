package dev.zg.node;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.Eip1559BaseFee;
import dev.zg.chain.block.Eip4844ExcessBlobGas;
import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.evm.state.WorldView;
import dev.zg.staking.Governance;
import java.nio.charset.StandardCharsets;

/**
 * The header of a new block before execution fills in roots, gas and bloom. One definition
 * for the single-node producer and the validator host, which must build and check identical
 * headers.
 */
public final class BlockTemplate {
  private static final byte[] EXTRA_DATA = "zg".getBytes(StandardCharsets.US_ASCII);

  private BlockTemplate() {}

  /**
   * A child of {@code parent} built by {@code coinbase} at {@code timestamp} (seconds), with the
   * parent's gas limit (a chain without governance).
   */
  public static BlockHeader childOf(BlockHeader parent, Address coinbase, long timestamp) {
    return childOf(parent, coinbase, timestamp, parent.gasLimit());
  }

  /**
   * A child of {@code parent} whose post-state is {@code parentState}: its gas limit is the one
   * governance set in that state, else the parent's.
   */
  public static BlockHeader childOf(BlockHeader parent, WorldView parentState, Address coinbase,
      long timestamp) {
    return childOf(parent, coinbase, timestamp,
        Governance.nextBlockGasLimit(parentState, parent.gasLimit()));
  }

  private static BlockHeader childOf(BlockHeader parent, Address coinbase, long timestamp,
      long gasLimit) {
    long number = parent.number() + 1;
    // prevrandao: keccak(parent hash ‖ number), deterministic so every validator agrees.
    byte[] seed = new byte[40];
    System.arraycopy(parent.hash().bytesUnsafe(), 0, seed, 0, 32);
    Bytes.putLong(seed, 32, number);
    return parent.toBuilder()
        .parentHash(parent.hash())
        .coinbase(coinbase)
        .number(number)
        .gasLimit(gasLimit)
        .timestamp(timestamp)
        .gasUsed(0)
        .extraData(EXTRA_DATA)
        .mixHash(Hash.adopt(Keccak256.hash(seed)))
        .baseFeePerGas(Eip1559BaseFee.next(parent))
        .excessBlobGas(Eip4844ExcessBlobGas.next(parent))
        .blobGasUsed(0)
        .build();
  }
}
