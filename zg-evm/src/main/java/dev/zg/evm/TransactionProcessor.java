package dev.zg.evm;

import static dev.zg.evm.InvalidTransactionException.Reason.*;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.interpreter.CallResult;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.interpreter.Evm;
import dev.zg.evm.interpreter.GasCosts;
import dev.zg.evm.interpreter.Tracer;
import dev.zg.evm.precompile.Precompile;
import dev.zg.evm.state.Account;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.Log;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The state transition of one transaction under Cancun rules, in the phases the reference
 * clients use: validate (nothing changes when this fails), buy gas and bump the nonce, warm
 * the access list (EIP-2929, EIP-2930, EIP-3651), execute, refund (EIP-3529), pay the
 * coinbase its priority fee (EIP-1559), and settle deletions (EIP-161, EIP-6780).
 */
public final class TransactionProcessor {
  private static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  private static final int REFUND_QUOTIENT = 5;

  private final Map<Address, Precompile> precompiles;
  private final CodeCache codeCache;

  public TransactionProcessor(Map<Address, Precompile> precompiles, CodeCache codeCache) {
    this.precompiles = Map.copyOf(precompiles);
    this.codeCache = codeCache;
  }

  public TransactionResult execute(EvmState state, BlockEnv block, TxEnv tx, Tracer tracer)
      throws InvalidTransactionException {
    return run(state, block, tx, tracer, false);
  }

  /**
   * Runs a transaction that will not be included (eth_call, eth_estimateGas, debug_traceCall):
   * as {@link #execute} but without the nonce and sender-code checks, so any account can be
   * simulated. Callers that want no fees pass zero fee caps and a zero base fee.
   */
  public TransactionResult simulate(EvmState state, BlockEnv block, TxEnv tx, Tracer tracer)
      throws InvalidTransactionException {
    return run(state, block, tx, tracer, true);
  }

  private TransactionResult run(EvmState state, BlockEnv block, TxEnv tx, Tracer tracer,
      boolean simulation) throws InvalidTransactionException {
    long intrinsic = validate(state, block, tx, simulation);
    BigInteger baseFee = block.baseFee().toBigInteger();
    BigInteger price = tx.effectiveGasPrice(baseFee);
    UInt256 blobFee = block.blobBaseFee().multiply(tx.blobGas());

    Address sender = tx.sender();
    state.subtractBalance(sender, UInt256.fromBigInteger(
        price.multiply(BigInteger.valueOf(tx.gasLimit()))).add(blobFee));
    warm(state, block, tx);

    Evm evm = new Evm(state, block, sender, UInt256.fromBigInteger(price),
        tx.blobVersionedHashes(), precompiles, codeCache, tracer);
    long gas = tx.gasLimit() - intrinsic;
    CallResult result;
    if (tx.isCreate()) {
      result = evm.create(sender, tx.value(), tx.data(), gas);
    } else {
      Account account = state.account(sender);
      state.setNonce(account, account.nonce() + 1);
      result = evm.call(sender, tx.to(), tx.value(), tx.data(), gas);
    }

    long gasUsed = tx.gasLimit() - result.gasLeft();
    long refund = Math.min(state.refund(), gasUsed / REFUND_QUOTIENT);
    gasUsed -= refund;
    long gasLeft = tx.gasLimit() - gasUsed;
    state.addBalance(sender, UInt256.fromBigInteger(price.multiply(BigInteger.valueOf(gasLeft))));
    BigInteger tip = price.subtract(baseFee);
    state.addBalance(block.coinbase(),
        UInt256.fromBigInteger(tip.multiply(BigInteger.valueOf(gasUsed))));
    List<Log> logs = state.finishTransaction();
    return new TransactionResult(result.halt(), gasUsed, refund, tx.blobGas(),
        result.success() ? logs : List.of(), result.output(), result.createdAddress());
  }

  /** Checks every Cancun inclusion rule; returns the intrinsic gas. Changes nothing. */
  public long validate(EvmState state, BlockEnv block, TxEnv tx) throws InvalidTransactionException {
    return validate(state, block, tx, false);
  }

  private long validate(EvmState state, BlockEnv block, TxEnv tx, boolean simulation)
      throws InvalidTransactionException {
    if (tx.type() == 3) {
      validateBlobs(block, tx);
    }
    if (tx.nonce() == -1L) {
      throw new InvalidTransactionException(NONCE_IS_MAX, "nonce has reached its maximum 2^64-1");
    }
    if (tx.gasLimit() < 0 || tx.gasLimit() > block.gasLimit()) {
      throw new InvalidTransactionException(GAS_ALLOWANCE_EXCEEDED,
          "gas limit " + Long.toUnsignedString(tx.gasLimit()) + " exceeds the block gas limit "
              + block.gasLimit());
    }
    if (tx.maxFeePerGas().bitLength() > 256 || tx.maxPriorityFeePerGas().bitLength() > 256) {
      throw new InvalidTransactionException(GASPRICE_OVERFLOW, "fee field larger than 256 bits");
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      throw new InvalidTransactionException(PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS,
          "max priority fee per gas " + tx.maxPriorityFeePerGas()
              + " is higher than max fee per gas " + tx.maxFeePerGas());
    }
    BigInteger baseFee = block.baseFee().toBigInteger();
    if (tx.maxFeePerGas().compareTo(baseFee) < 0) {
      throw new InvalidTransactionException(INSUFFICIENT_MAX_FEE_PER_GAS,
          "max fee per gas " + tx.maxFeePerGas() + " is below the base fee " + baseFee);
    }
    if (tx.isCreate() && tx.data().length > GasCosts.MAX_INIT_CODE_SIZE) {
      throw new InvalidTransactionException(INITCODE_SIZE_EXCEEDED,
          "init code of " + tx.data().length + " bytes exceeds " + GasCosts.MAX_INIT_CODE_SIZE);
    }
    long intrinsic = IntrinsicGas.of(tx.data(), tx.isCreate(), tx.accessList());
    if (intrinsic > tx.gasLimit()) {
      throw new InvalidTransactionException(INTRINSIC_GAS_TOO_LOW,
          "intrinsic gas too low: have " + tx.gasLimit() + ", want " + intrinsic);
    }
    Account sender = state.account(tx.sender());
    if (!simulation && tx.nonce() != sender.nonce()) {
      boolean low = Long.compareUnsigned(tx.nonce(), sender.nonce()) < 0;
      throw new InvalidTransactionException(low ? NONCE_TOO_LOW : NONCE_TOO_HIGH,
          "nonce too " + (low ? "low" : "high") + ": address " + tx.sender() + ", tx "
              + Long.toUnsignedString(tx.nonce()) + " state " + Long.toUnsignedString(sender.nonce()));
    }
    if (!simulation && sender.hasCode()) {
      throw new InvalidTransactionException(SENDER_NOT_EOA,
          "sender " + tx.sender() + " is not an externally owned account (it has code)");
    }
    BigInteger cost = tx.maxFeePerGas().multiply(BigInteger.valueOf(tx.gasLimit()))
        .add(tx.value().toBigInteger())
        .add(tx.maxFeePerBlobGas().multiply(BigInteger.valueOf(tx.blobGas())));
    if (cost.compareTo(MAX_UINT256) > 0 || cost.compareTo(sender.balance().toBigInteger()) > 0) {
      throw new InvalidTransactionException(INSUFFICIENT_ACCOUNT_FUNDS,
          "insufficient funds for gas * price + value: address " + tx.sender() + " have "
              + sender.balance().toBigInteger() + " want " + cost);
    }
    return intrinsic;
  }

  private static void validateBlobs(BlockEnv block, TxEnv tx) throws InvalidTransactionException {
    if (tx.isCreate()) {
      throw new InvalidTransactionException(TYPE_3_TX_CONTRACT_CREATION,
          "blob transactions cannot create contracts");
    }
    int count = tx.blobVersionedHashes().size();
    if (count == 0) {
      throw new InvalidTransactionException(TYPE_3_TX_ZERO_BLOBS, "blob transaction without blobs");
    }
    if (count > BlobGas.MAX_BLOBS_PER_BLOCK) {
      throw new InvalidTransactionException(TYPE_3_TX_BLOB_COUNT_EXCEEDED,
          count + " blobs, more than the " + BlobGas.MAX_BLOBS_PER_BLOCK + " a block can hold");
    }
    for (Hash h : tx.blobVersionedHashes()) {
      if (h.bytesUnsafe()[0] != 0x01) {
        throw new InvalidTransactionException(TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH,
            "blob versioned hash " + h + " does not have version 0x01");
      }
    }
    if (tx.maxFeePerBlobGas().compareTo(block.blobBaseFee().toBigInteger()) < 0) {
      throw new InvalidTransactionException(INSUFFICIENT_MAX_FEE_PER_BLOB_GAS,
          "max fee per blob gas " + tx.maxFeePerBlobGas() + " is below the blob base fee "
              + block.blobBaseFee());
    }
  }

  private void warm(EvmState state, BlockEnv block, TxEnv tx) {
    state.warmAddress(tx.sender());
    if (!tx.isCreate()) {
      state.warmAddress(tx.to());
    }
    for (Address precompile : precompiles.keySet()) {
      state.warmAddress(precompile);
    }
    state.warmAddress(block.coinbase()); // EIP-3651
    for (TxEnv.AccessListEntry entry : tx.accessList()) {
      state.warmAddress(entry.address());
      for (UInt256 key : entry.storageKeys()) {
        state.warmSlot(entry.address(), key);
      }
    }
  }
}
