package dev.zg.contracts.devnet;

import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.InvalidTransactionException;
import dev.zg.evm.TransactionProcessor;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.TxEnv;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.MemoryWorld;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * zg's EVM over an in-memory state, without blocks, signatures or fees (gas price zero):
 * what the devnet deployment runs the contracts' creation in, and what contract tests drive
 * them with. Transactions run in the current block; {@link #advance} moves to later blocks,
 * whose hashes are keccak of their number so that BLOCKHASH gives stable, non-zero values.
 * Not thread-safe.
 */
public final class EvmSandbox {
  /** Gas each sandbox transaction may use (the devnet's block gas limit). */
  public static final long GAS_LIMIT = 30_000_000;

  private final MemoryWorld world = new MemoryWorld();
  private final TransactionProcessor processor =
      new TransactionProcessor(Precompiles.cancun().asMap(), new CodeCache(16L << 20));
  private final long chainId;
  private long blockNumber;
  private long timestamp;

  public EvmSandbox(long chainId, long blockNumber, long timestamp) {
    this.chainId = chainId;
    this.blockNumber = blockNumber;
    this.timestamp = timestamp;
  }

  /** Sets an account's contents, replacing what was there. */
  public void put(Address address, GenesisAccount account) {
    world.put(address, account.nonce(), account.balance(), account.code(), account.storage());
  }

  public long blockNumber() {
    return blockNumber;
  }

  public long timestamp() {
    return timestamp;
  }

  /** Moves {@code blocks} blocks on, each {@code seconds} later than the one before. */
  public void advance(long blocks, long seconds) {
    if (blocks < 0 || seconds < 0) {
      throw new IllegalArgumentException("cannot move back in time");
    }
    blockNumber += blocks;
    timestamp += blocks * seconds;
  }

  /** The hash BLOCKHASH gives for a block before the current one. */
  public static Hash blockHash(long number) {
    return Hash.adopt(Keccak256.hash(BigInteger.valueOf(number).toByteArray()));
  }

  public long nonce(Address address) {
    MemoryWorld.Entry e = world.get(address);
    return e == null ? 0 : e.nonce();
  }

  public UInt256 balance(Address address) {
    MemoryWorld.Entry e = world.get(address);
    return e == null ? UInt256.ZERO : e.balance();
  }

  public byte[] code(Address address) {
    MemoryWorld.Entry e = world.get(address);
    return e == null ? new byte[0] : e.code();
  }

  /** Uses up the sender's next nonce without a transaction (a reserved deployment slot). */
  public void skipNonce(Address sender) {
    MemoryWorld.Entry e = world.get(sender);
    world.put(sender, nonce(sender) + 1, balance(sender), code(sender),
        e == null ? Map.of() : e.storage());
  }

  /** A transaction from {@code sender} at its next nonce; {@code to} null creates a contract. */
  public TransactionResult send(Address sender, Address to, UInt256 value, byte[] data) {
    EvmState state = new EvmState(world);
    TxEnv tx = new TxEnv(2, sender, to, nonce(sender), GAS_LIMIT, value, data, BigInteger.ZERO,
        BigInteger.ZERO, null, null, null);
    TransactionResult result;
    try {
      result = processor.execute(state, block(), tx, null);
    } catch (InvalidTransactionException e) {
      throw new IllegalStateException("sandbox transaction rejected: " + e.getMessage(), e);
    }
    state.finishTransaction();
    world.apply(state.changes());
    return result;
  }

  /** A read-only call (eth_call): nothing it does is kept. */
  public TransactionResult call(Address sender, Address to, byte[] data) {
    EvmState state = new EvmState(world);
    TxEnv tx = new TxEnv(2, sender, to, 0, GAS_LIMIT, UInt256.ZERO, data, BigInteger.ZERO,
        BigInteger.ZERO, null, null, null);
    try {
      return processor.simulate(state, block(), tx, null);
    } catch (InvalidTransactionException e) {
      throw new IllegalStateException("sandbox call rejected: " + e.getMessage(), e);
    }
  }

  /** Every account with its contents, in address order, as genesis accounts. */
  public Map<Address, GenesisAccount> accounts() {
    Map<Address, GenesisAccount> out = new LinkedHashMap<>();
    world.accounts().forEach((address, e) -> out.put(address,
        new GenesisAccount(e.balance(), e.nonce(), e.code(), e.storage())));
    return out;
  }

  private BlockEnv block() {
    long current = blockNumber;
    return new BlockEnv(current, Address.ZERO, timestamp, GAS_LIMIT, UInt256.ZERO, Hash.ZERO, 0,
        chainId, n -> n < current && n >= current - 256 && n >= 0 ? blockHash(n) : null);
  }
}
