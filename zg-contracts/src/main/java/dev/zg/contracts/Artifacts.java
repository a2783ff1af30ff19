package dev.zg.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled contracts shipped in this jar ({@code dev/zg/contracts/artifacts/*.json}),
 * built from {@code zg-contracts/contracts} by {@code build.mjs}. Loaded once each.
 */
public final class Artifacts {
  private static final String FOLDER = "/dev/zg/contracts/artifacts/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConcurrentHashMap<String, ContractArtifact> LOADED =
      new ConcurrentHashMap<>();

  private Artifacts() {}

  /** A contract by name, e.g. {@code Flow}; throws when no such artifact exists. */
  public static ContractArtifact get(String contractName) {
    if (!contractName.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new IllegalArgumentException("not a contract name: '" + contractName + "'");
    }
    return LOADED.computeIfAbsent(contractName, Artifacts::load);
  }

  private static ContractArtifact load(String contractName) {
    try (InputStream in = Artifacts.class.getResourceAsStream(FOLDER + contractName + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no compiled contract " + contractName
            + " (run 'npm run build' in zg-contracts after adding its source)");
      }
      return new ContractArtifact(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the artifact of " + contractName, e);
    }
  }
}
