package dev.zg.compute.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The English text the built-in model learns from: the quotations (Shakespeare, philosophers,
 * novels, films) that ship as YAML resources in the {@code net.datafaker:datafaker} jar on
 * Maven Central (Apache-2.0). Only entries of four words or more are kept, so lists of names
 * do not count as prose.
 */
public final class Corpus {
  /** The datafaker resources read, in this order. */
  static final List<String> RESOURCES = List.of(
      "en/shakespeare.yml", "en/quote.yml", "en/greek_philosophers.yml",
      "en/hitchhikers_guide_to_the_galaxy.yml", "en/dune.yml", "en/princess_bride.yml",
      "en/lebowski.yml", "en/yoda.yml", "en/movie.yml", "en/famous_last_words.yml");
  private static final Pattern ENTRY = Pattern.compile("^\\s*-\\s+(?:\"(.*)\"|'(.*)'|(.*))\\s*$");
  private static final int WORDS_MIN = 4;

  private Corpus() {}

  /** The documents, one per quotation. Fails when the jar is missing from the class path. */
  public static List<String> load() throws IOException {
    List<String> documents = new ArrayList<>();
    ClassLoader loader = Corpus.class.getClassLoader();
    for (String resource : RESOURCES) {
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("the built-in model's corpus " + resource
              + " is not on the class path (net.datafaker:datafaker)");
        }
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          Matcher m = ENTRY.matcher(line);
          if (!m.matches()) {
            continue;
          }
          String text = m.group(1) != null ? m.group(1).replace("\\\"", "\"")
              : m.group(2) != null ? m.group(2).replace("''", "'") : m.group(3);
          text = text.strip();
          if (text.split("\\s+").length >= WORDS_MIN) {
            documents.add(text);
          }
        }
      }
    }
    return documents;
  }
}
