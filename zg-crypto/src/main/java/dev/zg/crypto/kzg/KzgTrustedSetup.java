package dev.zg.crypto.kzg;

import ethereum.ckzg4844.CKZG4844JNI;

/**
 * The one place that loads c-kzg's trusted setup, which the native library keeps as a single
 * process-wide global: every KZG user in zg calls {@link #ensureLoaded} instead of loading it
 * itself (a second load fails inside c-kzg).
 *
 * <p>The setup is the Ethereum KZG ceremony's output (4096 G1 points in Lagrange and monomial
 * form, 65 G2 points), read from {@code /trusted_setup.txt} on the classpath, which web3j's
 * {@code crypto} jar ships. Loading takes a few hundred milliseconds, so it happens lazily, on
 * first use, once.
 */
public final class KzgTrustedSetup {
  static final String RESOURCE = "/trusted_setup.txt";
  /**
   * c-kzg's table size for cell-proof computation (0..15); 0 is right for the EIP-4844
   * verifications zg does and keeps the load small.
   */
  private static final long PRECOMPUTE = 0;

  private static volatile boolean loaded;

  private KzgTrustedSetup() {}

  /** Loads the native library and the mainnet trusted setup unless already done. */
  public static void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (KzgTrustedSetup.class) {
      if (loaded) {
        return;
      }
      CKZG4844JNI.loadNativeLibrary();
      if (KzgTrustedSetup.class.getResource(RESOURCE) == null) {
        throw new IllegalStateException("KZG trusted setup " + RESOURCE
            + " is not on the classpath (it comes with org.web3j:crypto)");
      }
      try {
        CKZG4844JNI.loadTrustedSetupFromResource(RESOURCE, KzgTrustedSetup.class, PRECOMPUTE);
      } catch (RuntimeException e) {
        // Something outside zg loaded the global setup first; c-kzg says so only in words.
        if (e.getMessage() == null || !e.getMessage().contains("already loaded")) {
          throw e;
        }
      }
      loaded = true;
    }
  }
}
