package dev.zg.compute.broker;

import dev.zg.common.Hex;
import dev.zg.compute.token.PersonalSign;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Signs each proxied exchange and keeps the signature for the SDK's
 * {@code GET /v1/proxy/signature/{chatID}}: text = sha256hex(request body) ":"
 * sha256hex(response body), signed with EIP-191 by the provider's signer. Entries live
 * {@link #TTL_MILLIS} and at most {@link #ENTRIES_MAX} are kept (oldest dropped first).
 */
public final class ResponseSignatures {
  public static final long TTL_MILLIS = 20 * 60_000L;
  public static final int ENTRIES_MAX = 200_000;

  private final BigInteger signerKey;
  private final Clock clock;
  private final LinkedHashMap<String, Stored> entries = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Stored> eldest) {
      return size() > ENTRIES_MAX;
    }
  };

  public ResponseSignatures(BigInteger signerKey, Clock clock) {
    this.signerKey = signerKey;
    this.clock = clock;
  }

  /** A signed text as the signature route returns it. */
  public record Signed(String text, String signature) {}

  private record Stored(Signed signed, long expiresAtMillis) {}

  /** Signs the exchange given the SHA-256 digests of both bodies and remembers it. */
  public Signed sign(String chatId, byte[] requestSha256, byte[] responseSha256) {
    String text = Hex.encode(requestSha256) + ":" + Hex.encode(responseSha256);
    Signed signed = new Signed(text,
        PersonalSign.sign(text.getBytes(StandardCharsets.UTF_8), signerKey));
    synchronized (entries) {
      entries.put(chatId, new Stored(signed, clock.millis() + TTL_MILLIS));
    }
    return signed;
  }

  /** The signature of {@code chatId}, while it has not expired. */
  public Optional<Signed> find(String chatId) {
    long now = clock.millis();
    synchronized (entries) {
      Stored entry = entries.get(chatId);
      if (entry == null) {
        return Optional.empty();
      }
      if (entry.expiresAtMillis() < now) {
        entries.remove(chatId);
        return Optional.empty();
      }
      return Optional.of(entry.signed());
    }
  }
}
