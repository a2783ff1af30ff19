package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.compute.chain.ChainClient;
import dev.zg.staking.Governance;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zg gov}: parameter-change proposals on the governance precompile (0x…1004) of a zg
 * chain with staking, over JSON-RPC: submit, deposit, vote, show, params.
 */
@Command(name = "gov", mixinStandardHelpOptions = true,
    description = "Governance: propose parameter changes, deposit, vote, show proposals.",
    subcommands = {GovCommand.Submit.class, GovCommand.Deposit.class, GovCommand.Vote.class,
        GovCommand.Show.class, GovCommand.Params.class})
final class GovCommand implements Runnable {
  static final List<String> STATUSES = List.of("", "deposit period", "voting", "passed",
      "rejected", "vetoed (deposit burned)", "no quorum", "deposit period expired");
  static final List<String> OPTIONS = List.of("yes", "no", "abstain", "veto");

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The chain and the signing key. */
  static final class Target {
    @Option(names = "--rpc", paramLabel = "URL", description = "JSON-RPC URL (default: env "
        + "ZG_RPC, else http://127.0.0.1:8545).")
    URI rpc;

    @Option(names = "--key", paramLabel = "HEX",
        description = "Private key of the sender (default: env ZG_PRIVATE_KEY).")
    String key;

    URI rpcUrl() {
      if (rpc != null) {
        return rpc;
      }
      String env = System.getenv("ZG_RPC");
      return URI.create(env != null && !env.isBlank() ? env.strip() : "http://127.0.0.1:8545");
    }

    ChainClient reader() {
      return new ChainClient(rpcUrl(), null);
    }

    ChainClient signer() {
      String text = key != null ? key : System.getenv("ZG_PRIVATE_KEY");
      return new ChainClient(rpcUrl(), PrivateKeys.parse(text));
    }
  }

  // ---- ABI -----------------------------------------------------------------------------

  static byte[] call(String signature, byte[]... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), 0, 4);
    for (byte[] a : args) {
      out.writeBytes(a);
    }
    return out.toByteArray();
  }

  static byte[] word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  static List<BigInteger> words(byte[] data) {
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i + 32 <= data.length; i += 32) {
      out.add(new BigInteger(1, Arrays.copyOfRange(data, i, i + 32)));
    }
    return out;
  }

  static long id(String text) {
    try {
      long id = Long.parseLong(text.strip());
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UserError("ID must be a proposal number (1, 2, ...), got " + text);
  }

  static Governance.Param param(String name) {
    Governance.Param p = Governance.Param.named(name);
    if (p == null) {
      List<String> names = Arrays.stream(Governance.Param.values()).map(Governance.Param::label)
          .toList();
      throw new UserError("unknown parameter " + name + " (one of " + String.join(", ", names)
          + ")");
    }
    return p;
  }

  static String paramName(BigInteger key) {
    for (Governance.Param p : Governance.Param.values()) {
      if (new BigInteger(1, p.key().bytesUnsafe()).equals(key)) {
        return p.label();
      }
    }
    return "0x" + key.toString(16);
  }

  // ---- subcommands ---------------------------------------------------------------------

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = "Propose a new value for a parameter (amounts in neuron); prints its id.")
  static final class Submit implements Runnable {
    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "PARAM", description = "blockGasLimit, "
        + "unbondingSeconds, minSelfStake, maxValidators, inflationPerBlock or "
        + "slashDoubleSignPpm.")
    String param;

    @Parameters(index = "1", paramLabel = "VALUE", description = "The new value (an integer).")
    String value;

    @Option(names = "--deposit", paramLabel = "0G", required = true,
        description = "Initial deposit in 0G (at least a tenth of the minimum deposit).")
    String deposit;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why (up to 1024 bytes).")
    String description = "";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Governance.Param p = param(param);
      BigInteger v;
      try {
        v = new BigInteger(value.strip());
      } catch (NumberFormatException e) {
        throw new UserError("VALUE must be an integer, got " + value, e);
      }
      if (v.compareTo(p.min()) < 0 || v.compareTo(p.max()) > 0) {
        throw new UserError(p.label() + " must be " + p.min() + ".." + p.max() + ", got " + v);
      }
      byte[] text = description.getBytes(StandardCharsets.UTF_8);
      if (text.length > 1024) {
        throw new UserError("--description is longer than 1024 bytes");
      }
      BigInteger amount = ComputeCommand.parseOg(deposit, "--deposit");
      ComputeCommand.guarded(() -> {
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(word(BigInteger.valueOf(text.length)));
        tail.writeBytes(Arrays.copyOf(text, (text.length + 31) / 32 * 32));
        JsonNode receipt = target.signer().sendAndWait(Governance.ADDRESS, call(
            "submitProposal(bytes32,uint256,string)", p.key().bytesUnsafe(), word(v),
            word(BigInteger.valueOf(96)), tail.toByteArray()), amount);
        String topic = receipt.get("logs").get(0).get("topics").get(1).asText();
        PrintWriter out = spec.commandLine().getOut();
        out.println("proposal " + new BigInteger(topic.substring(2), 16) + ": " + p.label()
            + " = " + v);
        out.flush();
      });
    }
  }

  @Command(name = "deposit", mixinStandardHelpOptions = true,
      description = "Add to a proposal's deposit (in its deposit period).")
  static final class Deposit implements Runnable {
    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "AMOUNT", description = "0G to deposit.")
    String amount;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      long n = id(id);
      BigInteger value = ComputeCommand.parseOg(amount, "AMOUNT");
      ComputeCommand.guarded(() -> {
        ChainClient chain = target.signer();
        chain.sendAndWait(Governance.ADDRESS, call("deposit(uint64)", word(BigInteger.valueOf(n))),
            value);
        Show.print(spec.commandLine().getOut(), chain, n);
      });
    }
  }

  @Command(name = "vote", mixinStandardHelpOptions = true,
      description = "Vote on a proposal with your bonded stake (again to change the vote).")
  static final class Vote implements Runnable {
    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "OPTION", description = "yes, no, abstain or veto.")
    String option;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      long n = id(id);
      int o = OPTIONS.indexOf(option.strip().toLowerCase(Locale.ROOT)) + 1;
      if (o == 0) {
        throw new UserError("OPTION must be yes, no, abstain or veto, got " + option);
      }
      ComputeCommand.guarded(() -> {
        ChainClient chain = target.signer();
        JsonNode receipt = chain.sendAndWait(Governance.ADDRESS, call("vote(uint64,uint8)",
            word(BigInteger.valueOf(n)), word(BigInteger.valueOf(o))), BigInteger.ZERO);
        List<BigInteger> data = words(Hex.decode(
            receipt.get("logs").get(0).get("data").asText()));
        PrintWriter out = spec.commandLine().getOut();
        out.println("voted " + OPTIONS.get(o - 1) + " with " + ComputeCommand.og(data.get(1))
            + " 0G");
        Show.print(out, chain, n);
      });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a proposal.")
  static final class Show implements Runnable {
    @Mixin
    Target target;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      long n = id(id);
      ComputeCommand.guarded(() -> print(spec.commandLine().getOut(), target.reader(), n));
    }

    static void print(PrintWriter out, ChainClient chain, long id) {
      byte[] idWord = word(BigInteger.valueOf(id));
      List<BigInteger> p = words(chain.ethCall(Governance.ADDRESS,
          call("proposal(uint64)", idWord)));
      List<BigInteger> info = words(chain.ethCall(Governance.ADDRESS,
          call("proposalInfo(uint64)", idWord)));
      int status = p.get(0).intValue();
      out.printf("proposal %d: %s = %s  (%s)%n", id, paramName(info.get(0)), info.get(1),
          status < STATUSES.size() ? STATUSES.get(status) : "status " + status);
      out.printf("  proposer %s  deposit %s 0G  deposit end block %s  voting end block %s%n",
          Address.fromWord(word(info.get(2))), ComputeCommand.og(info.get(3)), info.get(4),
          p.get(5));
      out.printf("  yes %s  no %s  abstain %s  veto %s (0G)%n", ComputeCommand.og(p.get(1)),
          ComputeCommand.og(p.get(2)), ComputeCommand.og(p.get(3)), ComputeCommand.og(p.get(4)));
      out.flush();
    }
  }

  @Command(name = "params", mixinStandardHelpOptions = true,
      description = "Governance's deposit and periods, and the parameters it can change.")
  static final class Params implements Runnable {
    @Mixin
    Target target;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      ComputeCommand.guarded(() -> {
        ChainClient chain = target.reader();
        List<BigInteger> g = words(chain.ethCall(Governance.ADDRESS, call("govParams()")));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("min deposit %s 0G, deposit period %s blocks, voting period %s blocks%n",
            ComputeCommand.og(g.get(0)), g.get(1), g.get(2));
        BigInteger gas = words(chain.ethCall(Governance.ADDRESS, call("blockGasLimit()"))).get(0);
        out.println("governed block gas limit: " + (gas.signum() == 0 ? "none (genesis)" : gas));
        for (Governance.Param p : Governance.Param.values()) {
          out.printf("  %-20s %s..%s%n", p.label(), p.min(), p.max());
        }
        out.flush();
      });
    }
  }
}
