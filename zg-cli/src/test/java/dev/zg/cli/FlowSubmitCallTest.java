package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.contracts.Artifacts;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client's hand-written {@code Flow.submit} calldata equals what zg-contracts' ABI codec
 * makes from Flow's compiled ABI (both modules are on this class path; zg-storage cannot
 * depend on zg-contracts, which depends on it).
 */
class FlowSubmitCallTest {
  @Test
  void submitCallMatchesTheFlowAbi() {
    Address submitter = Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    Random random = new Random(5);
    for (int size : List.of(1, 256, 257, 300_000, 1_000_013, 3_333_333)) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      Submission submission = new FileHasher(1).submission(data);
      List<Object> nodes = new ArrayList<>();
      for (SubmissionNode n : submission.nodes()) {
        nodes.add(List.of(n.root().toArray(), BigInteger.valueOf(n.height())));
      }
      byte[] expected = Artifacts.get("Flow")
          .function("submit(((uint256,bytes,(bytes32,uint256)[]),address))")
          .encodeCall(List.of(List.of(BigInteger.valueOf(size), new byte[0], nodes),
              submitter));
      assertThat(FlowSubmitter.submitCall(submission, submitter)).as("%d bytes", size)
          .isEqualTo(expected);
    }
  }
}
