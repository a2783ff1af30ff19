package dev.zg.compute.billing;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyRange;
import dev.zg.state.kv.KeyValueCursor;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provider's record of what each user owes and has not yet been settled on chain. Every
 * charge is one atomic write (the request record plus the user's new total) to the write-ahead
 * log before the response is released, so a crash or kill -9 loses no charge. Totals are also
 * kept in memory for the per-request balance check.
 *
 * <p>Keys in {@link #COLUMN}: {@code 'r' user seq} per unsettled request, {@code 'u' user} the
 * user's unsettled total, {@code 's'} the next sequence number, {@code 'n'} the last
 * settlement nonce used. A single lock orders writers; a charge costs one WAL append.
 */
public final class FeeLedger {
  public static final Column COLUMN = new Column("compute-fees");
  /** A chat id longer than this is refused (the broker's own ids are 40 characters). */
  public static final int CHAT_ID_BYTES_MAX = 128;

  private static final byte REQUEST = 'r';
  private static final byte TOTAL = 'u';
  private static final byte PENDING = 'p';
  private static final byte[] SEQUENCE_KEY = {'s'};
  private static final byte[] NONCE_KEY = {'n'};

  private final KeyValueStore store;
  private final Durability durability;
  private final Map<Address, BigInteger> totals = new HashMap<>();
  private long nextSequence;

  /** Opens the ledger over {@code store}, which must include {@link #COLUMN}. */
  public FeeLedger(KeyValueStore store, Durability durability) {
    this.store = store;
    this.durability = durability;
    this.nextSequence = store.get(COLUMN, SEQUENCE_KEY).map(FeeLedger::toLong).orElse(0L);
    try (KeyValueCursor cursor = store.cursor(COLUMN, KeyRange.prefix(new byte[] {TOTAL}))) {
      while (cursor.next()) {
        Address user = Address.wrap(cursor.key(), 1);
        totals.put(user, new BigInteger(1, cursor.value()));
      }
    }
  }

  /** Records a charge durably and returns the stored request. */
  public synchronized MeteredRequest charge(Address user, String chatId, long inputTokens,
      long outputTokens, BigInteger fee) {
    if (fee.signum() < 0 || inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("a charge cannot be negative");
    }
    byte[] chat = chatId.getBytes(StandardCharsets.UTF_8);
    if (chat.length > CHAT_ID_BYTES_MAX) {
      throw new IllegalArgumentException("chat id longer than " + CHAT_ID_BYTES_MAX + " bytes");
    }
    long sequence = nextSequence;
    MeteredRequest request =
        new MeteredRequest(user, sequence, chatId, inputTokens, outputTokens, fee);
    BigInteger total = unsettled(user).add(fee);
    try (WriteBatch batch = store.newBatch()) {
      batch.put(COLUMN, requestKey(user, sequence), encode(request));
      batch.put(COLUMN, totalKey(user), Bytes.unsigned(total, 32));
      batch.put(COLUMN, SEQUENCE_KEY, Bytes.unsigned(BigInteger.valueOf(sequence + 1), 8));
      batch.commit(durability);
    }
    nextSequence = sequence + 1;
    totals.put(user, total);
    return request;
  }

  /** What {@code user} owes that is not settled yet, in neuron (wei). */
  public synchronized BigInteger unsettled(Address user) {
    return totals.getOrDefault(user, BigInteger.ZERO);
  }

  /** Users with an unsettled total above zero. */
  public synchronized List<Address> usersWithFees() {
    List<Address> users = new ArrayList<>();
    totals.forEach((user, total) -> {
      if (total.signum() > 0) {
        users.add(user);
      }
    });
    users.sort(null);
    return users;
  }

  /** The unsettled requests of {@code user}, oldest first, at most {@code limit}. */
  public synchronized List<MeteredRequest> requests(Address user, int limit) {
    List<MeteredRequest> out = new ArrayList<>();
    byte[] prefix = Bytes.concat(new byte[] {REQUEST}, user.toArray());
    try (KeyValueCursor cursor = store.cursor(COLUMN, KeyRange.prefix(prefix))) {
      while (out.size() < limit && cursor.next()) {
        out.add(decode(user, cursor.value()));
      }
    }
    return out;
  }

  /**
   * Removes settled requests of one user from the ledger (after a SUCCESS or a PARTIAL
   * settlement consumed their nonce) and lowers the user's total by their fees, atomically.
   */
  public synchronized void markSettled(Address user, List<MeteredRequest> settled) {
    BigInteger total = unsettled(user);
    try (WriteBatch batch = store.newBatch()) {
      for (MeteredRequest request : settled) {
        if (!request.user().equals(user)) {
          throw new IllegalArgumentException("request of another user in the batch");
        }
        batch.delete(COLUMN, requestKey(user, request.sequence()));
        total = total.subtract(request.fee());
      }
      if (total.signum() < 0) {
        throw new IllegalStateException("settled more than the ledger holds for " + user);
      }
      if (total.signum() == 0) {
        batch.delete(COLUMN, totalKey(user));
      } else {
        batch.put(COLUMN, totalKey(user), Bytes.unsigned(total, 32));
      }
      batch.commit(durability);
    }
    if (total.signum() == 0) {
      totals.remove(user);
    } else {
      totals.put(user, total);
    }
  }

  /** The last settlement nonce this provider used (0 before the first). */
  public synchronized BigInteger lastNonce() {
    return store.get(COLUMN, NONCE_KEY).map(b -> new BigInteger(1, b)).orElse(BigInteger.ZERO);
  }

  /** Records a nonce before it is sent, so that a restart never reuses it. */
  public synchronized void useNonce(BigInteger nonce) {
    try (WriteBatch batch = store.newBatch()) {
      batch.put(COLUMN, NONCE_KEY, Bytes.unsigned(nonce, 32));
      batch.commit(durability);
    }
  }

  /**
   * A settlement about to be sent for {@code user}: the requests up to {@code lastSequence}
   * under {@code nonce}. Written before the transaction, so that after a crash the settler can
   * ask the chain whether it landed (the account's nonce reached it) instead of charging twice.
   */
  public record Pending(Address user, BigInteger nonce, long lastSequence) {}

  public synchronized void recordPending(Pending pending) {
    store.put(COLUMN, Bytes.concat(new byte[] {PENDING}, pending.user().toArray()),
        ByteBuffer.allocate(40).put(Bytes.unsigned(pending.nonce(), 32))
            .putLong(pending.lastSequence()).array());
  }

  public synchronized List<Pending> pending() {
    List<Pending> out = new ArrayList<>();
    try (KeyValueCursor cursor = store.cursor(COLUMN, KeyRange.prefix(new byte[] {PENDING}))) {
      while (cursor.next()) {
        ByteBuffer in = ByteBuffer.wrap(cursor.value());
        byte[] nonce = new byte[32];
        in.get(nonce);
        out.add(new Pending(Address.wrap(cursor.key(), 1), new BigInteger(1, nonce),
            in.getLong()));
      }
    }
    return out;
  }

  public synchronized void clearPending(Address user) {
    store.delete(COLUMN, Bytes.concat(new byte[] {PENDING}, user.toArray()));
  }

  /** Marks every unsettled request of {@code user} up to {@code lastSequence} as settled. */
  public synchronized void markSettledUpTo(Address user, long lastSequence) {
    List<MeteredRequest> settled = new ArrayList<>();
    for (MeteredRequest request : requests(user, Integer.MAX_VALUE)) {
      if (request.sequence() <= lastSequence) {
        settled.add(request);
      }
    }
    markSettled(user, settled);
  }

  private static byte[] totalKey(Address user) {
    return Bytes.concat(new byte[] {TOTAL}, user.toArray());
  }

  private static byte[] requestKey(Address user, long sequence) {
    return ByteBuffer.allocate(29).put(REQUEST).put(user.toArray()).putLong(sequence).array();
  }

  private static byte[] encode(MeteredRequest request) {
    byte[] chat = request.chatId().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + 8 + 8 + 32 + chat.length)
        .putLong(request.sequence()).putLong(request.inputTokens())
        .putLong(request.outputTokens()).put(Bytes.unsigned(request.fee(), 32)).put(chat).array();
  }

  private static MeteredRequest decode(Address user, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    long sequence = in.getLong();
    long input = in.getLong();
    long output = in.getLong();
    byte[] fee = new byte[32];
    in.get(fee);
    byte[] chat = new byte[in.remaining()];
    in.get(chat);
    return new MeteredRequest(user, sequence, new String(chat, StandardCharsets.UTF_8), input,
        output, new BigInteger(1, fee));
  }

  private static long toLong(byte[] bytes) {
    return new BigInteger(1, bytes).longValueExact();
  }
}
