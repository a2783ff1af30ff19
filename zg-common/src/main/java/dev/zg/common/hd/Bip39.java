package dev.zg.common.hd;

import dev.zg.common.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * BIP-39 mnemonics in English: checksum validation and the 64-byte seed
 * (PBKDF2-HMAC-SHA512 of the sentence, salt "mnemonic" + passphrase, 2048 rounds).
 *
 * <p>The word list is the standard's English list, read from {@code /en-mnemonic-word-list.txt}
 * on the classpath (web3j's {@code crypto} jar ships it; zg does not keep a copy) and checked
 * against the SHA-256 of the published file before use.
 */
public final class Bip39 {
  /** SHA-256 of the standard's english.txt (2048 lines, each ending in a newline). */
  static final String WORD_LIST_SHA256 =
      "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda";
  static final String WORD_LIST_RESOURCE = "/en-mnemonic-word-list.txt";
  private static final int WORD_COUNT = 2048;
  private static final int PBKDF2_ROUNDS = 2048;
  private static final int SEED_BYTES = 64;
  /** Longest passphrase accepted; far beyond any real one, it bounds the PBKDF2 input. */
  public static final int PASSPHRASE_CHARS_MAX = 1024;

  private Bip39() {}

  /** The 2048 English words in order (index = 11-bit value). */
  public static List<String> englishWords() {
    return WordList.WORDS;
  }

  /**
   * Checks that the mnemonic has 12, 15, 18, 21 or 24 words, all from the English list, and a
   * correct checksum (the first words/3 bits of SHA-256 of the entropy).
   *
   * @throws IllegalArgumentException naming the first problem
   */
  public static void validate(String mnemonic) {
    String[] words = words(mnemonic);
    if (words.length < 12 || words.length > 24 || words.length % 3 != 0) {
      throw new IllegalArgumentException(
          "a mnemonic has 12, 15, 18, 21 or 24 words, got " + words.length);
    }
    int bits = words.length * 11;
    byte[] packed = new byte[(bits + 7) / 8];
    for (int w = 0; w < words.length; w++) {
      int index = Collections.binarySearch(WordList.WORDS, words[w]);
      if (index < 0) {
        throw new IllegalArgumentException("word " + (w + 1) + " of the mnemonic, '"
            + words[w] + "', is not in the BIP-39 English word list");
      }
      for (int b = 0; b < 11; b++) {
        if ((index & (1 << (10 - b))) != 0) {
          int bit = w * 11 + b;
          packed[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
      }
    }
    int checksumBits = bits / 33;
    byte[] entropy = Arrays.copyOf(packed, (bits - checksumBits) / 8);
    byte[] hash = Base58.sha256(entropy);
    for (int b = 0; b < checksumBits; b++) {
      int bit = entropy.length * 8 + b;
      boolean stored = (packed[bit / 8] & (0x80 >>> (bit % 8))) != 0;
      boolean expected = (hash[b / 8] & (0x80 >>> (b % 8))) != 0;
      if (stored != expected) {
        throw new IllegalArgumentException("the mnemonic's checksum is wrong: a word is mistyped "
            + "or out of order");
      }
    }
  }

  /**
   * The seed of a valid English mnemonic. Words may be separated by any whitespace; the sentence
   * is hashed with single spaces, NFKD-normalized as BIP-39 requires.
   */
  public static byte[] seed(String mnemonic, String passphrase) {
    validate(mnemonic);
    if (passphrase.length() > PASSPHRASE_CHARS_MAX) {
      throw new IllegalArgumentException("passphrase longer than " + PASSPHRASE_CHARS_MAX);
    }
    String sentence = String.join(" ", words(mnemonic));
    byte[] password = nfkd(sentence).getBytes(StandardCharsets.UTF_8);
    byte[] salt = nfkd("mnemonic" + passphrase).getBytes(StandardCharsets.UTF_8);
    PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
    pbkdf2.init(password, salt, PBKDF2_ROUNDS);
    return ((KeyParameter) pbkdf2.generateDerivedParameters(SEED_BYTES * 8)).getKey();
  }

  private static String[] words(String mnemonic) {
    String trimmed = nfkd(mnemonic).trim();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  private static String nfkd(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKD);
  }

  /** Loaded on first use, so code that never touches mnemonics never needs the resource. */
  private static final class WordList {
    static final List<String> WORDS = load();

    private static List<String> load() {
      byte[] bytes;
      try (InputStream in = Bip39.class.getResourceAsStream(WORD_LIST_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the BIP-39 word list " + WORD_LIST_RESOURCE
              + " is not on the classpath (it comes with org.web3j:crypto)");
        }
        bytes = in.readNBytes(64 * 1024);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the BIP-39 word list", e);
      }
      String actual = Hex.encode(Base58.sha256(bytes));
      if (!actual.equals(WORD_LIST_SHA256)) {
        throw new IllegalStateException("the BIP-39 word list on the classpath has SHA-256 "
            + actual + ", not that of the standard's english.txt, " + WORD_LIST_SHA256);
      }
      List<String> words = List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
      if (words.size() != WORD_COUNT) {
        throw new IllegalStateException("the BIP-39 word list has " + words.size() + " words");
      }
      return words;
    }
  }
}
