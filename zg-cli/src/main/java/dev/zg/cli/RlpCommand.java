package dev.zg.cli;

import dev.zg.common.Hex;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpItem;
import dev.zg.common.rlp.RlpReader;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rlp", mixinStandardHelpOptions = true,
    description = "Decode RLP (strict, canonical) and print its structure.",
    subcommands = RlpCommand.Decode.class)
final class RlpCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "decode", mixinStandardHelpOptions = true,
      description = "Print the item tree of HEX, one string or list per line.")
  static final class Decode implements Runnable {
    @Parameters(paramLabel = "HEX", description = "RLP bytes in hex (0x optional).")
    String hex;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      RlpItem item;
      try {
        item = RlpReader.decode(Hex.decode(hex));
      } catch (RlpException e) {
        throw new UserError("invalid RLP: " + e.getMessage());
      }
      print(item, 0, spec.commandLine().getOut());
    }

    private static void print(RlpItem item, int depth, PrintWriter out) {
      String indent = "  ".repeat(depth);
      switch (item) {
        case RlpItem.RlpString s -> out.println(indent + Hex.prefixed(s.value()));
        case RlpItem.RlpList l -> {
          out.println(indent + "list (" + l.items().size() + " items)");
          for (RlpItem child : l.items()) {
            print(child, depth + 1, out);
          }
        }
      }
    }
  }
}
