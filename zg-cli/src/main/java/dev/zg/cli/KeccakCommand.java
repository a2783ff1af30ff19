package dev.zg.cli;

import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "keccak", mixinStandardHelpOptions = true,
    description = "Print the Keccak-256 hash of text, hex bytes or a file.")
final class KeccakCommand implements Runnable {

  static final class Input {
    @Option(names = "--text", paramLabel = "TEXT", description = "Hash the UTF-8 bytes of TEXT.")
    String text;

    @Option(names = "--hex", paramLabel = "HEX", description = "Hash the bytes written as HEX.")
    String hex;

    @Option(names = "--file", paramLabel = "FILE", description = "Hash the contents of FILE.")
    Path file;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    byte[] hash;
    if (input.text != null) {
      hash = Keccak256.hash(input.text.getBytes(StandardCharsets.UTF_8));
    } else if (input.hex != null) {
      hash = Keccak256.hash(Hex.decode(input.hex));
    } else {
      hash = hashFile(input.file);
    }
    spec.commandLine().getOut().println(Hex.prefixed(hash));
  }

  private static byte[] hashFile(Path file) {
    Keccak256 hasher = new Keccak256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        hasher.update(buffer, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
    return hasher.digest();
  }
}
