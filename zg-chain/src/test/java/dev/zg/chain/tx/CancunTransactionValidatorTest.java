package dev.zg.chain.tx;

import static dev.zg.chain.tx.TransactionFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.tx.ValidationResult.Invalid;
import dev.zg.chain.tx.ValidationResult.Valid;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CancunTransactionValidatorTest {
  private static final CancunTransactionValidator VALIDATOR =
      CancunTransactionValidator.forChain(TransactionFixtures.CHAIN_ID);
  private static final BlockContext BLOCK =
      new BlockContext(30_000_000, BigInteger.valueOf(7), BigInteger.ONE);

  @Test
  void signedTransactionsOfEveryTypeAreValid() {
    for (Transaction unsigned : TransactionFixtures.allTypes()) {
      Transaction tx = TransactionSigner.sign(unsigned, KEY.privateKey());
      ValidationResult result = VALIDATOR.validate(tx, BLOCK);
      assertThat(result).as(tx.toString())
          .isEqualTo(new Valid(KEY.address(), IntrinsicGas.of(tx)));
    }
  }

  @Test
  void chainIdMustMatchWhenConfigured() {
    Transaction other = sign(TransactionFixtures.dynamicFee().withChainId(1));

    assertError(VALIDATOR.validate(other), ValidationError.INVALID_CHAINID);
    assertThat(CancunTransactionValidator.withoutChainId().validate(other).isValid()).isTrue();
    Transaction unprotected = sign(TransactionFixtures.legacy().withoutChainId());
    assertThat(VALIDATOR.validate(unprotected).isValid()).as("pre-EIP-155 still valid").isTrue();
  }

  @Test
  void signatureValuesFollowEip2() {
    Transaction tx = sign(TransactionFixtures.accessList());
    Secp256k1.Signature sig = tx.signature();
    Secp256k1.Signature highS =
        new Secp256k1.Signature(sig.r(), Secp256k1.N.subtract(sig.s()), sig.recoveryId() ^ 1);
    Secp256k1.Signature rTooBig = new Secp256k1.Signature(Secp256k1.N, sig.s(), 0);

    assertError(VALIDATOR.validate(tx.withSignature(highS)), ValidationError.INVALID_SIGNATURE_VRS);
    assertError(VALIDATOR.validate(tx.withSignature(rTooBig)),
        ValidationError.INVALID_SIGNATURE_VRS);
    assertError(VALIDATOR.validate(tx.withSignature(Transaction.UNSIGNED)),
        ValidationError.INVALID_SIGNATURE_VRS);
  }

  @Test
  void signatureWhoseRIsNoCurvePointRecoversNothing() {
    Transaction tx = sign(TransactionFixtures.accessList());
    Secp256k1.Signature notOnCurve =
        new Secp256k1.Signature(smallestXWithoutCurvePoint(), BigInteger.ONE, 0);

    assertError(VALIDATOR.validate(tx.withSignature(notOnCurve)), ValidationError.EC_RECOVERY_FAIL);
  }

  @Test
  void nonceMustStayBelowTwoToTheSixtyFourMinusOne() {
    assertError(VALIDATOR.validate(sign(legacyWithNonce(-1L))), ValidationError.NONCE_TOO_BIG);
    assertThat(VALIDATOR.validate(sign(legacyWithNonce(-2L))).isValid()).isTrue();
  }

  @Test
  void feeRules() {
    BigInteger max = FieldChecks.UINT256_MAX;
    assertError(VALIDATOR.validate(sign(dynamic(BigInteger.TEN, BigInteger.ONE, 21_000))),
        ValidationError.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS);
    assertError(VALIDATOR.validate(sign(dynamic(BigInteger.ONE, max, 21_000))),
        ValidationError.GASLIMIT_PRICE_PRODUCT_OVERFLOW);
    assertThat(VALIDATOR.validate(sign(dynamic(BigInteger.ONE, max, 1))).isValid())
        .as("intrinsic gas fails later, not the product").isFalse();
    BigInteger fitsWithGas21000 = max.divide(BigInteger.valueOf(21_000));
    assertThat(VALIDATOR.validate(sign(dynamic(BigInteger.ONE, fitsWithGas21000, 21_000))))
        .isInstanceOf(Valid.class);
  }

  @Test
  void initCodeIsLimitedToTwiceTheCodeSizeLimit() {
    int limit = CancunTransactionValidator.INIT_CODE_SIZE_BYTES_MAX;
    assertThat(VALIDATOR.validate(sign(create(limit))).isValid()).isTrue();
    assertError(VALIDATOR.validate(sign(create(limit + 1))),
        ValidationError.INITCODE_SIZE_EXCEEDED);
  }

  @Test
  void blobRules() {
    assertError(VALIDATOR.validate(sign(TransactionFixtures.blob(0))),
        ValidationError.TYPE_3_TX_ZERO_BLOBS);
    assertThat(VALIDATOR.validate(sign(TransactionFixtures.blob(6))).isValid()).isTrue();
    assertError(VALIDATOR.validate(sign(TransactionFixtures.blob(7))),
        ValidationError.TYPE_3_TX_BLOB_COUNT_EXCEEDED);
    List<Hash> hashes = new ArrayList<>(TransactionFixtures.blob(2).blobVersionedHashes());
    byte[] version2 = hashes.get(1).toArray();
    version2[0] = 0x02;
    hashes.set(1, Hash.wrap(version2));
    assertError(VALIDATOR.validate(sign(TransactionFixtures.blob(hashes))),
        ValidationError.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH);
  }

  @Test
  void gasLimitMustCoverIntrinsicGasExactly() {
    LegacyTransaction base = TransactionFixtures.legacy();
    long intrinsic = IntrinsicGas.of(base);

    assertThat(VALIDATOR.validate(sign(legacyWithGas(intrinsic))))
        .isEqualTo(new Valid(KEY.address(), intrinsic));
    assertError(VALIDATOR.validate(sign(legacyWithGas(intrinsic - 1))),
        ValidationError.INTRINSIC_GAS_TOO_LOW);
    assertThat(VALIDATOR.validate(sign(legacyWithGas(-1L))).isValid())
        .as("gas limit 2^64 - 1 is a large unsigned value, not a negative one").isTrue();
  }

  @Test
  void blockContextRules() {
    Transaction tx = sign(TransactionFixtures.blob(1)); // fee cap 10 gwei, blob fee cap 3
    BigInteger tenGwei = TransactionFixtures.GWEI.multiply(BigInteger.TEN);

    assertThat(VALIDATOR.validate(tx, new BlockContext(80_000, tenGwei, BigInteger.valueOf(3))))
        .isInstanceOf(Valid.class);
    assertError(VALIDATOR.validate(tx, new BlockContext(79_999, tenGwei, BigInteger.ONE)),
        ValidationError.GAS_ALLOWANCE_EXCEEDED);
    assertError(VALIDATOR.validate(tx,
            new BlockContext(80_000, tenGwei.add(BigInteger.ONE), BigInteger.ONE)),
        ValidationError.INSUFFICIENT_MAX_FEE_PER_GAS);
    assertError(VALIDATOR.validate(tx, new BlockContext(80_000, tenGwei, BigInteger.valueOf(4))),
        ValidationError.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS);
  }

  @Test
  void networkFormMustMatchItsTransaction() {
    BlobTransactionWrapper wrapper = TransactionFixtures.wrapper(2);
    assertThat(VALIDATOR.validateNetworkForm(wrapper)).isInstanceOf(Valid.class);

    BlobTransactionWrapper missingProof = new BlobTransactionWrapper(wrapper.transaction(),
        wrapper.blobs(), wrapper.commitments(), wrapper.proofs().subList(0, 1));
    assertError(VALIDATOR.validateNetworkForm(missingProof),
        ValidationError.BLOB_SIDECAR_COUNT_MISMATCH);

    List<KzgCommitment> swapped = new ArrayList<>(wrapper.commitments());
    Collections.reverse(swapped);
    BlobTransactionWrapper wrongOrder = new BlobTransactionWrapper(wrapper.transaction(),
        wrapper.blobs(), swapped, wrapper.proofs());
    assertError(VALIDATOR.validateNetworkForm(wrongOrder),
        ValidationError.BLOB_VERSIONED_HASH_MISMATCH);
  }

  @Test
  void intrinsicGasCountsEveryPart() {
    byte[] data = {0, 1, 0, 2, 0};
    List<AccessListEntry> accessList = TransactionFixtures.ACCESS_LIST; // 2 addresses, 2 keys
    long call = 21_000 + 3 * 4 + 2 * 16 + 2 * 2_400 + 2 * 1_900;

    assertThat(IntrinsicGas.of(data, false, accessList)).isEqualTo(call);
    assertThat(IntrinsicGas.of(data, true, accessList)).as("one init-code word")
        .isEqualTo(call + 32_000 + 2);
    assertThat(IntrinsicGas.of(new byte[33], true, List.of()))
        .isEqualTo(21_000 + 33 * 4 + 32_000 + 2 * 2);
    assertThat(IntrinsicGas.of(new byte[0], false, List.of())).isEqualTo(21_000);
  }

  private static Transaction sign(Transaction tx) {
    return TransactionSigner.sign(tx, KEY.privateKey());
  }

  private static LegacyTransaction legacyWithNonce(long nonce) {
    return new LegacyTransaction(nonce, BigInteger.ONE, 21_000, TransactionFixtures.TO,
        BigInteger.ZERO, new byte[0], OptionalLong.of(TransactionFixtures.CHAIN_ID),
        Transaction.UNSIGNED);
  }

  private static LegacyTransaction legacyWithGas(long gasLimit) {
    LegacyTransaction base = TransactionFixtures.legacy();
    return new LegacyTransaction(base.nonce(), BigInteger.ONE, gasLimit, base.to(), base.value(),
        base.data(), base.chainId(), Transaction.UNSIGNED);
  }

  private static DynamicFeeTransaction dynamic(BigInteger tip, BigInteger feeCap, long gas) {
    return new DynamicFeeTransaction(TransactionFixtures.CHAIN_ID, 0, tip, feeCap, gas,
        TransactionFixtures.TO, BigInteger.ZERO, new byte[0], List.of(), Transaction.UNSIGNED);
  }

  private static DynamicFeeTransaction create(int initCodeBytes) {
    return new DynamicFeeTransaction(TransactionFixtures.CHAIN_ID, 0, BigInteger.ONE,
        BigInteger.ONE, 1_000_000, null, BigInteger.ZERO, new byte[initCodeBytes], List.of(),
        Transaction.UNSIGNED);
  }

  /** An r that passes the range check yet has no point on the curve (x^3 + 7 not a square). */
  private static BigInteger smallestXWithoutCurvePoint() {
    BigInteger p = Secp256k1.P;
    BigInteger legendreExponent = p.subtract(BigInteger.ONE).shiftRight(1);
    for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(p);
      if (rhs.modPow(legendreExponent, p).equals(p.subtract(BigInteger.ONE))) {
        return x;
      }
    }
  }

  private static void assertError(ValidationResult result, ValidationError error) {
    assertThat(result).isInstanceOfSatisfying(Invalid.class, invalid -> {
      assertThat(invalid.error()).isEqualTo(error);
      assertThat(invalid.message()).isNotBlank();
    });
  }
}
