package dev.zg.evm.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.MemoryWorld;
import dev.zg.evm.trace.Eip3155Tracer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Direct runs of small programs: results, gas, halts, deep call stacks and traces. */
class EvmTest {
  private static final Address CONTRACT = Address.fromHex("0x00000000000000000000000000000000000c0de0");
  private static final Address SENDER = Address.fromHex("0x000000000000000000000000000000000000f00d");

  private record Run(CallResult result, EvmState state) {}

  private static Run run(String code, String input, long gas, Tracer tracer) {
    MemoryWorld world = new MemoryWorld();
    world.put(CONTRACT, 1, UInt256.ZERO, Hex.decode(code), Map.of());
    world.put(SENDER, 0, UInt256.valueOf(1_000_000), new byte[0], Map.of());
    EvmState state = new EvmState(world);
    BlockEnv block = new BlockEnv(1, Address.ZERO, 1, 30_000_000L, UInt256.ZERO, Hash.ZERO, 0, 1,
        n -> null);
    state.warmAddress(SENDER);
    state.warmAddress(CONTRACT);
    Evm evm = new Evm(state, block, SENDER, UInt256.ZERO, List.of(),
        Precompiles.cancun().asMap(), new CodeCache(1 << 20), tracer);
    return new Run(evm.call(SENDER, CONTRACT, UInt256.ZERO, Hex.decode(input), gas), state);
  }

  @Test
  void addsAndReturns() {
    // PUSH1 2 PUSH1 3 ADD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
    CallResult r = run("600260030160005260206000f3", "", 100_000, null).result();
    assertThat(r.halt()).isEqualTo(Halt.RETURN);
    assertThat(UInt256.fromBytes(r.output())).isEqualTo(UInt256.valueOf(5));
    // five PUSH1 and ADD at 3 each, MSTORE 3 plus 3 for one word of memory, RETURN 0
    assertThat(100_000 - r.gasLeft()).isEqualTo(24);
  }

  @Test
  void exceptionalHaltsConsumeAllGasAndRevertKeepsTheRest() {
    assertThat(run("01", "", 1000, null).result().halt()).isEqualTo(Halt.STACK_UNDERFLOW);
    assertThat(run("600056", "", 1000, null).result().halt()).isEqualTo(Halt.INVALID_JUMP);
    assertThat(run("0c", "", 1000, null).result().halt()).isEqualTo(Halt.INVALID_OPCODE);
    assertThat(run("600160015500", "", 1000, null).result().gasLeft()).isZero();
    CallResult revert = run("60aa60005260206000fd", "", 1000, null).result();
    assertThat(revert.halt()).isEqualTo(Halt.REVERT);
    assertThat(revert.gasLeft()).isGreaterThan(900);
    assertThat(revert.output()[31]).isEqualTo((byte) 0xaa);
  }

  @Test
  void sstoreChangesStateUntilRevert() {
    Run ok = run("602a60015500", "", 100_000, null); // SSTORE(1, 42)
    assertThat(ok.state().storage(CONTRACT, UInt256.ONE)).isEqualTo(UInt256.valueOf(42));
    Run reverted = run("602a600155600080fd", "", 100_000, null);
    assertThat(reverted.state().storage(CONTRACT, UInt256.ONE)).isEqualTo(UInt256.ZERO);
  }

  @Test
  void recursionToTheDepthLimitNeedsNoJavaStack() {
    // The contract calls itself with all gas until the depth limit stops it, then returns.
    // PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 ADDRESS GAS CALL STOP
    CallResult r = run("5f5f5f5f5f305af100", "", Long.MAX_VALUE / 2, null).result();
    assertThat(r.halt()).isEqualTo(Halt.STOP);
  }

  @Test
  void tracePrintsEip3155Lines() {
    StringWriter text = new StringWriter();
    Eip3155Tracer tracer = new Eip3155Tracer(new PrintWriter(text, true));
    CallResult r = run("6001600201", "", 1000, tracer).result();
    tracer.summary(r.output(), 1000 - r.gasLeft(), r.halt());
    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(5); // PUSH1, PUSH1, ADD, STOP (past the end), summary
    assertThat(lines.get(0)).isEqualTo("{\"pc\":0,\"op\":96,\"gas\":\"0x3e8\",\"gasCost\":\"0x3\","
        + "\"memSize\":0,\"stack\":[],\"depth\":1,\"refund\":0,\"opName\":\"PUSH1\"}");
    assertThat(lines.get(2)).contains("\"op\":1", "\"stack\":[\"0x1\",\"0x2\"]", "\"opName\":\"ADD\"");
    assertThat(lines.get(4)).isEqualTo("{\"output\":\"\",\"gasUsed\":\"0x9\"}");
  }
}
