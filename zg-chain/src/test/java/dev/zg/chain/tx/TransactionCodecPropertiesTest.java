package dev.zg.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpItem;
import dev.zg.common.rlp.RlpReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The codec as a total function: any bytes either decode to a transaction that re-encodes to
 * exactly those bytes (so nothing non-canonical is accepted) or fail with a
 * {@link TransactionDecodingException} naming a field; nothing else is ever thrown, and the
 * validator never throws on what decodes. Inputs are random bytes, random bytes behind a
 * plausible type byte, and valid transactions with a few random edits (which reach the deep
 * field checks that random bytes rarely get past).
 */
class TransactionCodecPropertiesTest {
  private static final CancunTransactionValidator VALIDATOR =
      CancunTransactionValidator.forChain(1);

  enum Edit { FLIP_BIT, SET_BYTE, INSERT_BYTE, DELETE_BYTE, TRUNCATE }

  record Mutation(Edit edit, int position, byte value) {
    byte[] apply(byte[] input) {
      if (input.length == 0) {
        return new byte[] {value};
      }
      int at = Math.floorMod(position, input.length);
      byte[] out;
      switch (edit) {
        case FLIP_BIT -> {
          out = input.clone();
          out[at] ^= (byte) (1 << Math.floorMod(value, 8));
        }
        case SET_BYTE -> {
          out = input.clone();
          out[at] = value;
        }
        case INSERT_BYTE -> out = Bytes.concat(Arrays.copyOf(input, at), new byte[] {value},
            Arrays.copyOfRange(input, at, input.length));
        case DELETE_BYTE -> out = Bytes.concat(
            Arrays.copyOf(input, at), Arrays.copyOfRange(input, at + 1, input.length));
        case TRUNCATE -> out = Arrays.copyOf(input, at);
        default -> throw new AssertionError(edit);
      }
      return out;
    }
  }

  @Property
  void arbitraryBytesNeverCrashTheDecoder(@ForAll @Size(max = 300) byte[] bytes) {
    decodeOrReject(bytes);
  }

  @Property
  void arbitraryTypedPayloadsNeverCrashTheDecoder(
      @ForAll @IntRange(min = 0, max = 5) int type, @ForAll @Size(max = 300) byte[] payload) {
    decodeOrReject(Bytes.concat(new byte[] {(byte) type}, payload));
  }

  @Property
  void editedTransactionsNeverCrashTheDecoder(
      @ForAll("transactions") Transaction tx,
      @ForAll @Size(min = 1, max = 4) List<@From("mutations") Mutation> mutations) {
    byte[] bytes = tx.encode();
    for (Mutation mutation : mutations) {
      bytes = mutation.apply(bytes);
    }
    decodeOrReject(bytes);
  }

  /**
   * Edits that keep the RLP well formed (replace, drop or add a top-level field) so every input
   * gets past the framing and exercises the per-field rules.
   */
  @Property
  void fieldEditsNeverCrashTheDecoder(
      @ForAll("transactions") Transaction tx,
      @ForAll int fieldChoice,
      @ForAll @IntRange(min = 0, max = 2) int editKind,
      @ForAll("rlpItems") RlpItem replacement) {
    byte[] encoded = tx.encode();
    boolean typed = tx.type() != TransactionType.LEGACY;
    List<RlpItem> fields = new ArrayList<>(RlpReader.decode(
        typed ? Arrays.copyOfRange(encoded, 1, encoded.length) : encoded).asList());
    int at = Math.floorMod(fieldChoice, fields.size());
    switch (editKind) {
      case 0 -> fields.set(at, replacement);
      case 1 -> fields.remove(at);
      default -> fields.add(at, replacement);
    }
    byte[] body = RlpItem.list(fields).encode();
    decodeOrReject(typed ? Bytes.concat(new byte[] {encoded[0]}, body) : body);
  }

  @Property
  void decodeInvertsEncode(@ForAll("transactions") Transaction tx) {
    byte[] encoded = tx.encode();
    Transaction decoded = TransactionCodec.decode(encoded);

    assertThat(decoded).isEqualTo(tx);
    assertThat(decoded.hash()).isEqualTo(Hash.keccak(encoded));
    assertThat(decoded.signingHash()).isEqualTo(tx.signingHash());
    assertThat(decoded.sender()).isEqualTo(tx.sender());
  }

  @Property(tries = 100)
  void signedTransactionsRecoverTheirSigner(
      @ForAll("transactions") Transaction tx,
      @ForAll("privateKeys") BigInteger privateKey) {
    Transaction signed = TransactionSigner.sign(tx, privateKey);
    Address signer = Secp256k1.KeyPair.fromPrivateKey(privateKey).address();

    assertThat(TransactionSigner.hasValidSignatureValues(signed.signature())).isTrue();
    assertThat(TransactionCodec.decode(signed.encode()).sender()).contains(signer);
    ValidationResult result = CancunTransactionValidator.withoutChainId().validate(signed);
    if (result instanceof ValidationResult.Valid valid) {
      assertThat(valid.sender()).isEqualTo(signer);
    } else {
      assertThat(((ValidationResult.Invalid) result).error())
          .isNotIn(ValidationError.INVALID_SIGNATURE_VRS, ValidationError.EC_RECOVERY_FAIL);
    }
  }

  @Property(tries = 200)
  void editedNetworkFormsNeverCrashTheDecoder(
      @ForAll @IntRange(min = 0, max = 2) int blobs,
      @ForAll @Size(min = 1, max = 3) List<@From("mutations") Mutation> mutations) {
    byte[] bytes = BlobTransactionWrapperCodec.encode(TransactionFixtures.wrapper(blobs));
    for (Mutation mutation : mutations) {
      bytes = mutation.apply(bytes);
    }
    try {
      BlobTransactionWrapper decoded = BlobTransactionWrapperCodec.decode(bytes);
      assertThat(BlobTransactionWrapperCodec.encode(decoded)).isEqualTo(bytes);
      VALIDATOR.validateNetworkForm(decoded);
    } catch (TransactionDecodingException e) {
      assertThat(e.getMessage()).contains(e.field().label());
    }
  }

  @Property
  void arbitraryBytesNeverCrashTheNetworkFormDecoder(@ForAll @Size(max = 300) byte[] payload) {
    byte[] bytes = Bytes.concat(new byte[] {0x03}, payload);
    try {
      BlobTransactionWrapper decoded = BlobTransactionWrapperCodec.decode(bytes);
      assertThat(BlobTransactionWrapperCodec.encode(decoded)).isEqualTo(bytes);
    } catch (TransactionDecodingException e) {
      assertThat(e.getMessage()).contains(e.field().label());
    }
  }

  private static void decodeOrReject(byte[] bytes) {
    Transaction tx;
    try {
      tx = TransactionCodec.decode(bytes);
    } catch (TransactionDecodingException e) {
      assertThat(e.getMessage()).contains(e.field().label());
      return;
    }
    assertThat(TransactionCodec.encode(tx)).as("only canonical input decodes").isEqualTo(bytes);
    assertThat(VALIDATOR.validate(tx)).isNotNull();
  }

  // ---- generators ----

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(Arbitraries.of(Edit.class), Arbitraries.integers().greaterOrEqual(0),
        Arbitraries.bytes()).as(Mutation::new);
  }

  /** Strings of awkward sizes (empty, leading zeros, 20/21/32/33 bytes) and small lists. */
  @Provide
  Arbitrary<RlpItem> rlpItems() {
    Arbitrary<RlpItem> strings = Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
        Arbitraries.of(0, 1, 19, 20, 21, 31, 32, 33, 47, 48, 49).flatMap(
            n -> Arbitraries.bytes().array(byte[].class).ofSize(n)),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(9).map(
            b -> Bytes.concat(new byte[] {0}, b)))
        .map(RlpItem::string);
    Arbitrary<RlpItem> lists = strings.list().ofMaxSize(3).map(RlpItem::list);
    Arbitrary<RlpItem> nested = lists.list().ofMaxSize(2).map(RlpItem::list);
    return Arbitraries.frequencyOf(Tuple.of(6, strings), Tuple.of(2, lists), Tuple.of(1, nested));
  }

  @Provide
  Arbitrary<BigInteger> privateKeys() {
    return Arbitraries.bigIntegers().between(BigInteger.ONE, Secp256k1.N.subtract(BigInteger.ONE));
  }

  @Provide
  Arbitrary<Transaction> transactions() {
    return Arbitraries.oneOf(legacy(), accessListTransactions(), dynamicFee(), blob());
  }

  /** Fields every type has, drawn once and shared by the per-type generators. */
  record Common(long nonce, long gasLimit, Address to, BigInteger value, byte[] data,
      List<AccessListEntry> accessList, Secp256k1.Signature signature) {}

  private Arbitrary<Common> common() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(),
        addresses().injectNull(0.3), uint256(), data(), accessLists(), signatures())
        .as(Common::new);
  }

  private Arbitrary<Transaction> legacy() {
    Arbitrary<OptionalLong> maybeChain = Arbitraries.oneOf(
        Arbitraries.longs().map(OptionalLong::of), Arbitraries.just(OptionalLong.empty()));
    return Combinators.combine(common(), uint256(), maybeChain).as((c, price, chain) ->
        new LegacyTransaction(c.nonce(), price, c.gasLimit(), c.to(), c.value(), c.data(), chain,
            c.signature()));
  }

  private Arbitrary<Transaction> accessListTransactions() {
    return Combinators.combine(common(), Arbitraries.longs(), uint256()).as((c, chain, price) ->
        new AccessListTransaction(chain, c.nonce(), price, c.gasLimit(), c.to(), c.value(),
            c.data(), c.accessList(), c.signature()));
  }

  private Arbitrary<Transaction> dynamicFee() {
    return Combinators.combine(common(), Arbitraries.longs(), uint256(), uint256())
        .as((c, chain, tip, cap) -> new DynamicFeeTransaction(chain, c.nonce(), tip, cap,
            c.gasLimit(), c.to(), c.value(), c.data(), c.accessList(), c.signature()));
  }

  private Arbitrary<Transaction> blob() {
    Arbitrary<List<Hash>> hashes = hashes().list().ofMaxSize(8);
    return Combinators.combine(common(), Arbitraries.longs(), uint256(), uint256(), uint256(),
        hashes, addresses()).as((c, chain, tip, cap, blobCap, versioned, to) ->
            new BlobTransaction(chain, c.nonce(), tip, cap, c.gasLimit(),
                Optional.ofNullable(c.to()).orElse(to), c.value(), c.data(), c.accessList(),
                blobCap, versioned, c.signature()));
  }

  private static Arbitrary<BigInteger> uint256() {
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(Long.MAX_VALUE)),
        Arbitraries.bigIntegers().between(BigInteger.ZERO, FieldChecks.UINT256_MAX));
  }

  private static Arbitrary<byte[]> data() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
  }

  private static Arbitrary<Address> addresses() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Address.LENGTH).map(Address::wrap);
  }

  private static Arbitrary<Hash> hashes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(Hash.LENGTH).map(Hash::wrap);
  }

  private static Arbitrary<List<AccessListEntry>> accessLists() {
    Arbitrary<AccessListEntry> entry = Combinators.combine(addresses(),
        hashes().list().ofMaxSize(3)).as(AccessListEntry::new);
    return entry.list().ofMaxSize(3);
  }

  private static Arbitrary<Secp256k1.Signature> signatures() {
    return Combinators.combine(uint256(), uint256(), Arbitraries.integers().between(0, 1))
        .as(Secp256k1.Signature::new);
  }
}
