package dev.zg.compute.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The §6.2 vectors of compute-sdk.md, signed by the SDK with Hardhat account #2. */
class FineTuningSignaturesTest {
  private static final BigInteger HARDHAT_2 = new BigInteger(
      "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", 16);
  private static final Address USER = Address.fromHex("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

  @Test
  void taskVectorRecoversTheUserAndItsPublicKey() {
    String dataset = "0x" + "22".repeat(32);
    BigInteger nonce = new BigInteger("17953163866320040");
    String signature = "0xa23a4bcb79854098cd2c27efb27c047bf9ed54d9049036751f4164a8d7ad7b6b"
        + "3a65470f2fee44e90668b4c498c759beb4e4827e7e3de7daa2357c1790d53ea31c";
    byte[] digest = FineTuningSignatures.taskDigest(USER, nonce, dataset);
    assertThat(FineTuningSignatures.recover(digest, signature)).isEqualTo(USER);
    assertThat(FineTuningSignatures.recoverPublicKey(digest, signature))
        .isEqualTo(Secp256k1.publicKey(HARDHAT_2));
    // ethers signs deterministically (RFC 6979), so zg's signature is the SDK's byte for byte.
    assertThat(FineTuningSignatures.sign(digest, HARDHAT_2)).isEqualTo(signature);
    assertThat(FineTuningSignatures.recover(
        FineTuningSignatures.taskDigest(USER, nonce.add(BigInteger.ONE), dataset), signature))
        .isNotEqualTo(USER);
  }

  @Test
  void aDigestWithALeadingZeroByteIsSignedWithoutIt() {
    // ethers.toBeArray drops the zero byte, so the SDK signs 31 bytes (vectors from ethers 6).
    BigInteger nonce = new BigInteger("17953163867860040");
    byte[] digest = FineTuningSignatures.taskDigest(USER, nonce, "0x" + "22".repeat(32));
    assertThat(Hex.prefixed(digest))
        .isEqualTo("0x00b7526432645e268e9315479903e30a996cad91086ed9c9d543668eb9d0a84b");
    String signature = "0x72c433ceb23d7bdad46c5513f68982c2ac12407215818b40786203b06f4adbe4"
        + "2b1135b48d72d9ee5303e813b039d4bdf9631e60525721ec8327c8fcdf192ddf1b";
    assertThat(FineTuningSignatures.recover(digest, signature)).isEqualTo(USER);
    assertThat(FineTuningSignatures.recoverPublicKey(digest, signature))
        .isEqualTo(Secp256k1.publicKey(HARDHAT_2));
    assertThat(FineTuningSignatures.sign(digest, HARDHAT_2)).isEqualTo(signature);

    String id = "00000000-0000-4000-8000-000000000282";
    String cancel = "0x2e56332c40b41633ea62e70c5f93f00e1e537f0e1b2e5503ce935546fa8b0897"
        + "6e1bc3bc2a53bf34ff3d7431560e29a00bb1313d88256b5522d2baf05008223b1b";
    assertThat(FineTuningSignatures.recover(FineTuningSignatures.cancelDigest(id), cancel))
        .isEqualTo(USER);
  }

  @Test
  void cancelVector() {
    String id = "1c248e1d-be46-4a64-a26f-67af8d99b401";
    assertThat(Hex.prefixed(FineTuningSignatures.cancelDigest(id)))
        .isEqualTo("0x6db8006fc3a8339cc094e359e5012ba5a4a02623ef32880a1778b5ca3b4cd351");
    String signature = "0xeb5b9e6428a1d3e9d58fddeb3a3b3c670826e6492bd4437b921a04702f4a3462"
        + "238cea690f88a8ac2d07b070db78d8c6e053d1002318874516756674006117c71c";
    assertThat(FineTuningSignatures.recover(FineTuningSignatures.cancelDigest(id), signature))
        .isEqualTo(USER);
    assertThat(FineTuningSignatures.sign(FineTuningSignatures.cancelDigest(id), HARDHAT_2))
        .isEqualTo(signature);
  }

  @Test
  void loraDownloadVector() {
    String id = "3f395ff5-6b15-4fba-bfa1-f88f57d72995";
    String signature = "0x8e9a087eb9b3ecda899643bffc17adf023d90f83b9e4905be693413e32e8b56c"
        + "36d12f66dad10a2309627383af672ea2580f3974d986d8aabded6fc56571a3d61c";
    byte[] digest = FineTuningSignatures.loraDigest(id, 1795316441L);
    assertThat(FineTuningSignatures.recover(digest, signature)).isEqualTo(USER);
    assertThat(FineTuningSignatures.recover(FineTuningSignatures.loraDigest(id, 1795316442L),
        signature)).isNotEqualTo(USER);
  }

  @Test
  void datasetUploadSignsTheChecksummedAddressAndTime() {
    byte[] digest = FineTuningSignatures.datasetDigest(USER, 1795316441L);
    assertThat(digest).isEqualTo(dev.zg.common.Keccak256.hash(
        "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC1795316441".getBytes()));
    String signature = FineTuningSignatures.sign(digest, HARDHAT_2);
    assertThat(FineTuningSignatures.recover(digest, signature)).isEqualTo(USER);
  }

  @Test
  void malformedInputsRecoverNobody() {
    byte[] digest = new byte[32];
    assertThat(FineTuningSignatures.recover(digest, "0x1234")).isNull();
    assertThat(FineTuningSignatures.recover(digest, "not hex")).isNull();
    assertThat(FineTuningSignatures.recover(digest, null)).isNull();
    assertThat(FineTuningSignatures.isTaskId("1c248e1d-be46-4a64-a26f-67af8d99b401")).isTrue();
    assertThat(FineTuningSignatures.isTaskId("../../etc/passwd")).isFalse();
  }
}
