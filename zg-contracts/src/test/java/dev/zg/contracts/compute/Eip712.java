package dev.zg.contracts.compute;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * The compute settlement digests built from the spec's typed-data definitions with web3j's
 * EIP-712 encoder, independently of the contracts' own hashing.
 */
final class Eip712 {
  private static final String DOMAIN_TYPE = """
      "EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
        {"name":"chainId","type":"uint256"},
        {"name":"verifyingContract","type":"address"}]""";

  private Eip712() {}

  /**
   * TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,
   * uint256 totalFee).
   */
  static byte[] settlementDigest(long chainId, Address contract, byte[] requestsHash,
      BigInteger nonce, Address provider, Address user, BigInteger totalFee) {
    String json = """
        {"types":{%s,
          "TEESettlement":[{"name":"requestsHash","type":"bytes32"},
            {"name":"nonce","type":"uint256"},{"name":"provider","type":"address"},
            {"name":"user","type":"address"},{"name":"totalFee","type":"uint256"}]},
         "primaryType":"TEESettlement",
         "domain":{"name":"0G Inference Serving","version":"1","chainId":%d,
           "verifyingContract":"%s"},
         "message":{"requestsHash":"%s","nonce":"%s","provider":"%s","user":"%s",
           "totalFee":"%s"}}
        """.formatted(DOMAIN_TYPE, chainId, contract.toHex(), Hex.prefixed(requestsHash), nonce,
        provider.toHex(), user.toHex(), totalFee);
    return hash(json);
  }

  /**
   * VerifierMessage(string id,bytes encryptedSecret,bytes modelRootHash,uint256 nonce,
   * uint256 taskFee,address user).
   */
  static byte[] verifierDigest(long chainId, Address contract, String id, byte[] secret,
      byte[] root, BigInteger nonce, BigInteger taskFee, Address user) {
    String json = """
        {"types":{%s,
          "VerifierMessage":[{"name":"id","type":"string"},
            {"name":"encryptedSecret","type":"bytes"},{"name":"modelRootHash","type":"bytes"},
            {"name":"nonce","type":"uint256"},{"name":"taskFee","type":"uint256"},
            {"name":"user","type":"address"}]},
         "primaryType":"VerifierMessage",
         "domain":{"name":"0G Fine-Tuning Serving","version":"1","chainId":%d,
           "verifyingContract":"%s"},
         "message":{"id":"%s","encryptedSecret":"%s","modelRootHash":"%s","nonce":"%s",
           "taskFee":"%s","user":"%s"}}
        """.formatted(DOMAIN_TYPE, chainId, contract.toHex(), id, Hex.prefixed(secret),
        Hex.prefixed(root), nonce, taskFee, user.toHex());
    return hash(json);
  }

  private static byte[] hash(String typedDataJson) {
    try {
      return new StructuredDataEncoder(typedDataJson).hashStructuredData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
