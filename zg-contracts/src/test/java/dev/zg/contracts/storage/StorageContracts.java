package dev.zg.contracts.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.abi.AbiFunction;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.contracts.devnet.EvmSandbox;
import dev.zg.evm.TransactionResult;
import dev.zg.storage.merkle.FileLayout;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The devnet's storage contracts, deployed by {@link DevnetContracts} as {@code zg devnet}
 * does, in an {@link EvmSandbox} at block 1; helpers to call them with zg-storage's types.
 */
final class StorageContracts {
  static final ContractArtifact FLOW = Artifacts.get("Flow");
  static final ContractArtifact MARKET = Artifacts.get("FixedPrice");
  static final ContractArtifact REWARD = Artifacts.get("StorageReward");
  static final AbiFunction SUBMIT =
      FLOW.function("submit(((uint256,bytes,(bytes32,uint256)[]),address))");
  static final AbiFunction SUBMIT_DATA =
      FLOW.function("submit((uint256,bytes,(bytes32,uint256)[]))");

  final EvmSandbox chain;
  final Address flow;
  final Address market;
  final Address reward;
  final Address user = DevnetGenesis.accounts().get(1).address();

  StorageContracts() {
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(DevnetGenesis.create());
    chain = new EvmSandbox(DevnetGenesis.DEFAULT_CHAIN_ID, 0, 0);
    deployed.genesis().alloc().forEach(chain::put);
    chain.advance(1, 1);
    Map<String, Address> contracts = deployed.contracts();
    flow = contracts.get("flow");
    market = contracts.get("market");
    reward = contracts.get("reward");
  }

  /** A valid submission for a file of {@code bytes} bytes, with random node roots. */
  static Submission submission(long bytes, SplittableRandom random) {
    long padded = FileLayout.paddedChunks((bytes + 255) / 256);
    List<SubmissionNode> nodes = new ArrayList<>();
    for (int h = 63; h >= 0; h--) {
      if ((padded >>> h & 1) != 0) {
        byte[] root = new byte[32];
        random.nextBytes(root);
        nodes.add(new SubmissionNode(Hash.wrap(root), h));
      }
    }
    return new Submission(bytes, nodes);
  }

  /** SubmissionData as ABI values: (length, tags, [(root, height)...]). */
  static List<Object> data(Submission s, byte[] tags) {
    List<Object> nodes = new ArrayList<>();
    for (SubmissionNode n : s.nodes()) {
      nodes.add(List.of(n.root().toArray(), BigInteger.valueOf(n.height())));
    }
    return List.of(BigInteger.valueOf(s.lengthBytes()), tags, nodes);
  }

  BigInteger price() {
    return (BigInteger) view(market, MARKET.function("pricePerSector")).get(0);
  }

  BigInteger fee(Submission s) {
    return price().multiply(s.sectors());
  }

  /** Submits with the current SDK's form (the submitter is the sender). */
  TransactionResult submit(Submission s, BigInteger value) {
    return chain.send(user, flow, UInt256.fromBigInteger(value),
        SUBMIT.encodeCall(List.of(data(s, new byte[0]), user)));
  }

  /** Submits with the older clients' form. */
  TransactionResult submitData(Submission s, BigInteger value) {
    return chain.send(user, flow, UInt256.fromBigInteger(value),
        SUBMIT_DATA.encodeCall(data(s, new byte[0])));
  }

  List<Object> view(Address contract, AbiFunction f, Object... args) {
    TransactionResult r = chain.call(user, contract, f.encodeCall(args));
    assertThat(r.success()).as("%s: %s", f.signature(), r.halt()).isTrue();
    return f.decodeResult(r.output());
  }

  TransactionResult send(Address contract, AbiFunction f, Object... args) {
    return chain.send(user, contract, UInt256.ZERO, f.encodeCall(args));
  }

  /** The 4-byte selector of the custom error a failed call reverted with. */
  static String errorSelector(TransactionResult r) {
    assertThat(r.success()).as("expected a revert").isFalse();
    assertThat(r.output().length).as("revert data").isGreaterThanOrEqualTo(4);
    return dev.zg.common.Hex.prefixed(Arrays.copyOf(r.output(), 4));
  }

  static String selector(String errorSignature) {
    return AbiFunction.parse(errorSignature).selectorHex();
  }
}
