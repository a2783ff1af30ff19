package dev.zg.compute.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.compute.ComputeException;
import dev.zg.compute.chain.ServingAccount;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  // compute-sdk.md §3.1: the SDK's own getHeader with fixed inputs.
  static final BigInteger HARDHAT_0 =
      new BigInteger("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16);
  static final Address USER = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  static final Address PROVIDER = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
  static final String RAW = "{\"address\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\","
      + "\"provider\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"timestamp\":1700000000000,"
      + "\"expiresAt\":1700086400000,\"nonce\":\"1700000000000-4fzzzxjylrx0000000\","
      + "\"generation\":3,\"tokenId\":255}";
  static final String SIGNATURE = "0xda207514b8f1feb98eca9abbe28632707a3a4e10b43e15f6daf5ca509297"
      + "7e7225f2e114867f57435d77f05c625ed603a5ed0b3c8c00f1a865ca095248e0737a1b";
  static final String HEADER = "Bearer app-sk-eyJhZGRyZXNzIjoiMHhmMzlGZDZlNTFhYWQ4OEY2RjRjZTZhQj"
      + "g4MjcyNzljZmZGYjkyMjY2IiwicHJvdmlkZXIiOiIweDcwOTk3OTcwQzUxODEyZGMzQTAxMEM3ZDAxYjUwZTBkMT"
      + "dkYzc5QzgiLCJ0aW1lc3RhbXAiOjE3MDAwMDAwMDAwMDAsImV4cGlyZXNBdCI6MTcwMDA4NjQwMDAwMCwibm9uY2"
      + "UiOiIxNzAwMDAwMDAwMDAwLTRmenp6eGp5bHJ4MDAwMDAwMCIsImdlbmVyYXRpb24iOjMsInRva2VuSWQiOjI1NX"
      + "18MHhkYTIwNzUxNGI4ZjFmZWI5OGVjYTlhYmJlMjg2MzI3MDdhM2E0ZTEwYjQzZTE1ZjZkYWY1Y2E1MDkyOTc3ZT"
      + "cyMjVmMmUxMTQ4NjdmNTc0MzVkNzdmMDVjNjI1ZWQ2MDNhNWVkMGIzYzhjMDBmMWE4NjVjYTA5NTI0OGUwNzM3YT"
      + "Fi";
  static final long NOW = 1_700_000_500_000L;

  static ServingAccount account(long generation, long bitmap, boolean acknowledged) {
    return new ServingAccount(USER, PROVIDER, BigInteger.ZERO, BigInteger.TEN.pow(19),
        BigInteger.ZERO, acknowledged, BigInteger.valueOf(generation), BigInteger.valueOf(bitmap));
  }

  static TokenVerifier verifier(long nowMillis, ServingAccount account) {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
    return new TokenVerifier(PROVIDER, clock, (u, p) ->
        account != null && u.equals(account.user()) && p.equals(account.provider())
            ? Optional.of(account) : Optional.empty());
  }

  static String code(Runnable action) {
    try {
      action.run();
    } catch (ComputeException e) {
      return e.status() + " " + e.code();
    }
    throw new AssertionError("expected a rejection");
  }

  @Test
  void specVectorParsesHashesAndVerifies() {
    AppSkToken token = AppSkToken.parse(HEADER);
    assertThat(new String(token.rawMessage(), StandardCharsets.UTF_8)).isEqualTo(RAW);
    assertThat(token.address()).isEqualTo(USER);
    assertThat(token.generation()).isEqualTo(BigInteger.valueOf(3));
    assertThat(token.tokenId()).isEqualTo(255);
    assertThat(token.nonce()).isEqualTo("1700000000000-4fzzzxjylrx0000000");
    byte[] keccak = Keccak256.hash(token.rawMessage());
    assertThat(Hex.prefixed(keccak))
        .isEqualTo("0xa8fcd72c6774c47ca82c74ccc50d526436e2963322722a301b501e7a78447b10");
    assertThat(Hex.prefixed(PersonalSign.hashMessage(keccak)))
        .isEqualTo("0xdaf4c1d6cf25d2cccde8ecadeef4049c92b18a9bc368fdfae951983c9332e9d8");
    assertThat(Hex.prefixed(token.signature())).isEqualTo(SIGNATURE);
    TokenVerifier.Verified verified = verifier(NOW, account(3, 0, true)).verify(HEADER);
    assertThat(verified.token().address()).isEqualTo(USER);
  }

  @Test
  void mintingReproducesTheSdkHeaderByteForByte() {
    String minted = AppSkToken.mint(HARDHAT_0, PROVIDER.toChecksumHex(), 1_700_000_000_000L,
        1_700_086_400_000L, "1700000000000-4fzzzxjylrx0000000", 3, 255);
    assertThat(minted).isEqualTo(HEADER);
  }

  @Test
  void providerIsComparedCaseInsensitively() {
    String lower = AppSkToken.mint(HARDHAT_0, PROVIDER.toHex(), NOW, NOW + 60_000, "n", 3, 255);
    String upper = AppSkToken.mint(HARDHAT_0, "0x" + PROVIDER.toHex().substring(2).toUpperCase(),
        NOW, NOW + 60_000, "n", 3, 255);
    verifier(NOW, account(3, 0, true)).verify(lower);
    verifier(NOW, account(3, 0, true)).verify(upper);
  }

  @Test
  void malformedHeadersAreRefusedWith401() {
    TokenVerifier verifier = verifier(NOW, account(3, 0, true));
    assertThat(code(() -> verifier.verify(null))).isEqualTo("401 missing_token");
    assertThat(code(() -> verifier.verify(""))).isEqualTo("401 missing_token");
    assertThat(code(() -> verifier.verify("Bearer sk-123"))).isEqualTo("401 malformed_token");
    assertThat(code(() -> verifier.verify("Bearer app-sk-***"))).isEqualTo("401 malformed_token");
    String noBar = Base64.getEncoder().encodeToString(RAW.getBytes(StandardCharsets.UTF_8));
    assertThat(code(() -> verifier.verify("Bearer app-sk-" + noBar)))
        .isEqualTo("401 malformed_token");
    String badJson = Base64.getEncoder().encodeToString(("{nope|" + SIGNATURE).getBytes());
    assertThat(code(() -> verifier.verify("Bearer app-sk-" + badJson)))
        .isEqualTo("401 malformed_token");
    String shortSig = Base64.getEncoder().encodeToString((RAW + "|0x1234").getBytes());
    assertThat(code(() -> verifier.verify("Bearer app-sk-" + shortSig)))
        .isEqualTo("401 malformed_token");
    assertThat(code(() -> verifier.verify("Bearer app-sk-" + "A".repeat(5000))))
        .isEqualTo("401 malformed_token");
  }

  @Test
  void forgedTokensAreRefused() {
    // The vector's message with a different nonce under the original signature.
    String tampered = RAW.replace("4fzzzxjylrx", "4fzzzxjylry") + "|" + SIGNATURE;
    String header = "Bearer app-sk-" + Base64.getEncoder().encodeToString(tampered.getBytes());
    assertThat(code(() -> verifier(NOW, account(3, 0, true)).verify(header)))
        .isEqualTo("401 invalid_signature");
    // A token for USER signed by somebody else's key.
    BigInteger otherKey = BigInteger.valueOf(0xC0FFEE);
    String raw = RAW.replace("\"generation\":3", "\"generation\":3");
    String forged = raw + "|" + PersonalSign.sign(Keccak256.hash(raw.getBytes()), otherKey);
    String forgedHeader = "Bearer app-sk-" + Base64.getEncoder().encodeToString(forged.getBytes());
    assertThat(code(() -> verifier(NOW, account(3, 0, true)).verify(forgedHeader)))
        .isEqualTo("401 invalid_signature");
  }

  @Test
  void expiryLifetimeAndProviderAreChecked() {
    // Expired: a second past expiresAt (whole-second comparison).
    assertThat(code(() -> verifier(1_700_086_401_000L, account(3, 0, true)).verify(HEADER)))
        .isEqualTo("401 token_expired");
    verifier(1_700_086_400_999L, account(3, 0, true)).verify(HEADER);
    String tooLong = AppSkToken.mint(HARDHAT_0, PROVIDER.toHex(), NOW, NOW + 86_400_001L, "n", 3,
        255);
    assertThat(code(() -> verifier(NOW, account(3, 0, true)).verify(tooLong)))
        .isEqualTo("401 invalid_token");
    String neverExpiresEphemeral = AppSkToken.mint(HARDHAT_0, PROVIDER.toHex(), NOW, 0, "n", 3,
        255);
    assertThat(code(() -> verifier(NOW, account(3, 0, true)).verify(neverExpiresEphemeral)))
        .isEqualTo("401 invalid_token");
    String otherProvider = AppSkToken.mint(HARDHAT_0, USER.toHex(), NOW, NOW + 1000, "n", 3, 255);
    assertThat(code(() -> verifier(NOW, account(3, 0, true)).verify(otherProvider)))
        .isEqualTo("401 wrong_provider");
  }

  @Test
  void generationRevocationAndAcknowledgementComeFromTheAccount() {
    assertThat(code(() -> verifier(NOW, account(4, 0, true)).verify(HEADER)))
        .isEqualTo("401 token_revoked");
    assertThat(code(() -> verifier(NOW, account(2, 0, true)).verify(HEADER)))
        .isEqualTo("401 invalid_token");
    assertThat(code(() -> verifier(NOW, account(3, 0, false)).verify(HEADER)))
        .isEqualTo("403 not_acknowledged");
    assertThat(code(() -> verifier(NOW, null).verify(HEADER)))
        .isEqualTo("403 account_not_found");
    // Persistent API keys (expiresAt 0 allowed) obey the bitmap; the ephemeral id ignores it.
    String key1 = AppSkToken.mint(HARDHAT_0, PROVIDER.toChecksumHex(), NOW, 0, "n", 3, 1);
    verifier(NOW, account(3, 0b101, true)).verify(key1);
    assertThat(code(() -> verifier(NOW, account(3, 0b010, true)).verify(key1)))
        .isEqualTo("401 token_revoked");
    verifier(NOW, account(3, -1L & Long.MAX_VALUE, true)).verify(HEADER);
  }

  @Test
  void aHeaderWhoseSignatureWasCachedStillExpires() {
    long[] now = {NOW};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(now[0]);
      }
    };
    ServingAccount account = account(3, 0, true);
    TokenVerifier verifier = new TokenVerifier(PROVIDER, clock, (u, p) -> Optional.of(account));
    verifier.verify(HEADER);
    verifier.verify(HEADER);
    now[0] = 1_700_086_401_000L;
    assertThat(code(() -> verifier.verify(HEADER))).isEqualTo("401 token_expired");
  }
}
