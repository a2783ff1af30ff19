package dev.zg.consensus;

import dev.zg.common.Address;
import java.util.Objects;

/** A validator of one height: its signing address and its voting power (stake), > 0. */
public record Validator(Address address, long votingPower) {
  public Validator {
    Objects.requireNonNull(address, "address");
    Check.argument(votingPower > 0, "voting power must be positive, got " + votingPower);
    Check.argument(votingPower <= ValidatorSet.TOTAL_VOTING_POWER_MAX,
        "voting power too large: " + votingPower);
  }
}
