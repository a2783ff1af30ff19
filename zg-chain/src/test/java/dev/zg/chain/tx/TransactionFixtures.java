package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Small, valid, unsigned transactions of each type, and a key to sign them with. */
final class TransactionFixtures {
  static final long CHAIN_ID = 16_600;
  static final Secp256k1.KeyPair KEY =
      Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(0xC0FFEE));
  static final Address TO = Address.fromHex("0x00000000000000000000000000000000000000aa");
  static final BigInteger GWEI = BigInteger.TEN.pow(9);
  static final List<AccessListEntry> ACCESS_LIST = List.of(
      new AccessListEntry(TO, List.of(Hash.ZERO, Hash.EMPTY_KECCAK)),
      new AccessListEntry(Address.ZERO, List.of()));

  private TransactionFixtures() {}

  static LegacyTransaction legacy() {
    return new LegacyTransaction(7, GWEI, 50_000, TO, BigInteger.ONE, new byte[] {1, 0, 2},
        OptionalLong.of(CHAIN_ID), Transaction.UNSIGNED);
  }

  static AccessListTransaction accessList() {
    return new AccessListTransaction(CHAIN_ID, 8, GWEI, 60_000, TO, BigInteger.TWO,
        new byte[] {0, 0, 3}, ACCESS_LIST, Transaction.UNSIGNED);
  }

  static DynamicFeeTransaction dynamicFee() {
    return new DynamicFeeTransaction(CHAIN_ID, 9, GWEI, GWEI.multiply(BigInteger.TEN), 70_000,
        null, BigInteger.ZERO, new byte[] {0x60, 0x00}, ACCESS_LIST, Transaction.UNSIGNED);
  }

  static BlobTransaction blob(List<Hash> versionedHashes) {
    return new BlobTransaction(CHAIN_ID, 10, GWEI, GWEI.multiply(BigInteger.TEN), 80_000, TO,
        BigInteger.ZERO, new byte[0], List.of(), BigInteger.valueOf(3), versionedHashes,
        Transaction.UNSIGNED);
  }

  static BlobTransaction blob(int blobCount) {
    List<Hash> hashes = new ArrayList<>();
    for (int i = 0; i < blobCount; i++) {
      hashes.add(commitment(i).versionedHash());
    }
    return blob(hashes);
  }

  static List<Transaction> allTypes() {
    return List.of(legacy(), legacy().withoutChainId(), accessList(), dynamicFee(), blob(2));
  }

  static KzgCommitment commitment(int seed) {
    byte[] bytes = new byte[KzgCommitment.SIZE_BYTES];
    new SplittableRandom(seed).nextBytes(bytes);
    return new KzgCommitment(bytes);
  }

  static KzgProof proof(int seed) {
    byte[] bytes = new byte[KzgProof.SIZE_BYTES];
    new SplittableRandom(1000L + seed).nextBytes(bytes);
    return new KzgProof(bytes);
  }

  static Blob blobContent(long seed) {
    byte[] bytes = new byte[Blob.SIZE_BYTES];
    new SplittableRandom(seed).nextBytes(bytes);
    return new Blob(bytes);
  }

  /** A signed wrapper whose sidecar matches (commitments hash to the versioned hashes). */
  static BlobTransactionWrapper wrapper(int blobCount) {
    BlobTransaction tx = TransactionSigner.sign(blob(blobCount), KEY.privateKey());
    List<Blob> blobs = new ArrayList<>();
    List<KzgCommitment> commitments = new ArrayList<>();
    List<KzgProof> proofs = new ArrayList<>();
    for (int i = 0; i < blobCount; i++) {
      blobs.add(blobContent(i));
      commitments.add(commitment(i));
      proofs.add(proof(i));
    }
    return new BlobTransactionWrapper(tx, blobs, commitments, proofs);
  }
}
