/**
 * Ethereum transactions as Cancun accepts them: the four envelope types (legacy with or without
 * EIP-155, EIP-2930, EIP-1559, EIP-4844), their canonical codec, signing and sender recovery,
 * the EIP-4844 network wrapper, and the stateless validity rules.
 *
 * <p>Layering: records ({@link dev.zg.chain.tx.Transaction} and its permitted types) are plain
 * values that can hold anything the wire can carry; {@link dev.zg.chain.tx.TransactionCodec}
 * turns bytes into records and rejects every malformed input with a
 * {@link dev.zg.chain.tx.TransactionDecodingException} naming the field;
 * {@link dev.zg.chain.tx.CancunTransactionValidator} then judges a well-formed record. State
 * rules (account nonce, balance, EIP-3607) belong to the block executor.
 *
 * <p>Nullness: nothing here accepts or returns null except {@code to()}, which is null for a
 * contract creation.
 */
package dev.zg.chain.tx;
