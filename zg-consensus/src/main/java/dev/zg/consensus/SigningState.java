package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.List;

/**
 * What a validator must remember across restarts: the messages it signed at its latest
 * height (the last of which fixes the last height, round and step signed) and its
 * {@link Lock} at that moment (lockedRound, lockedValue of the paper, lines 38-39, with their
 * proof).
 *
 * <p>The engine emits a new state in {@link Output.PersistSigningState} before the
 * {@link Output.Broadcast} of each newly signed message; the host must make it durable before
 * sending (write-ahead), and pass the last durable state to the engine on restart. Then the
 * restarted validator
 * <ul>
 *   <li>never signs at or before its last (height, round, step), so it cannot equivocate;
 *   <li>keeps its lock, without which an honest validator could help commit a conflicting
 *       value, and the lock's proof, without which the lock could block the height for good;
 *   <li>re-sends, rather than re-decides, what it signed at this height. The messages are
 *       kept, not only the last one, because the others may need them: a prevote lost in
 *       flight when its signer crashed can be the one vote that a quorum lacks, and the
 *       simulation found heights that stalled for good without it.
 * </ul>
 * Kept: the votes of the last {@link Limits#roundsBehindKeptMax()} rounds and of the locked
 * round, and the proposal of the last round; all of one height, in signing order. The lock
 * changes at most once per round, so a host may store it apart, keyed by its round.
 *
 * <p>{@code lock} is null when the validator is not locked.
 */
public record SigningState(List<ConsensusMessage> signed, Lock lock) {
  /** Nothing signed yet: a new validator. */
  public static final SigningState NONE = new SigningState(List.of(), null);

  public SigningState {
    signed = List.copyOf(signed);
    Check.argument(!signed.isEmpty() || lock == null, "a lock needs a signed message");
    for (int i = 1; i < signed.size(); i++) {
      ConsensusMessage a = signed.get(i - 1);
      ConsensusMessage b = signed.get(i);
      Check.argument(a.height() == b.height() && a.signer().equals(b.signer())
          && compare(a.height(), a.round(), a.step(), b.height(), b.round(), b.step()) < 0,
          "signed messages must be of one signer and height, in signing order");
    }
    Check.argument(lock == null || (lock.height() == signed.getLast().height()
        && lock.round() <= signed.getLast().round()),
        "the lock must be of the last signed height and round or earlier");
  }

  /** The last message signed, or null when none. */
  public ConsensusMessage lastSigned() {
    return signed.isEmpty() ? null : signed.getLast();
  }

  /** The height of the last signature, 0 when none. */
  public long height() {
    return signed.isEmpty() ? 0 : signed.getLast().height();
  }

  /** The round of the last signature, -1 when none. */
  public int round() {
    return signed.isEmpty() ? -1 : signed.getLast().round();
  }

  /** The step of the last signature, null when none. */
  public Step step() {
    return signed.isEmpty() ? null : signed.getLast().step();
  }

  /** lockedRound: -1 when not locked. */
  public int lockedRound() {
    return lock == null ? -1 : lock.round();
  }

  /** id(lockedValue): null when not locked. */
  public Hash lockedValueId() {
    return lock == null ? null : lock.valueId();
  }

  /**
   * Orders (height, round, step) positions: negative when the first comes before the second.
   * A validator signs only at positions after its last one.
   */
  static int compare(long height1, int round1, Step step1, long height2, int round2,
      Step step2) {
    if (height1 != height2) {
      return Long.compare(height1, height2);
    }
    if (round1 != round2) {
      return Integer.compare(round1, round2);
    }
    return step1.compareTo(step2);
  }
}
