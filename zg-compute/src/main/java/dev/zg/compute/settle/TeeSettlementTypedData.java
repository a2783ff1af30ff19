package dev.zg.compute.settle;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.compute.billing.MeteredRequest;
import dev.zg.compute.chain.SettlementItem;
import dev.zg.compute.token.PersonalSign;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EIP-712 typed data of InferenceServing's settlement: domain {@code {name "0G Inference
 * Serving", version "1", chainId, verifyingContract}} and struct
 * {@code TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,
 * uint256 totalFee)}. The contract recovers the signer of {@link #digest} and requires the
 * service's {@code teeSignerAddress}.
 */
public final class TeeSettlementTypedData {
  public static final String DOMAIN_NAME = "0G Inference Serving";
  public static final String DOMAIN_VERSION = "1";
  public static final byte[] DOMAIN_TYPEHASH = Keccak256.hash(ascii(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"));
  public static final byte[] SETTLEMENT_TYPEHASH = Keccak256.hash(ascii(
      "TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,"
          + "uint256 totalFee)"));

  private final byte[] domainSeparator;

  public TeeSettlementTypedData(long chainId, Address servingContract) {
    this.domainSeparator = Keccak256.hash(Bytes.concat(
        DOMAIN_TYPEHASH,
        Keccak256.hash(ascii(DOMAIN_NAME)),
        Keccak256.hash(ascii(DOMAIN_VERSION)),
        word(BigInteger.valueOf(chainId)),
        servingContract.toWord()));
  }

  public byte[] domainSeparator() {
    return domainSeparator.clone();
  }

  /** hashStruct(TEESettlement). */
  public static byte[] structHash(Hash requestsHash, BigInteger nonce, Address provider,
      Address user, BigInteger totalFee) {
    return Keccak256.hash(Bytes.concat(SETTLEMENT_TYPEHASH, requestsHash.toArray(), word(nonce),
        provider.toWord(), user.toWord(), word(totalFee)));
  }

  /** keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct), the digest that is signed. */
  public byte[] digest(Hash requestsHash, BigInteger nonce, Address provider, Address user,
      BigInteger totalFee) {
    return Keccak256.hash(Bytes.concat(new byte[] {0x19, 0x01}, domainSeparator,
        structHash(requestsHash, nonce, provider, user, totalFee)));
  }

  /** A complete, signed settlement item (v = 27/28, as OpenZeppelin's ECDSA accepts). */
  public SettlementItem sign(Address user, Address provider, BigInteger totalFee,
      Hash requestsHash, BigInteger nonce, BigInteger signerKey) {
    byte[] signature = PersonalSign.signDigest(
        digest(requestsHash, nonce, provider, user, totalFee), signerKey);
    return new SettlementItem(user, provider, totalFee, requestsHash, nonce, signature);
  }

  /** The signer of an item, or null when its signature is malformed. */
  public Address recover(SettlementItem item) {
    return PersonalSign.recoverDigest(digest(item.requestsHash(), item.nonce(), item.provider(),
        item.user(), item.totalFee()), item.signature());
  }

  /**
   * zg's commitment to the requests a settlement covers: keccak256 over, per request in
   * ledger order, keccak256(chat id) ‖ uint256 fee. The contract stores no request data, so
   * this hash is for the provider's and user's records; it makes the signed amount auditable
   * against the signatures the user fetched per chat id.
   */
  public static Hash requestsHash(List<MeteredRequest> requests) {
    Keccak256 hash = new Keccak256();
    for (MeteredRequest request : requests) {
      hash.update(Keccak256.hash(request.chatId().getBytes(StandardCharsets.UTF_8)));
      hash.update(word(request.fee()));
    }
    return Hash.wrap(hash.digest());
  }

  static byte[] word(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return Bytes.unsigned(value, 32);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
