package dev.zg.staking;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.evm.precompile.StatefulPrecompile;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.Log;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The governance module at {@link Governance#ADDRESS}, called with the Solidity ABI of
 * {@code IZgGov} (STAKING.md). Deposits are the balance of the governance account; its storage
 * is the {@link GovernanceLedger}; vote weights are read from the staking account's storage.
 * Gas as the staking precompile: {@value #BASE_GAS} per call, plus 2,100 per storage slot read
 * and 20,000 per slot written (of either account), plus the log costs of its events.
 */
public final class GovernancePrecompile implements StatefulPrecompile {
  static final long BASE_GAS = 2_000;

  static final int SUBMIT_PROPOSAL = Abi.selector("submitProposal(bytes32,uint256,string)");
  static final int DEPOSIT = Abi.selector("deposit(uint64)");
  static final int VOTE = Abi.selector("vote(uint64,uint8)");
  static final int PROPOSAL = Abi.selector("proposal(uint64)");
  static final int PROPOSAL_INFO = Abi.selector("proposalInfo(uint64)");
  static final int PROPOSAL_COUNT = Abi.selector("proposalCount()");
  static final int VOTE_OF = Abi.selector("voteOf(uint64,address)");
  static final int GOV_PARAMS = Abi.selector("govParams()");
  static final int BLOCK_GAS_LIMIT = Abi.selector("blockGasLimit()");

  static final Hash PROPOSAL_SUBMITTED_EVENT =
      topic("ProposalSubmitted(uint64,bytes32,uint256)");
  static final Hash VOTED_EVENT = topic("Voted(uint64,address,uint8,uint256)");
  /** Declared in the ABI; see STAKING.md for why the end of block cannot log it. */
  static final Hash PROPOSAL_EXECUTED_EVENT = topic("ProposalExecuted(uint64,bool)");

  private static Hash topic(String signature) {
    return Hash.wrap(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Storage of one account, metered against a budget shared with the other account's. */
  private static final class Metered implements Slots {
    private final EvmState state;
    private final Address account;
    private final long[] used;
    private final long limit;

    Metered(EvmState state, Address account, long[] used, long limit) {
      this.state = state;
      this.account = account;
      this.used = used;
      this.limit = limit;
    }

    private void charge(long gas) {
      used[0] += gas;
      if (used[0] > limit) {
        throw new Slots.OutOfGas();
      }
    }

    @Override
    public UInt256 get(UInt256 key) {
      charge(Slots.OfState.READ_GAS);
      return state.storage(account, key);
    }

    @Override
    public void put(UInt256 key, UInt256 value) {
      charge(Slots.OfState.WRITE_GAS);
      state.setStorage(account, key, value);
    }
  }

  @Override
  public Outcome call(Call call) {
    long[] used = {0};
    long limit = call.gas() - BASE_GAS;
    GovernanceLedger ledger = new GovernanceLedger(new Metered(call.state(), call.self(), used,
        limit));
    StakingLedger staking = new StakingLedger(new Metered(call.state(), Staking.ADDRESS, used,
        limit));
    try {
      if (limit < 0) {
        throw new Slots.OutOfGas();
      }
      byte[] input = call.input();
      if (input.length < 4) {
        throw new Abi.Invalid("no function selector");
      }
      int selector = ((input[0] & 0xff) << 24) | ((input[1] & 0xff) << 16)
          | ((input[2] & 0xff) << 8) | (input[3] & 0xff);
      byte[] out = dispatch(selector, call, new Abi.Reader(input), ledger, staking, used);
      if (used[0] > limit) {
        throw new Slots.OutOfGas();
      }
      return Outcome.success(BASE_GAS + used[0], out);
    } catch (Slots.OutOfGas e) {
      return Outcome.success(call.gas() + 1, new byte[0]); // more than given: out of gas
    } catch (Abi.Invalid e) {
      return Outcome.revert(Math.min(call.gas(), BASE_GAS + used[0]), Abi.error(e.getMessage()));
    }
  }

  private byte[] dispatch(int selector, Call call, Abi.Reader in, GovernanceLedger ledger,
      StakingLedger staking, long[] gas) {
    Address caller = call.caller();
    long height = call.block().number();
    if (selector == SUBMIT_PROPOSAL) {
      writable(call);
      byte[] key = Abi.word(in.uint(0, 256));
      BigInteger value = in.uint(1, 256);
      in.string(2, GovernanceLedger.DESCRIPTION_MAX_BYTES); // checked, kept in the calldata only
      if (!call.state().exists(Staking.ADDRESS)) {
        throw new Abi.Invalid("the chain has no staking module to vote with");
      }
      Governance.Param param = Governance.Param.ofKey(key);
      StakingPrecompile.keepAccount(call.state(), call.self());
      long id = ledger.submit(caller, param, value, call.value().toBigInteger(), height);
      emit(call, gas, PROPOSAL_SUBMITTED_EVENT, List.of(uint(id)),
          new Abi.Writer().uint(new BigInteger(1, key)).uint(value).build());
      return new Abi.Writer().uint(id).build();
    }
    if (selector == DEPOSIT) {
      writable(call);
      long id = in.uint(0, 64).longValue();
      StakingPrecompile.keepAccount(call.state(), call.self());
      ledger.deposit(id, caller, call.value().toBigInteger(), height);
      return new byte[0];
    }
    nonPayable(call);
    if (selector == VOTE) {
      writable(call);
      long id = in.uint(0, 64).longValue();
      int option = in.uint(1, 8).intValue();
      BigInteger weight = ledger.vote(id, caller, option, height, staking);
      emit(call, gas, VOTED_EVENT, List.of(uint(id), uint(Abi.addressValue(caller))),
          new Abi.Writer().uint(option).uint(weight).build());
      return new byte[0];
    }
    if (selector == PROPOSAL) {
      GovernanceLedger.Proposal p = ledger.proposal(in.uint(0, 64).longValue());
      return new Abi.Writer().uint(p.status()).uint(p.yes()).uint(p.no()).uint(p.abstain())
          .uint(p.veto()).uint(p.votingEnd()).build();
    }
    if (selector == PROPOSAL_INFO) {
      GovernanceLedger.Proposal p = ledger.proposal(in.uint(0, 64).longValue());
      return new Abi.Writer().uint(new BigInteger(1, p.param().key().bytesUnsafe()))
          .uint(p.value()).address(p.proposer()).uint(p.deposit()).uint(p.depositEnd()).build();
    }
    if (selector == PROPOSAL_COUNT) {
      return new Abi.Writer().uint(ledger.proposalCount()).build();
    }
    if (selector == VOTE_OF) {
      GovernanceLedger.Vote v = ledger.vote(in.uint(0, 64).longValue(), in.address(1));
      return new Abi.Writer().uint(v.option()).uint(v.weight()).build();
    }
    if (selector == GOV_PARAMS) {
      GovernanceParams p = ledger.params();
      return new Abi.Writer().uint(p.minDeposit()).uint(p.depositPeriodBlocks())
          .uint(p.votingPeriodBlocks()).build();
    }
    if (selector == BLOCK_GAS_LIMIT) {
      return new Abi.Writer().uint(ledger.blockGasLimit()).build();
    }
    throw new Abi.Invalid(String.format("unknown function selector 0x%08x", selector));
  }

  private static void writable(Call call) {
    if (call.isStatic()) {
      throw new Abi.Invalid("state change in a static call");
    }
  }

  private static void nonPayable(Call call) {
    if (!call.value().isZero()) {
      throw new Abi.Invalid("function is not payable");
    }
  }

  private static Hash uint(long v) {
    return uint(BigInteger.valueOf(v));
  }

  private static Hash uint(BigInteger v) {
    return Hash.wrap(Abi.word(v));
  }

  private static void emit(Call call, long[] gas, Hash topic0, List<Hash> indexed, byte[] data) {
    List<Hash> topics = new ArrayList<>();
    topics.add(topic0);
    topics.addAll(indexed);
    gas[0] += 375 + 375L * topics.size() + 8L * data.length;
    call.state().addLog(new Log(call.self(), topics, data));
  }
}
