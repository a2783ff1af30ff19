package dev.zg.contracts.storage;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.abi.AbiEvent;
import dev.zg.contracts.abi.AbiFunction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to the Flow contract's ABI for zg's Java code: the call data of both submit
 * forms and the {@code Submit} event as a record, which storage nodes read from
 * {@code eth_getLogs}.
 */
public final class FlowAbi {
  private static final ContractArtifact FLOW = Artifacts.get("Flow");
  /** {@code submit(((uint256,bytes,(bytes32,uint256)[]),address))}, 0xbc8c11f8. */
  public static final AbiFunction SUBMIT =
      FLOW.function("submit(((uint256,bytes,(bytes32,uint256)[]),address))");
  /** {@code submit((uint256,bytes,(bytes32,uint256)[]))}, 0xef3e12dc (older clients). */
  public static final AbiFunction SUBMIT_DATA =
      FLOW.function("submit((uint256,bytes,(bytes32,uint256)[]))");
  public static final AbiFunction MARKET = FLOW.function("market");
  public static final AbiEvent SUBMIT_EVENT = FLOW.event("Submit");
  /** 0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555. */
  public static final Hash SUBMIT_TOPIC = SUBMIT_EVENT.topic();
  public static final AbiEvent NEW_EPOCH_EVENT = FLOW.event("NewEpoch");

  private FlowAbi() {}

  /** A subtree of 2^height sectors of a file. */
  public record Node(Hash root, int height) {
    public Node {
      if (height < 0 || height > 63) {
        throw new IllegalArgumentException("node height out of 0..63: " + height);
      }
    }
  }

  /** What a file is submitted as: its length in bytes, tags, and subtrees, tallest first. */
  public record SubmissionData(BigInteger lengthBytes, byte[] tags, List<Node> nodes) {
    public SubmissionData {
      tags = tags.clone();
      nodes = List.copyOf(nodes);
    }

    @Override
    public byte[] tags() {
      return tags.clone();
    }

    List<Object> abiValue() {
      List<Object> abiNodes = new ArrayList<>(nodes.size());
      for (Node n : nodes) {
        abiNodes.add(List.of(n.root().toArray(), BigInteger.valueOf(n.height())));
      }
      return List.of(lengthBytes, tags, abiNodes);
    }

    static SubmissionData fromAbi(Object value) {
      List<?> fields = (List<?>) value;
      List<Node> nodes = new ArrayList<>();
      for (Object n : (List<?>) fields.get(2)) {
        List<?> node = (List<?>) n;
        BigInteger height = (BigInteger) node.get(1);
        if (height.bitLength() > 6) {
          throw new IllegalArgumentException("submission node height " + height + " above 63");
        }
        nodes.add(new Node(Hash.wrap((byte[]) node.get(0)), height.intValueExact()));
      }
      return new SubmissionData((BigInteger) fields.get(0), (byte[]) fields.get(1), nodes);
    }
  }

  /** Call data of {@code submit(Submission)} (the current SDK's form). */
  public static byte[] submit(SubmissionData data, Address submitter) {
    return SUBMIT.encodeCall(List.of(data.abiValue(), submitter));
  }

  /** Call data of {@code submit(SubmissionData)} (the older clients' form). */
  public static byte[] submitData(SubmissionData data) {
    return SUBMIT_DATA.encodeCall(data.abiValue());
  }

  /**
   * A {@code Submit} log: who submitted, the identity (keccak of the packed node roots), the
   * submission's sequence number, its first flow position and its size in sectors.
   */
  public record SubmitEvent(Address sender, Hash identity, BigInteger submissionIndex,
      BigInteger startPos, BigInteger length, SubmissionData submission) {

    /** Decodes a log's topics (topic0 first) and data; throws if it is not a Submit log. */
    public static SubmitEvent decode(List<Hash> topics, byte[] data) {
      List<Object> v = SUBMIT_EVENT.decode(topics, data);
      return new SubmitEvent((Address) v.get(0), Hash.wrap((byte[]) v.get(1)),
          (BigInteger) v.get(2), (BigInteger) v.get(3), (BigInteger) v.get(4),
          SubmissionData.fromAbi(v.get(5)));
    }
  }
}
