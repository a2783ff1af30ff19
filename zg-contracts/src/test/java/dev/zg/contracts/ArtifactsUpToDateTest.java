package dev.zg.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zg.common.testing.NpmPackages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed artifacts are what the committed Solidity compiles to: installs the pinned
 * compiler with {@code npm ci} (again only when {@code package-lock.json} changed) and runs
 * {@code node build.mjs --check}. Without Node.js it is skipped, unless {@code CI} or
 * {@code ZG_REQUIRE_SHARED} is set: then it fails, so CI never passes by skipping it.
 */
class ArtifactsUpToDateTest {
  private static final Path DIR = Path.of("").toAbsolutePath();

  @Test
  void artifactsMatchTheSources() {
    NpmPackages.requireNodeAndNpm("checking the contract artifacts needs Node.js 20+ and npm");
    try {
      NpmPackages.installIfStale(DIR);
    } catch (IllegalStateException e) {
      fail(e.getMessage());
    }
    List<String> command = List.of("node", "build.mjs", "--check");
    NpmPackages.Result check = NpmPackages.run(DIR, Map.of(), Duration.ofMinutes(5), command);
    assertThat(check.timedOut()).as("%s ran past 5 minutes", command).isFalse();
    assertThat(check.exitCode()).as("node build.mjs --check:\n%s", check).isZero();
    for (String name : List.of("Flow", "FixedPrice", "StorageReward")) {
      assertThat(Artifacts.get(name).deployedBytecode()).isNotEmpty();
    }
  }
}
