package dev.zg.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.junit.jupiter.api.Test;

class Secp256k1Test {

  @Test
  void privateKeyOneHasTheWellKnownAddress() {
    Secp256k1.KeyPair key = Secp256k1.KeyPair.fromPrivateKey(BigInteger.ONE);
    assertThat(key.address().toChecksumHex()).isEqualTo("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
  }

  @Test
  void hardhatFirstAccount() {
    Secp256k1.KeyPair key = Secp256k1.KeyPair.fromPrivateKey(Hex.decode(
        "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
    assertThat(key.address().toChecksumHex()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  }

  @Test
  void signRecoverVerifyRoundTripWithLowS() {
    SplittableRandom random = new SplittableRandom(7);
    var params = CustomNamedCurves.getByName("secp256k1");
    var domain = new ECDomainParameters(params.getCurve(), params.getG(), params.getN(), params.getH());
    for (int i = 0; i < 200; i++) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      BigInteger d = new BigInteger(1, secret).mod(Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      Secp256k1.KeyPair key = Secp256k1.KeyPair.fromPrivateKey(d);
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      Secp256k1.Signature sig = Secp256k1.sign(hash, d);
      assertThat(sig.isValid(true)).isTrue();
      assertThat(Secp256k1.recoverAddress(hash, sig)).isEqualTo(key.address());
      assertThat(Secp256k1.verify(hash, sig, key.publicKey())).isTrue();
      // An independent verifier agrees.
      ECDSASigner verifier = new ECDSASigner();
      byte[] encoded = Bytes.concat(new byte[] {4}, key.publicKey());
      verifier.init(false, new ECPublicKeyParameters(params.getCurve().decodePoint(encoded), domain));
      assertThat(verifier.verifySignature(hash, sig.r(), sig.s())).isTrue();
      // A different hash recovers a different key and fails verification.
      hash[0] ^= 1;
      assertThat(Secp256k1.recoverAddress(hash, sig)).isNotEqualTo(key.address());
      assertThat(Secp256k1.verify(hash, sig, key.publicKey())).isFalse();
    }
  }

  @Test
  void signingIsDeterministic() {
    byte[] hash = Keccak256.hash("zg".getBytes());
    assertThat(Secp256k1.sign(hash, BigInteger.TEN)).isEqualTo(Secp256k1.sign(hash, BigInteger.TEN));
  }

  @Test
  void recoveryRejectsOutOfRangeValues() {
    byte[] hash = new byte[32];
    assertThat(Secp256k1.recoverPublicKey(hash, new Secp256k1.Signature(BigInteger.ZERO, BigInteger.ONE, 0))).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, new Secp256k1.Signature(Secp256k1.N, BigInteger.ONE, 0))).isNull();
    assertThat(Secp256k1.recoverPublicKey(hash, new Secp256k1.Signature(BigInteger.ONE, Secp256k1.N, 1))).isNull();
    // x = r + n is beyond the field prime for any r above p - n.
    BigInteger r = Secp256k1.P.subtract(Secp256k1.N).add(BigInteger.ONE);
    assertThat(Secp256k1.recoverPublicKey(hash, new Secp256k1.Signature(r, BigInteger.ONE, 2))).isNull();
  }

  @Test
  void nativeAndJavaRecoveryAgreeOnValidAndInvalidSignatures() {
    // The native binaries zg ships are for Linux; elsewhere both calls take the Java path.
    if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      assertThat(Secp256k1.nativeRecovery()).as("libsecp256k1 loads on Linux").isTrue();
    }
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 500; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      byte[] rb = new byte[32];
      byte[] sb = new byte[32];
      random.nextBytes(rb);
      random.nextBytes(sb);
      BigInteger r = new BigInteger(1, rb).mod(Secp256k1.N);
      BigInteger s = new BigInteger(1, sb).mod(Secp256k1.N);
      if (r.signum() == 0 || s.signum() == 0) {
        continue;
      }
      Secp256k1.Signature sig = new Secp256k1.Signature(r, s, random.nextInt(4));
      byte[] viaNative = Secp256k1.recoverPublicKey(hash, sig);
      byte[] viaJava = Secp256k1.recoverInJava(hash, sig);
      assertThat(viaNative).as("signature %d", i).isEqualTo(viaJava);
    }
  }
}
