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
  private Eip712() {}

  /** TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee). */
  static byte[] settlementDigest(long chainId, Address contract, byte[] requestsHash,
      BigInteger nonce, Address provider, Address user, BigInteger totalFee) {
    String json = """
        {"types":{
          "EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
            {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
          "TEESettlement":[{"name":"requestsHash","type":"bytes32"},{"name":"nonce","type":"uint256"},
            {"name":"provider","type":"address"},{"name":"user","type":"address"},
            {"name":"totalFee","type":"uint256"}]},
         "primaryType":"TEESettlement",
         "domain":{"name":"0G Inference Serving","version":"1","chainId":%d,"verifyingContract":"%s"},
         "message":{"requestsHash":"%s","nonce":"%s","provider":"%s","user":"%s","totalFee":"%s"}}
        """.formatted(chainId, contract.toHex(), Hex.prefixed(requestsHash), nonce, provider.toHex(),
        user.toHex(), totalFee);
    try {
      return new StructuredDataEncoder(json).hashStructuredData();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
