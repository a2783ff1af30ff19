package dev.zg.chain.tx;

import static dev.zg.chain.tx.TransactionFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpReader;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TransactionCodecTest {

  static List<Transaction> unsignedOfEveryType() {
    return TransactionFixtures.allTypes();
  }

  @ParameterizedTest
  @MethodSource("unsignedOfEveryType")
  void signEncodeDecodeGivesTheSameTransactionAndSender(Transaction unsigned) {
    Transaction signed = TransactionSigner.sign(unsigned, KEY.privateKey());
    byte[] encoded = signed.encode();

    Transaction decoded = TransactionCodec.decode(encoded);

    assertThat(decoded).isEqualTo(signed).hasSameHashCodeAs(signed);
    assertThat(decoded.getClass()).isEqualTo(unsigned.getClass());
    assertThat(decoded.type()).isEqualTo(unsigned.type());
    assertThat(decoded.signedChainId()).isEqualTo(unsigned.signedChainId());
    assertThat(decoded.nonce()).isEqualTo(unsigned.nonce());
    assertThat(decoded.maxFeePerGas()).isEqualTo(unsigned.maxFeePerGas());
    assertThat(decoded.maxPriorityFeePerGas()).isEqualTo(unsigned.maxPriorityFeePerGas());
    assertThat(decoded.gasLimit()).isEqualTo(unsigned.gasLimit());
    assertThat(decoded.to()).isEqualTo(unsigned.to());
    assertThat(decoded.value()).isEqualTo(unsigned.value());
    assertThat(decoded.data()).isEqualTo(unsigned.data());
    assertThat(decoded.accessList()).isEqualTo(unsigned.accessList());
    assertThat(decoded.blobVersionedHashes()).isEqualTo(unsigned.blobVersionedHashes());
    assertThat(decoded.signature()).isEqualTo(signed.signature());
    assertThat(decoded.sender()).contains(KEY.address());
    assertThat(decoded.hash()).isEqualTo(Hash.keccak(encoded));
    assertThat(decoded.signingHash()).isEqualTo(unsigned.signingHash());
    // The decoded form keeps its encoding: equal to a fresh one, and never shared with callers.
    byte[] again = decoded.encode();
    assertThat(again).isEqualTo(encoded).isNotSameAs(encoded);
    again[again.length - 1] ^= 1;
    assertThat(decoded.encode()).isEqualTo(encoded);
    encoded[encoded.length - 1] ^= 1;
    assertThat(decoded.encode()).isNotEqualTo(encoded);
    assertThat(decoded.hash()).isEqualTo(signed.hash());
    if (unsigned.type() != TransactionType.LEGACY) {
      assertThat(encoded[0]).isEqualTo((byte) unsigned.type().typeByte());
    }
  }

  @Test
  void eip155ExampleFromTheEip() {
    // https://eips.ethereum.org/EIPS/eip-155, "Example".
    BigInteger key = new BigInteger("46".repeat(32), 16);
    LegacyTransaction tx = new LegacyTransaction(9, BigInteger.valueOf(20_000_000_000L), 21_000,
        Address.fromHex("0x" + "35".repeat(20)), BigInteger.TEN.pow(18), new byte[0],
        OptionalLong.empty(), Transaction.UNSIGNED);

    LegacyTransaction signed = TransactionSigner.sign(tx, 1, key);

    assertThat(Hex.prefixed(TransactionCodec.signingPayload(signed))).isEqualTo("0xec098504a817c8"
        + "00825208943535353535353535353535353535353535353535880de0b6b3a764000080018080");
    assertThat(signed.signingHash()).isEqualTo(Hash.fromHex(
        "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"));
    String raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3"
        + "a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cb"
        + "e9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
    assertThat(Hex.prefixed(signed.encode())).isEqualTo(raw);
    assertThat(signed.v()).isEqualTo(BigInteger.valueOf(37));
    Transaction decoded = TransactionCodec.decode(Hex.decode(raw));
    assertThat(decoded).isEqualTo(signed);
    assertThat(decoded.sender())
        .contains(Address.fromHex("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"));
  }

  @Test
  void legacyWithoutChainIdUsesV27Or28AndSignsTheSixFields() {
    LegacyTransaction signed =
        TransactionSigner.sign(TransactionFixtures.legacy().withoutChainId(), KEY.privateKey());

    assertThat(signed.v().intValue()).isIn(27, 28);
    assertThat(signed.signedChainId()).isEmpty();
    byte[] payload = TransactionCodec.signingPayload(signed);
    assertThat(new RlpReader(payload).readList()).satisfies(list -> {
      for (int i = 0; i < 6; i++) {
        list.skip();
      }
      assertThat(list.hasNext()).isFalse();
    });
  }

  @Test
  void legacyChainIdUsesAllSixtyFourUnsignedBits() {
    long chainId = -1L; // 2^64 - 1
    LegacyTransaction signed =
        TransactionSigner.sign(TransactionFixtures.legacy(), chainId, KEY.privateKey());

    BigInteger expectedV = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE).shiftLeft(1)
        .add(BigInteger.valueOf(35 + signed.signature().recoveryId()));
    assertThat(signed.v()).isEqualTo(expectedV);
    Transaction decoded = TransactionCodec.decode(signed.encode());
    assertThat(decoded.signedChainId()).hasValue(chainId);
    assertThat(decoded.sender()).contains(KEY.address());
  }

  @Test
  void signingWithAChainIdRebindsTypedTransactions() {
    DynamicFeeTransaction signed =
        TransactionSigner.sign(TransactionFixtures.dynamicFee(), 5, KEY.privateKey());

    assertThat(signed.chainId()).isEqualTo(5);
    assertThat(signed.sender()).contains(KEY.address());
  }

  @Test
  void theSignatureCommitsToTheChainId() {
    DynamicFeeTransaction signed =
        TransactionSigner.sign(TransactionFixtures.dynamicFee(), KEY.privateKey());

    assertThat(signed.withChainId(signed.chainId() + 1).sender()).isNotEqualTo(signed.sender());
  }

  @Test
  void highSIsNotASender() {
    DynamicFeeTransaction signed =
        TransactionSigner.sign(TransactionFixtures.dynamicFee(), KEY.privateKey());
    Secp256k1.Signature low = signed.signature();
    Secp256k1.Signature high =
        new Secp256k1.Signature(low.r(), Secp256k1.N.subtract(low.s()), low.recoveryId() ^ 1);

    assertThat(Secp256k1.recoverAddress(signed.signingHash().toArray(), high))
        .as("the malleated signature still recovers the key").isEqualTo(KEY.address());
    assertThat(signed.withSignature(high).sender()).as("but EIP-2 forbids it").isEmpty();
    assertThat(signed.withSignature(Transaction.UNSIGNED).sender()).isEmpty();
  }

  @Test
  void senderAndHashAreCachedPerInstance() {
    Transaction signed = TransactionSigner.sign(TransactionFixtures.accessList(), KEY.privateKey());

    assertThat(signed.sender().orElseThrow()).isSameAs(signed.sender().orElseThrow());
    assertThat(signed.hash()).isSameAs(signed.hash());
  }

  @Test
  void equalityFollowsEveryField() {
    Transaction a = TransactionFixtures.legacy();
    Transaction b = TransactionFixtures.legacy();
    LegacyTransaction other = new LegacyTransaction(7, TransactionFixtures.GWEI, 50_000,
        TransactionFixtures.TO, BigInteger.ONE, new byte[] {1, 0, 3}, OptionalLong.of(16_600),
        Transaction.UNSIGNED);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
    assertThat(a).isNotEqualTo(TransactionFixtures.accessList());
    assertThat(a.toString()).contains("LegacyTransaction", "nonce=7", "data=0x010002");
  }

  @Test
  void recordsDefendTheirArrays() {
    byte[] data = {1, 2, 3};
    LegacyTransaction tx = new LegacyTransaction(0, BigInteger.ONE, 21_000, null, BigInteger.ZERO,
        data, OptionalLong.empty(), Transaction.UNSIGNED);
    Hash before = tx.hash();
    data[0] = 9;
    tx.data()[1] = 9;

    assertThat(tx.data()).containsExactly(1, 2, 3);
    assertThat(Hash.keccak(tx.encode())).isEqualTo(before);
  }

  @Test
  void recordsRejectValuesTheWireCannotCarry() {
    BigInteger tooWide = BigInteger.ONE.shiftLeft(256);
    assertThatThrownBy(() -> new LegacyTransaction(0, tooWide, 0, null, BigInteger.ZERO,
        new byte[0], OptionalLong.empty(), Transaction.UNSIGNED))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gasPrice");
    assertThatThrownBy(() -> TransactionFixtures.dynamicFee().withSignature(
        new Secp256k1.Signature(BigInteger.ONE, BigInteger.ONE, 2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parity");
    assertThatThrownBy(() -> new BlobTransaction(1, 0, BigInteger.ONE, BigInteger.ONE, 0, null,
        BigInteger.ZERO, new byte[0], List.of(), BigInteger.ONE, List.of(), Transaction.UNSIGNED))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("EIP-4844");
    assertThatThrownBy(() -> new AccessListTransaction(1, 0, BigInteger.valueOf(-1), 0, null,
        BigInteger.ZERO, new byte[0], List.of(), Transaction.UNSIGNED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void effectiveGasPriceIsTheCapOrBaseFeePlusTip() {
    DynamicFeeTransaction tx = new DynamicFeeTransaction(1, 0, BigInteger.TEN,
        BigInteger.valueOf(100), 21_000, null, BigInteger.ZERO, new byte[0], List.of(),
        Transaction.UNSIGNED);

    assertThat(tx.effectiveGasPrice(BigInteger.valueOf(50))).isEqualTo(BigInteger.valueOf(60));
    assertThat(tx.effectiveGasPrice(BigInteger.valueOf(95))).isEqualTo(BigInteger.valueOf(100));
    assertThat(TransactionFixtures.legacy().effectiveGasPrice(BigInteger.ONE))
        .isEqualTo(TransactionFixtures.GWEI);
  }

  @Test
  void malformedInputNamesTheField() {
    byte[] good = TransactionSigner.sign(TransactionFixtures.dynamicFee(), KEY.privateKey())
        .encode();

    assertField(new byte[0], TransactionField.ENVELOPE);
    assertField(new byte[] {(byte) 0x80}, TransactionField.TYPE);
    assertField(new byte[] {0x04, (byte) 0xc0}, TransactionField.TYPE);
    assertField(new byte[] {0x00, (byte) 0xc0}, TransactionField.TYPE);
    assertField(new byte[] {0x02}, TransactionField.ENVELOPE);
    assertField(Bytes.concat(good, new byte[] {0}), TransactionField.ENVELOPE);
    assertField(new byte[] {0x02, (byte) 0xc1, (byte) 0x80}, TransactionField.NONCE);
    assertField(new byte[] {0x02, (byte) 0xc0}, TransactionField.CHAIN_ID);
    assertField(Hex.decode("0xc9808080808080808080"), TransactionField.V);
  }

  @Test
  void blobTransactionsCannotCreate() {
    byte[] encoded = TransactionFixtures.blob(1).encode();
    // Replace the 20-byte recipient (0x94 + 20 bytes) with the empty string 0x80.
    String hex = Hex.encode(encoded);
    String to = "94" + Hex.encode(TransactionFixtures.TO.toArray());
    byte[] create = Hex.decode(hex.replace(to, "80"));
    create[1] = (byte) 0xf8; // keep the long-list header, shorter by 20 bytes
    create[2] = (byte) ((encoded[2] & 0xff) - 20);

    assertField(create, TransactionField.TO);
  }

  private static void assertField(byte[] encoded, TransactionField field) {
    assertThatThrownBy(() -> TransactionCodec.decode(encoded))
        .isInstanceOfSatisfying(TransactionDecodingException.class,
            e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field.label());
  }
}
