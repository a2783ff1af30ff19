package dev.zg.node.validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartSetTest {
  private static byte[] block(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void splitsAndReassemblesEverySizeShape() {
    int p = PartSet.PART_BYTES;
    for (int size : new int[] {1, p - 1, p, p + 1, 2 * p, 3 * p + 5, 5 * p, 7 * p - 1,
        PartSet.BLOCK_BYTES_MAX}) {
      byte[] block = block(size, size);
      PartSet sent = PartSet.split(block);
      assertThat(sent.header().count()).isEqualTo((size + p - 1) / p);
      PartSet received = PartSet.receiving(sent.header());
      // Out of order: last first.
      for (int i = sent.header().count() - 1; i >= 0; i--) {
        assertThat(received.complete()).isFalse();
        assertThat(received.add(sent.part(i))).as("size %d part %d", size, i)
            .isEqualTo(PartSet.Added.ADDED);
      }
      assertThat(received.complete()).isTrue();
      assertThat(received.assemble()).isEqualTo(block);
    }
  }

  @Test
  void theRootCommitsToTheBytes() {
    byte[] block = block(3 * PartSet.PART_BYTES + 10, 1);
    Hash root = PartSet.split(block).header().root();
    block[PartSet.PART_BYTES + 3] ^= 1;
    assertThat(PartSet.split(block).header().root()).isNotEqualTo(root);
  }

  @Test
  void aTamperedPartIsRejected() {
    byte[] block = block(5 * PartSet.PART_BYTES + 77, 2);
    PartSet sent = PartSet.split(block);
    PartSet received = PartSet.receiving(sent.header());
    PartSet.Part good = sent.part(2);
    byte[] bytes = good.bytes();
    bytes[100] ^= 0x40;
    assertThat(received.add(new PartSet.Part(2, bytes, good.proof())))
        .isEqualTo(PartSet.Added.INVALID);
    // Another part's bytes and proof under this index.
    PartSet.Part other = sent.part(3);
    assertThat(received.add(new PartSet.Part(2, other.bytes(), other.proof())))
        .isEqualTo(PartSet.Added.INVALID);
    // A proof with a wrong sibling, one too short, one too long.
    List<Hash> proof = new ArrayList<>(good.proof());
    proof.set(0, Hash.keccak(new byte[] {1}));
    assertThat(received.add(new PartSet.Part(2, good.bytes(), proof)))
        .isEqualTo(PartSet.Added.INVALID);
    assertThat(received.add(new PartSet.Part(2, good.bytes(),
        good.proof().subList(0, good.proof().size() - 1)))).isEqualTo(PartSet.Added.INVALID);
    List<Hash> longer = new ArrayList<>(good.proof());
    longer.add(Hash.ZERO);
    assertThat(received.add(new PartSet.Part(2, good.bytes(), longer)))
        .isEqualTo(PartSet.Added.INVALID);
    // A part from another block's set.
    PartSet foreign = PartSet.split(block(5 * PartSet.PART_BYTES + 77, 3));
    assertThat(received.add(foreign.part(2))).isEqualTo(PartSet.Added.INVALID);
    assertThat(received.held()).isZero();
    assertThat(received.add(good)).isEqualTo(PartSet.Added.ADDED);
  }

  @Test
  void duplicateAndOutOfRangeIndexes() {
    PartSet sent = PartSet.split(block(3 * PartSet.PART_BYTES, 4));
    PartSet received = PartSet.receiving(sent.header());
    assertThat(received.add(sent.part(1))).isEqualTo(PartSet.Added.ADDED);
    assertThat(received.add(sent.part(1))).isEqualTo(PartSet.Added.DUPLICATE);
    assertThat(received.held()).isEqualTo(1);
    PartSet.Part last = sent.part(2);
    assertThat(received.add(new PartSet.Part(3, last.bytes(), last.proof())))
        .isEqualTo(PartSet.Added.INVALID);
    assertThat(received.add(new PartSet.Part(-1, last.bytes(), last.proof())))
        .isEqualTo(PartSet.Added.INVALID);
    assertThatThrownBy(received::assemble).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void partsOfTheWrongSizeAreRejected() {
    PartSet sent = PartSet.split(block(2 * PartSet.PART_BYTES + 9, 5));
    PartSet received = PartSet.receiving(sent.header());
    PartSet.Part first = sent.part(0);
    byte[] shorter = java.util.Arrays.copyOf(first.bytes(), PartSet.PART_BYTES - 1);
    assertThat(received.add(new PartSet.Part(0, shorter, first.proof())))
        .isEqualTo(PartSet.Added.INVALID);
    assertThat(received.add(new PartSet.Part(2, new byte[0], sent.part(2).proof())))
        .isEqualTo(PartSet.Added.INVALID);
  }

  @Test
  void wireRoundTripOfProposalPartsAndBlockParts() throws Exception {
    PartSet sent = PartSet.split(block(3 * PartSet.PART_BYTES + 1, 6));
    dev.zg.consensus.Signer signer = dev.zg.consensus.Signer.of(
        dev.zg.common.Secp256k1.KeyPair.fromPrivateKey(java.math.BigInteger.valueOf(77)));
    Hash id = Hash.keccak(new byte[] {9});
    for (int pol : new int[] {-1, 0}) {
      dev.zg.consensus.Proposal p = dev.zg.consensus.Proposal.sign(5, 12, 1,
          new dev.zg.consensus.Value(id, new byte[0]), pol, signer);
      WireMessage.ProposalParts header = WireMessage.ProposalParts.of(p, sent.header());
      WireMessage decoded = WireCodec.decode(WireCodec.encode(header));
      assertThat(decoded).isEqualTo(header);
      assertThat(((WireMessage.ProposalParts) decoded).proposal(new byte[0]).verify(5,
          dev.zg.consensus.SignatureVerifier.secp256k1())).isTrue();
    }
    PartSet received = PartSet.receiving(sent.header());
    for (int i = 0; i < sent.header().count(); i++) {
      WireMessage.BlockPart part = new WireMessage.BlockPart(signer.address(), 12, 1,
          sent.part(i));
      WireMessage.BlockPart decoded = (WireMessage.BlockPart) WireCodec.decode(
          WireCodec.encode(part));
      assertThat(decoded.proposer()).isEqualTo(signer.address());
      assertThat(decoded.height()).isEqualTo(12);
      assertThat(decoded.round()).isEqualTo(1);
      assertThat(received.add(decoded.part())).isEqualTo(PartSet.Added.ADDED);
    }
    assertThat(received.complete()).isTrue();
  }

  @Test
  void malformedPartFramesAreRejected() {
    dev.zg.common.Address proposer = dev.zg.common.Address.fromHex("0x" + "11".repeat(20));
    // Index beyond the most parts, bytes beyond a part, a proof beyond the deepest tree.
    List<WireMessage.BlockPart> bad = List.of(
        new WireMessage.BlockPart(proposer, 1, 0,
            new PartSet.Part(PartSet.PARTS_MAX, new byte[1], List.of())),
        new WireMessage.BlockPart(proposer, 1, 0,
            new PartSet.Part(0, new byte[PartSet.PART_BYTES + 1], List.of())),
        new WireMessage.BlockPart(proposer, 1, 0, new PartSet.Part(0, new byte[1],
            java.util.Collections.nCopies(PartSet.PROOF_HASHES_MAX + 1, Hash.ZERO))),
        new WireMessage.BlockPart(proposer, 0, 0, new PartSet.Part(0, new byte[1], List.of())));
    for (WireMessage.BlockPart m : bad) {
      assertThatThrownBy(() -> WireCodec.decode(WireCodec.encode(m)))
          .isInstanceOf(WireCodec.WireException.class);
    }
  }

  @Test
  void limits() {
    assertThatThrownBy(() -> PartSet.split(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PartSet.split(new byte[PartSet.BLOCK_BYTES_MAX + 1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartSet.Header(PartSet.PARTS_MAX + 1, Hash.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartSet.Header(0, Hash.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    PartSet full = PartSet.split(new byte[PartSet.BLOCK_BYTES_MAX]);
    assertThat(full.header().count()).isEqualTo(PartSet.PARTS_MAX);
    for (int i = 0; i < PartSet.PARTS_MAX; i++) {
      assertThat(full.part(i).proof().size()).isLessThanOrEqualTo(PartSet.PROOF_HASHES_MAX);
    }
  }
}
