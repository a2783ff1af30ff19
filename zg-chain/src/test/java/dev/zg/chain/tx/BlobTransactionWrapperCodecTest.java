package dev.zg.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpWriter;
import org.junit.jupiter.api.Test;

class BlobTransactionWrapperCodecTest {

  @Test
  void networkFormRoundTripsAndKeepsTheCanonicalHash() {
    BlobTransactionWrapper wrapper = TransactionFixtures.wrapper(2);
    byte[] encoded = BlobTransactionWrapperCodec.encode(wrapper);

    BlobTransactionWrapper decoded = BlobTransactionWrapperCodec.decode(encoded);

    assertThat(decoded).isEqualTo(wrapper);
    assertThat(encoded[0]).isEqualTo((byte) 0x03);
    assertThat(decoded.transaction().hash()).isEqualTo(wrapper.transaction().hash());
    assertThat(decoded.transaction().sender()).contains(TransactionFixtures.KEY.address());
  }

  @Test
  void formsAreNotInterchangeable() {
    BlobTransactionWrapper wrapper = TransactionFixtures.wrapper(1);
    byte[] network = BlobTransactionWrapperCodec.encode(wrapper);
    byte[] canonical = wrapper.transaction().encode();

    assertThatThrownBy(() -> TransactionCodec.decode(network))
        .isInstanceOf(TransactionDecodingException.class);
    assertThatThrownBy(() -> BlobTransactionWrapperCodec.decode(canonical))
        .isInstanceOf(TransactionDecodingException.class);
    assertThatThrownBy(() -> BlobTransactionWrapperCodec.decode(
            TransactionSigner.sign(TransactionFixtures.dynamicFee(), TransactionFixtures.KEY
                .privateKey()).encode()))
        .isInstanceOfSatisfying(TransactionDecodingException.class,
            e -> assertThat(e.field()).isEqualTo(TransactionField.TYPE));
  }

  @Test
  void versionedHashOfTheEmptyBlobCommitment() {
    // The commitment to the all-zero blob is the compressed point at infinity (0xc0, zeros);
    // its versioned hash is widely published (e.g. in consensus-spec and client tests).
    byte[] infinity = new byte[KzgCommitment.SIZE_BYTES];
    infinity[0] = (byte) 0xc0;

    assertThat(new KzgCommitment(infinity).versionedHash()).isEqualTo(Hash.fromHex(
        "0x010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014"));
  }

  @Test
  void sidecarItemsMustHaveTheirExactSizes() {
    BlobTransaction tx = TransactionFixtures.wrapper(1).transaction();
    byte[] blob = new byte[Blob.SIZE_BYTES];
    byte[] item48 = new byte[KzgProof.SIZE_BYTES];

    assertField(networkForm(tx, new byte[Blob.SIZE_BYTES - 1], item48, item48),
        TransactionField.BLOBS);
    assertField(networkForm(tx, blob, new byte[49], item48), TransactionField.COMMITMENTS);
    assertField(networkForm(tx, blob, item48, new byte[47]), TransactionField.PROOFS);
    assertThat(BlobTransactionWrapperCodec.decode(networkForm(tx, blob, item48, item48))
        .proofs()).hasSize(1);
  }

  /** The network form with one raw item of each kind, whatever their sizes. */
  private static byte[] networkForm(
      BlobTransaction tx, byte[] blob, byte[] commitment, byte[] proof) {
    RlpWriter out = new RlpWriter();
    out.writeRaw(new byte[] {0x03});
    out.startList();
    TransactionCodec.writeBody(out, tx, tx.data());
    for (byte[] item : new byte[][] {blob, commitment, proof}) {
      out.startList().writeBytes(item).endList();
    }
    out.endList();
    return out.toByteArray();
  }

  private static void assertField(byte[] encoded, TransactionField field) {
    assertThatThrownBy(() -> BlobTransactionWrapperCodec.decode(encoded))
        .isInstanceOfSatisfying(TransactionDecodingException.class,
            e -> assertThat(e.field()).isEqualTo(field));
  }
}
