package dev.zg.compute.token;

import dev.zg.common.Address;
import dev.zg.common.Keccak256;
import dev.zg.compute.ComputeException;
import dev.zg.compute.chain.ServingAccount;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Checks an app-sk token the way the 0G compute SDK expects a provider to: the provider it
 * names, the ephemeral-token limits, expiry, the EIP-191 signature over keccak256(rawMessage),
 * then the on-chain account (generation, revocation bitmap, acknowledgement). The steps run in
 * that order so that the cheap, local checks refuse forgeries before any chain read.
 */
public final class TokenVerifier {
  /** An ephemeral token (id 255) may live at most 24 hours. */
  public static final long EPHEMERAL_LIFETIME_MILLIS_MAX = 86_400_000L;

  private final Address provider;
  private final Clock clock;
  private final BiFunction<Address, Address, Optional<ServingAccount>> accounts;
  /**
   * Headers whose signature already checked out: a client reuses its token for hours, and
   * recovering the signer is the costliest step. Expiry is still checked on every use.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, AppSkToken> signatureChecked =
      new java.util.concurrent.ConcurrentHashMap<>();
  static final int SIGNATURE_CACHE_ENTRIES_MAX = 10_000;

  /**
   * @param accounts reads {@code getAccount(user, provider)}; empty when there is none
   */
  public TokenVerifier(Address provider, Clock clock,
      BiFunction<Address, Address, Optional<ServingAccount>> accounts) {
    this.provider = provider;
    this.clock = clock;
    this.accounts = accounts;
  }

  /** Parses and verifies; returns the token and the account it was checked against. */
  public Verified verify(String authorizationHeader) {
    return verify(authorizationHeader, accounts);
  }

  /**
   * As {@link #verify(String)}, reading the account through {@code accountReader} instead
   * (e.g. a cache-only reader whose exception sends the caller to a slower path).
   */
  public Verified verify(String authorizationHeader,
      BiFunction<Address, Address, Optional<ServingAccount>> accountReader) {
    AppSkToken cached = authorizationHeader == null ? null
        : signatureChecked.get(authorizationHeader);
    AppSkToken token;
    if (cached == null) {
      token = AppSkToken.parse(authorizationHeader);
      checkLocally(token);
      if (signatureChecked.size() >= SIGNATURE_CACHE_ENTRIES_MAX) {
        signatureChecked.clear();
      }
      signatureChecked.put(authorizationHeader, token);
    } else {
      token = cached;
      checkExpiry(token);
    }
    ServingAccount account = accountReader.apply(token.address(), provider).orElseThrow(() ->
        new ComputeException(403, "account_not_found", "no sub-account for user "
            + token.address().toChecksumHex() + " with provider " + provider.toChecksumHex()
            + "; transfer funds to this provider first"));
    checkAccount(token, account);
    return new Verified(token, account);
  }

  /** The checks that need no chain: provider, lifetime, expiry, signature. */
  public void checkLocally(AppSkToken token) {
    if (!token.provider().toLowerCase(Locale.ROOT).equals(provider.toHex())) {
      throw new ComputeException(401, "wrong_provider", "the token is for provider "
          + token.provider() + ", this is " + provider.toChecksumHex());
    }
    if (token.ephemeral()) {
      if (token.expiresAt() == 0) {
        throw AppSkToken.unauthorized("invalid_token", "an ephemeral token must expire");
      }
      if (token.expiresAt() - token.timestamp() > EPHEMERAL_LIFETIME_MILLIS_MAX) {
        throw AppSkToken.unauthorized("invalid_token",
            "an ephemeral token may live at most 24 hours");
      }
    }
    checkExpiry(token);
    Address signer = PersonalSign.recover(Keccak256.hash(token.rawMessage()), token.signature());
    if (signer == null || !signer.equals(token.address())) {
      throw AppSkToken.unauthorized("invalid_signature",
          "the token signature was not made by " + token.address().toChecksumHex());
    }
  }

  private void checkExpiry(AppSkToken token) {
    // Whole seconds, as the reference broker compares them.
    if (token.expiresAt() > 0 && clock.millis() / 1000 > token.expiresAt() / 1000) {
      throw AppSkToken.unauthorized("token_expired", "the token expired at "
          + java.time.Instant.ofEpochMilli(token.expiresAt()));
    }
  }

  /** Generation, revocation and acknowledgement against the on-chain account. */
  public static void checkAccount(AppSkToken token, ServingAccount account) {
    int order = token.generation().compareTo(account.generation());
    if (order < 0) {
      throw AppSkToken.unauthorized("token_revoked", "the token's generation "
          + token.generation() + " was revoked (current generation " + account.generation() + ")");
    }
    if (order > 0) {
      throw AppSkToken.unauthorized("invalid_token", "the token's generation "
          + token.generation() + " is ahead of the account's " + account.generation());
    }
    if (!token.ephemeral() && account.isRevoked(token.tokenId())) {
      throw AppSkToken.unauthorized("token_revoked", "API key " + token.tokenId()
          + " was revoked");
    }
    if (!account.acknowledged()) {
      throw new ComputeException(403, "not_acknowledged",
          "the user has not acknowledged this provider's signer");
    }
  }

  /** A token that passed every check, with the account state it was checked against. */
  public record Verified(AppSkToken token, ServingAccount account) {}
}
