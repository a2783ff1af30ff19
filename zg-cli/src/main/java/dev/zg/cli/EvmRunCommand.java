package dev.zg.cli;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.interpreter.CallResult;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.interpreter.Evm;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.MemoryWorld;
import dev.zg.evm.trace.Eip3155Tracer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
      "Run raw bytecode as the code of a contract called once, and print the outcome.",
      "The contract lives at " + EvmRunCommand.CONTRACT_HEX + " and is called by "
          + EvmRunCommand.SENDER_HEX + " in block 1 (Cancun rules, chain id 1)."})
final class EvmRunCommand implements Runnable {
  static final String CONTRACT_HEX = "0x00000000000000000000000000000000000c0de0";
  static final String SENDER_HEX = "0x000000000000000000000000000000000000f00d";
  private static final long MAX_CODE_BYTES = 16L << 20;

  @Option(names = "--code", paramLabel = "HEX", description = "The bytecode to run.")
  String code;

  @Option(names = "--codefile", paramLabel = "FILE", description = "Read the bytecode (hex) from FILE.")
  Path codeFile;

  @Option(names = "--input", paramLabel = "HEX", description = "Call data (default: empty).")
  String input = "";

  @Option(names = "--gas", paramLabel = "N", description = "Gas for the call (default: ${DEFAULT-VALUE}).")
  long gas = 10_000_000L;

  @Option(names = "--value", paramLabel = "WEI", description = "Value sent with the call (default: 0).")
  String value = "0";

  @Option(names = "--trace", description = "Print an EIP-3155 JSON trace line per instruction to stderr.")
  boolean trace;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    byte[] bytecode = Hex.decode(readCode().strip());
    byte[] data = Hex.decode(input.strip());
    if (gas < 0) {
      throw new UserError("--gas must not be negative");
    }
    UInt256 callValue = UInt256.parse(value);
    Address contract = Address.fromHex(CONTRACT_HEX);
    Address sender = Address.fromHex(SENDER_HEX);
    MemoryWorld world = new MemoryWorld();
    world.put(contract, 1, UInt256.ZERO, bytecode, Map.of());
    world.put(sender, 0, UInt256.MAX, new byte[0], Map.of());
    EvmState state = new EvmState(world);
    BlockEnv block = new BlockEnv(1, Address.ZERO, 1, 30_000_000L, UInt256.ZERO, Hash.ZERO, 0, 1,
        n -> null);
    PrintWriter err = spec.commandLine().getErr();
    Eip3155Tracer tracer = trace ? new Eip3155Tracer(err) : null;
    var precompiles = Precompiles.cancun().asMap();
    state.warmAddress(sender);
    state.warmAddress(contract);
    precompiles.keySet().forEach(state::warmAddress);
    Evm evm = new Evm(state, block, sender, UInt256.ZERO, List.of(), precompiles,
        new CodeCache(1 << 20), tracer);
    long start = System.nanoTime();
    CallResult result = evm.call(sender, contract, callValue, data, gas);
    long elapsedMicros = (System.nanoTime() - start) / 1000;
    long gasUsed = gas - result.gasLeft();
    if (tracer != null) {
      tracer.summary(result.output(), gasUsed, result.halt());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("status:   " + (result.success() ? "success" : result.halt().traceError()));
    out.println("output:   " + Hex.prefixed(result.output()));
    out.println("gas used: " + gasUsed);
    out.println("time:     " + elapsedMicros + " us");
    out.flush();
    if (!result.success()) {
      throw new QuietExit(1);
    }
  }

  private String readCode() {
    if ((code == null) == (codeFile == null)) {
      throw new UserError("give the bytecode with exactly one of --code HEX or --codefile FILE");
    }
    if (code != null) {
      return code;
    }
    try {
      if (Files.size(codeFile) > MAX_CODE_BYTES) {
        throw new UserError(codeFile + " is larger than " + MAX_CODE_BYTES + " bytes");
      }
      return Files.readString(codeFile);
    } catch (IOException e) {
      throw new UserError("cannot read " + codeFile + ": " + e.getMessage());
    }
  }
}
