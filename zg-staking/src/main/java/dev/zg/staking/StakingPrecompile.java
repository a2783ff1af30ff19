package dev.zg.staking;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.consensus.DuplicateVoteEvidence;
import dev.zg.consensus.MessageCodec;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.Validator;
import dev.zg.consensus.ValidatorSet;
import dev.zg.consensus.Verification;
import dev.zg.evm.precompile.StatefulPrecompile;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.Log;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The staking module at {@link Staking#ADDRESS}, called with the Solidity ABI of
 * {@code IZgStaking} (STAKING.md), so ethers or web3j reach it like a contract. Bonded and
 * unbonding tokens are the balance of the staking account; its storage is the ledger.
 * Gas: {@value #BASE_GAS} per call, plus {@value Slots.OfState#READ_GAS} per storage slot read
 * and {@value Slots.OfState#WRITE_GAS} per slot written, plus the log costs of its events.
 */
public final class StakingPrecompile implements StatefulPrecompile {
  static final long BASE_GAS = 2_000;

  static final int CREATE_VALIDATOR = Abi.selector("createValidator(string,uint32,uint32)");
  static final int DELEGATE = Abi.selector("delegate(address)");
  static final int UNDELEGATE = Abi.selector("undelegate(address,uint256)");
  static final int REDELEGATE = Abi.selector("redelegate(address,address,uint256)");
  static final int VALIDATOR = Abi.selector("validator(address)");
  static final int DELEGATION = Abi.selector("delegation(address,address)");
  static final int UNBONDINGS = Abi.selector("unbondings(address)");
  static final int ACTIVE_SET = Abi.selector("activeSet()");
  static final int VALIDATOR_AT_HEIGHT = Abi.selector("validatorSetAt(uint64)");
  static final int PARAMS = Abi.selector("params()");
  static final int SUBMIT_EVIDENCE = Abi.selector("submitEvidence(bytes)");
  static final int WITHDRAW_REWARDS = Abi.selector("withdrawRewards(address)");
  static final int WITHDRAW_COMMISSION = Abi.selector("withdrawCommission()");
  static final int PENDING_REWARDS = Abi.selector("pendingRewards(address,address)");
  static final int PENDING_COMMISSION = Abi.selector("pendingCommission(address)");
  static final int UNJAIL = Abi.selector("unjail()");
  static final int SIGNING_INFO = Abi.selector("signingInfo(address)");
  /** Evidence older than this many blocks is refused (its set may be long gone). */
  static final long EVIDENCE_MAX_AGE_BLOCKS = 100_000;
  static final int EVIDENCE_BYTES_MAX = 4_096;
  /** Two secp256k1 recoveries, priced as ECRECOVER. */
  static final long EVIDENCE_VERIFY_GAS = 6_000;
  static final int SLASH_DOUBLE_SIGN = 1;

  static final Hash CREATE_VALIDATOR_EVENT = topic("CreateValidator(address,uint256,uint32)");
  static final Hash DELEGATE_EVENT = topic("Delegate(address,address,uint256,uint256)");
  static final Hash UNBOND_EVENT = topic("Unbond(address,address,uint256,uint64)");
  static final Hash REDELEGATE_EVENT = topic("Redelegate(address,address,address,uint256)");
  static final Hash SLASH_EVENT = topic("Slash(address,uint256,uint8)");
  static final Hash JAIL_EVENT = topic("Jail(address,uint64)");
  static final Hash UNJAIL_EVENT = topic("Unjail(address)");

  private static Hash topic(String signature) {
    return Hash.wrap(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)));
  }

  @Override
  public Outcome call(Call call) {
    Slots.OfState slots = new Slots.OfState(call.state(), call.self(),
        call.gas() - BASE_GAS);
    long[] logGas = {0};
    try {
      byte[] input = call.input();
      if (input.length < 4) {
        throw new Abi.Invalid("no function selector");
      }
      int selector = ((input[0] & 0xff) << 24) | ((input[1] & 0xff) << 16)
          | ((input[2] & 0xff) << 8) | (input[3] & 0xff);
      byte[] out = dispatch(selector, call, new Abi.Reader(input), new StakingLedger(slots),
          logGas);
      return Outcome.success(BASE_GAS + slots.gasUsed + logGas[0], out);
    } catch (Slots.OutOfGas e) {
      return Outcome.success(call.gas() + 1, new byte[0]); // more than given: out of gas
    } catch (Abi.Invalid e) {
      return Outcome.revert(Math.min(call.gas(), BASE_GAS + slots.gasUsed + logGas[0]),
          Abi.error(e.getMessage()));
    }
  }

  private byte[] dispatch(int selector, Call call, Abi.Reader in, StakingLedger ledger,
      long[] logGas) {
    Address caller = call.caller();
    BigInteger value = call.value().toBigInteger();
    if (selector == CREATE_VALIDATOR) {
      writable(call);
      String moniker = in.string(0, StakingLedger.MONIKER_MAX_BYTES);
      long commission = in.uint32(1);
      long maxCommission = in.uint32(2);
      keepAccount(call.state(), call.self());
      ledger.createValidator(caller, moniker, commission, maxCommission, value);
      emit(call, logGas, CREATE_VALIDATOR_EVENT, List.of(word(caller)),
          new Abi.Writer().uint(value).uint(commission).build());
      return new byte[0];
    }
    if (selector == DELEGATE) {
      writable(call);
      Address validator = in.address(0);
      keepAccount(call.state(), call.self());
      BigInteger shares = ledger.delegate(caller, validator, value);
      emit(call, logGas, DELEGATE_EVENT, List.of(word(caller), word(validator)),
          new Abi.Writer().uint(value).uint(shares).build());
      return new byte[0];
    }
    if (selector == UNDELEGATE) {
      writable(call);
      nonPayable(call);
      Address validator = in.address(0);
      BigInteger amount = in.uint(1, 256);
      long completion = ledger.undelegate(caller, validator, amount, call.block().timestamp());
      emit(call, logGas, UNBOND_EVENT, List.of(word(caller), word(validator)),
          new Abi.Writer().uint(amount).uint(unsigned(completion)).build());
      return new Abi.Writer().uint(unsigned(completion)).build();
    }
    if (selector == REDELEGATE) {
      writable(call);
      nonPayable(call);
      Address from = in.address(0);
      Address to = in.address(1);
      BigInteger amount = in.uint(2, 256);
      ledger.redelegate(caller, from, to, amount);
      emit(call, logGas, REDELEGATE_EVENT, List.of(word(caller), word(from), word(to)),
          new Abi.Writer().uint(amount).build());
      return new byte[0];
    }
    if (selector == WITHDRAW_REWARDS || selector == WITHDRAW_COMMISSION) {
      writable(call);
      nonPayable(call);
      BigInteger amount = selector == WITHDRAW_REWARDS
          ? ledger.takeRewards(caller, in.address(0))
          : ledger.takeCommission(caller);
      UInt256 value256 = UInt256.fromBigInteger(amount);
      call.state().subtractBalance(call.self(), value256);
      call.state().addBalance(caller, value256);
      return new Abi.Writer().uint(amount).build();
    }
    if (selector == UNJAIL) {
      writable(call);
      nonPayable(call);
      ledger.unjail(caller, call.block().timestamp());
      emit(call, logGas, UNJAIL_EVENT, List.of(word(caller)), new byte[0]);
      return new byte[0];
    }
    if (selector == SUBMIT_EVIDENCE) {
      writable(call);
      nonPayable(call);
      logGas[0] += EVIDENCE_VERIFY_GAS;
      slashDoubleSign(call, in.bytes(0, EVIDENCE_BYTES_MAX), ledger, logGas);
      return new byte[0];
    }
    nonPayable(call);
    if (selector == VALIDATOR) {
      StakingLedger.ValidatorInfo v = ledger.validator(in.address(0));
      return new Abi.Writer().uint(v.tokens()).uint(v.shares()).uint(v.commissionPpm())
          .bool(v.jailed()).uint(unsigned(v.jailedUntil())).uint(v.status()).build();
    }
    if (selector == DELEGATION) {
      Address delegator = in.address(0);
      Address validator = in.address(1);
      BigInteger shares = ledger.shares(delegator, validator);
      return new Abi.Writer().uint(shares).uint(ledger.tokensOf(validator, shares)).build();
    }
    if (selector == UNBONDINGS) {
      List<StakingLedger.Unbonding> list = ledger.unbondings(in.address(0));
      List<BigInteger> validators = new ArrayList<>();
      List<BigInteger> amounts = new ArrayList<>();
      List<BigInteger> times = new ArrayList<>();
      for (StakingLedger.Unbonding u : list) {
        validators.add(Abi.addressValue(u.validator()));
        amounts.add(u.amount());
        times.add(unsigned(u.completion()));
      }
      return new Abi.Writer().array(validators).array(amounts).array(times).build();
    }
    if (selector == ACTIVE_SET || selector == VALIDATOR_AT_HEIGHT) {
      long height = selector == ACTIVE_SET ? call.block().number()
          : in.uint(0, 64).longValue();
      StakingLedger.ScheduledSet set = ledger.setAt(height);
      List<BigInteger> addresses = new ArrayList<>();
      List<BigInteger> powers = new ArrayList<>();
      for (Validator v : set == null ? List.<Validator>of() : set.members()) {
        addresses.add(Abi.addressValue(v.address()));
        powers.add(BigInteger.valueOf(v.votingPower()));
      }
      return new Abi.Writer().array(addresses).array(powers).build();
    }
    if (selector == PARAMS) {
      StakingParams p = ledger.params();
      return new Abi.Writer().uint(p.unbondingSeconds()).uint(p.minSelfStake())
          .uint(p.maxValidators()).uint(p.slashDoubleSignPpm()).uint(p.inflationPerBlock())
          .uint(p.signedBlocksWindow()).uint(p.downtimeMinSignedPpm())
          .uint(p.slashDowntimePpm()).uint(p.downtimeJailSeconds()).build();
    }
    if (selector == SIGNING_INFO) {
      StakingLedger.SigningInfo info = ledger.signingInfo(in.address(0));
      return new Abi.Writer().uint(info.counted()).uint(info.missed()).build();
    }
    if (selector == PENDING_REWARDS) {
      return new Abi.Writer().uint(ledger.pendingRewards(in.address(0), in.address(1))).build();
    }
    if (selector == PENDING_COMMISSION) {
      return new Abi.Writer().uint(ledger.pendingCommission(in.address(0))).build();
    }
    throw new Abi.Invalid(String.format("unknown function selector 0x%08x", selector));
  }

  /**
   * Anyone may submit double-sign evidence (it proves itself: two votes signed by the
   * offender). It is checked against the set the ledger recorded for its height; the offender
   * loses the double-sign fraction of its bonded tokens (burned from the staking account) and
   * is tombstoned, so the end of this block schedules the set without it.
   */
  private void slashDoubleSign(Call call, byte[] encoded, StakingLedger ledger, long[] gas) {
    MessageCodec.Decoded<DuplicateVoteEvidence> decoded = MessageCodec.decodeEvidence(encoded);
    if (!decoded.ok()) {
      throw new Abi.Invalid("undecodable evidence: " + decoded.problem());
    }
    DuplicateVoteEvidence evidence = decoded.value();
    long now = call.block().number();
    // Evidence of the current height is fine: the ledger already knows that height's set.
    if (evidence.height() > now) {
      throw new Abi.Invalid("evidence of height " + evidence.height() + " in block " + now);
    }
    if (now - evidence.height() > EVIDENCE_MAX_AGE_BLOCKS) {
      throw new Abi.Invalid("evidence older than " + EVIDENCE_MAX_AGE_BLOCKS + " blocks");
    }
    StakingLedger.ScheduledSet set = ledger.setAt(evidence.height());
    if (set == null) {
      throw new Abi.Invalid("no validator set recorded for height " + evidence.height());
    }
    Verification verdict = evidence.verify(call.block().chainId(),
        ValidatorSet.of(set.members()), SignatureVerifier.secp256k1());
    if (!verdict.valid()) {
      throw new Abi.Invalid("invalid evidence: " + verdict.problem());
    }
    Address offender = evidence.offender();
    if (ledger.tombstoned(offender)) {
      throw new Abi.Invalid("validator " + offender + " is already tombstoned");
    }
    BigInteger burned = ledger.slashAndTombstone(offender, ledger.params().slashDoubleSignPpm());
    call.state().subtractBalance(call.self(), UInt256.fromBigInteger(burned));
    emit(call, gas, SLASH_EVENT, List.of(word(offender)),
        new Abi.Writer().uint(burned).uint(SLASH_DOUBLE_SIGN).build());
    emit(call, gas, JAIL_EVENT, List.of(word(offender)),
        new Abi.Writer().uint(unsigned(StakingLedger.JAILED_FOREVER)).build());
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

  /**
   * Nonce 1 keeps the staking account from counting as empty (EIP-161 would delete it, and its
   * storage with it, once its balance is zero).
   */
  static void keepAccount(EvmState state, Address self) {
    if (state.nonce(self) == 0) {
      state.setNonce(state.account(self), 1);
    }
  }

  private static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  private static Hash word(Address a) {
    return Hash.wrap(Abi.word(Abi.addressValue(a)));
  }

  private static void emit(Call call, long[] logGas, Hash topic0, List<Hash> indexed,
      byte[] data) {
    List<Hash> topics = new ArrayList<>();
    topics.add(topic0);
    topics.addAll(indexed);
    logGas[0] += 375 + 375L * topics.size() + 8L * data.length;
    call.state().addLog(new Log(call.self(), topics, data));
  }
}
