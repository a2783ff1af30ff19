package dev.zg.staking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.interpreter.CallResult;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.interpreter.Evm;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.MemoryWorld;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The governance precompile under zg's EVM directly, and its end-of-block hook. */
class GovernancePrecompileTest {
  private static final BigInteger ZG = StakingParams.ONE_ZG;
  private static final Address VALIDATOR = Address.fromHex("0x" + "11".repeat(20));
  private static final Address CONTRACT = Address.fromHex("0x" + "22".repeat(20));

  private final MemoryWorld world = new MemoryWorld();

  @BeforeEach
  void genesis() {
    GenesisAccount staking = Staking.genesisAccount(StakingParams.defaults(), List.of(
        new Staking.GenesisValidator(VALIDATOR, "v", ZG.multiply(BigInteger.TEN))));
    world.put(Staking.ADDRESS, 1, staking.balance(), new byte[0], staking.storage());
    GenesisAccount gov = Governance.genesisAccount(new GovernanceParams(ZG, 1, 1));
    world.put(Governance.ADDRESS, 1, UInt256.ZERO, new byte[0], gov.storage());
    world.put(VALIDATOR, 0, UInt256.fromBigInteger(ZG.multiply(BigInteger.TEN)), new byte[0],
        Map.of());
  }

  private BlockEnv block(long number) {
    return new BlockEnv(number, Address.ZERO, number, 30_000_000, UInt256.ZERO, Hash.ZERO, 0, 1,
        n -> null);
  }

  private CallResult call(Address to, BigInteger value, byte[] input, long gas) {
    EvmState state = new EvmState(world);
    Evm evm = new Evm(state, block(1), VALIDATOR, UInt256.ZERO, List.of(),
        Staking.precompiles(), new CodeCache(1 << 20), null);
    CallResult result = evm.call(VALIDATOR, to, UInt256.fromBigInteger(value), input, gas);
    state.finishTransaction();
    world.apply(state.changes());
    return result;
  }

  private void endBlock(long number) {
    EvmState state = new EvmState(world);
    Governance.CHAIN_END_BLOCK.endBlock(state, block(number));
    state.finishTransaction();
    world.apply(state.changes());
  }

  private static byte[] input(String signature, BigInteger... words) {
    StringBuilder hex = new StringBuilder(String.format("0x%08x", Abi.selector(signature)));
    for (BigInteger w : words) {
      hex.append(Hex.encode(Abi.word(w)));
    }
    return Hex.decode(hex.toString());
  }

  private static byte[] submit(Governance.Param param, long value) {
    return Hex.decode(String.format("0x%08x", GovernancePrecompile.SUBMIT_PROPOSAL)
        + Hex.encode(param.key().bytesUnsafe()) + Hex.encode(Abi.word(BigInteger.valueOf(value)))
        + Hex.encode(Abi.word(BigInteger.valueOf(96))) + Hex.encode(Abi.word(BigInteger.ZERO)));
  }

  @Test
  void aProposalRunsFromSubmissionToItsEffect() {
    CallResult submitted = call(Governance.ADDRESS, ZG,
        submit(Governance.Param.SLASH_DOUBLE_SIGN_PPM, 100_000), 1_000_000);
    assertThat(submitted.halt()).isEqualTo(Halt.RETURN);
    assertThat(new BigInteger(1, submitted.output())).isEqualTo(BigInteger.ONE);
    assertThat(world.get(Governance.ADDRESS).balance()).isEqualTo(UInt256.fromBigInteger(ZG));
    CallResult voted = call(Governance.ADDRESS, BigInteger.ZERO,
        input("vote(uint64,uint8)", BigInteger.ONE, BigInteger.ONE), 1_000_000);
    assertThat(voted.halt()).isEqualTo(Halt.RETURN);
    // 2,000 + reads and writes of both accounts + the Voted log: metered, not free.
    assertThat(1_000_000 - voted.gasLeft()).isGreaterThan(40_000);
    endBlock(1);
    assertThat(world.get(Governance.ADDRESS).balance()).isEqualTo(UInt256.fromBigInteger(ZG));
    endBlock(2); // voting ran through block 1 + votingPeriod
    assertThat(new StakingLedger(new Slots.OfView(world, Staking.ADDRESS)).params()
        .slashDoubleSignPpm()).isEqualTo(100_000);
    assertThat(world.get(Governance.ADDRESS).balance()).isEqualTo(UInt256.ZERO);
    assertThat(world.get(VALIDATOR).balance()).isEqualTo(UInt256.fromBigInteger(
        ZG.multiply(BigInteger.TEN)));
  }

  @Test
  void staticCallsCannotVoteAndStarvedCallsStop() {
    call(Governance.ADDRESS, ZG, submit(Governance.Param.MAX_VALIDATORS, 7), 1_000_000);
    // A contract STATICCALLs vote(1, 1) and stores the success flag in slot 0.
    String vote = Hex.encode(input("vote(uint64,uint8)", BigInteger.ONE, BigInteger.ONE));
    byte[] code = Hex.decode("0x7f" + vote.substring(0, 64) + "600052"
        + "7f" + vote.substring(64, 128) + "602052" + "7f" + vote.substring(128) + "0".repeat(56)
        + "604052" + "6000600060446000611004" + "620186a0" + "fa" + "600055" + "00");
    world.put(CONTRACT, 1, UInt256.ZERO, code, Map.of());
    assertThat(call(CONTRACT, BigInteger.ZERO, new byte[0], 1_000_000).halt())
        .isEqualTo(Halt.STOP);
    assertThat(world.storage(CONTRACT, UInt256.ZERO)).isEqualTo(UInt256.ZERO);

    CallResult starved = call(Governance.ADDRESS, BigInteger.ZERO,
        input("vote(uint64,uint8)", BigInteger.ONE, BigInteger.ONE), 5_000);
    assertThat(starved.halt()).isEqualTo(Halt.OUT_OF_GAS);
    CallResult reverted = call(Governance.ADDRESS, BigInteger.ZERO,
        input("proposal(uint64)", BigInteger.TWO), 100_000);
    assertThat(reverted.halt()).isEqualTo(Halt.REVERT);
    assertThat(new String(reverted.output())).contains("no proposal 2");
  }
}
