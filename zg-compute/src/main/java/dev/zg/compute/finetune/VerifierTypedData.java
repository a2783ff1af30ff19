package dev.zg.compute.finetune;

import dev.zg.common.Bytes;
import dev.zg.common.Keccak256;
import dev.zg.compute.chain.FineTuningChain;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The EIP-712 digest FineTuningServing's {@code settleFees} checks: domain {"0G Fine-Tuning
 * Serving", "1", chainId, contract}, type {@code VerifierMessage(string id,bytes
 * encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)}.
 */
public final class VerifierTypedData {
  static final byte[] DOMAIN_TYPEHASH = keccak("EIP712Domain(string name,string version,"
      + "uint256 chainId,address verifyingContract)");
  static final byte[] VERIFIER_MESSAGE_TYPEHASH = keccak("VerifierMessage(string id,"
      + "bytes encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)");

  private VerifierTypedData() {}

  public static byte[] digest(long chainId, dev.zg.common.Address contract,
      FineTuningChain.VerifierInput v) {
    byte[] domain = Keccak256.hash(Bytes.concat(DOMAIN_TYPEHASH, keccak("0G Fine-Tuning Serving"),
        keccak("1"), word(BigInteger.valueOf(chainId)), contract.toWord()));
    byte[] struct = Keccak256.hash(Bytes.concat(VERIFIER_MESSAGE_TYPEHASH,
        keccak(v.id()), Keccak256.hash(v.encryptedSecret()), Keccak256.hash(v.modelRootHash()),
        word(v.nonce()), word(v.taskFee()), v.user().toWord()));
    return Keccak256.hash(Bytes.concat(new byte[] {0x19, 0x01}, domain, struct));
  }

  private static byte[] keccak(String text) {
    return Keccak256.hash(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] word(BigInteger value) {
    return Bytes.unsigned(value, 32);
  }
}
