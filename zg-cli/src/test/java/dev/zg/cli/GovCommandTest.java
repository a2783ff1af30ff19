package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.staking.Governance;
import dev.zg.staking.GovernanceParams;
import dev.zg.staking.Staking;
import dev.zg.staking.StakingParams;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code zg gov} against an in-memory node that mines on demand, with staking and governance. */
class GovCommandTest {
  private static final BigInteger ZG = BigInteger.TEN.pow(18);

  private final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private ChainNode node;

  @BeforeEach
  void start() {
    var genesis = Governance.withGovernance(Staking.withStaking(DevnetGenesis.create(),
        StakingParams.defaults(), List.of(new Staking.GenesisValidator(keys.get(0).address(),
            "genesis", ZG.multiply(BigInteger.TEN)))),
        new GovernanceParams(ZG.multiply(BigInteger.TEN), 5, 2));
    node = ChainNode.start(new NodeConfig(genesis, null, "127.0.0.1", 0, Duration.ZERO,
        keys.get(0).address(), List.of(), List.of(), NodeConfig.RPC_GAS_CAP_DEFAULT),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private String key(int i) {
    return Hex.prefixed(GovCommand.word(keys.get(i).privateKey()));
  }

  @Test
  void submitVoteAndShowAPassedProposal() {
    String rpc = node.rpcUrl();
    assertThat(run("gov", "params", "--rpc", rpc)).isZero();
    assertThat(out.toString()).contains("min deposit 10 0G", "voting period 2 blocks",
        "blockGasLimit");

    assertThat(run("gov", "submit", "maxValidators", "5000", "--deposit", "10", "--rpc", rpc,
        "--key", key(1))).isEqualTo(1);
    assertThat(err.toString()).contains("maxValidators must be 1..240, got 5000");

    assertThat(run("gov", "submit", "maxValidators", "50", "--deposit", "10",
        "--description", "a bigger set", "--rpc", rpc, "--key", key(1)))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("proposal 1: maxValidators = 50");

    assertThat(run("gov", "vote", "1", "yes", "--rpc", rpc, "--key", key(2))).isEqualTo(1);
    assertThat(err.toString()).contains("no bonded stake");
    assertThat(run("gov", "vote", "1", "yes", "--rpc", rpc, "--key", key(0)))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("voted yes with 10 0G", "(voting)", "yes 10  no 0");

    node.mine();
    node.mine();
    assertThat(run("gov", "show", "1", "--rpc", rpc)).isZero();
    assertThat(out.toString()).contains("proposal 1: maxValidators = 50  (passed)");
  }
}
