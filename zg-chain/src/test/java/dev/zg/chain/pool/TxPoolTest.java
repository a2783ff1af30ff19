package dev.zg.chain.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.chain.tx.BlockContext;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxPoolTest {
  private static final long CHAIN = 31337;
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final Secp256k1.KeyPair ALICE = Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(1001));
  private static final Secp256k1.KeyPair BOB = Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(1002));
  private static final Address TO = Address.fromHex("0x000000000000000000000000000000000000beef");

  /** A settable head state. */
  static final class Head implements AccountReader {
    final Map<Address, Long> nonces = new HashMap<>();
    final Map<Address, BigInteger> balances = new HashMap<>();

    @Override
    public long nonce(Address a) {
      return nonces.getOrDefault(a, 0L);
    }

    @Override
    public BigInteger balance(Address a) {
      return balances.getOrDefault(a, BigInteger.TEN.pow(24));
    }

    @Override
    public boolean hasCode(Address a) {
      return false;
    }
  }

  private final Head head = new Head();
  private final BlockContext block = new BlockContext(30_000_000, GWEI, BigInteger.ONE);
  private final TxPool pool = new TxPool(PoolConfig.defaults(CHAIN), head, () -> block);

  private static Transaction tx(Secp256k1.KeyPair key, long nonce, long tipGwei, long feeGwei) {
    return TransactionSigner.sign(new DynamicFeeTransaction(CHAIN, nonce,
        GWEI.multiply(BigInteger.valueOf(tipGwei)), GWEI.multiply(BigInteger.valueOf(feeGwei)),
        21_000, TO, BigInteger.ONE, new byte[0], List.of(), Transaction.UNSIGNED), key.privateKey());
  }

  private void add(Transaction tx) throws TxPoolException {
    pool.add(tx, tx.encode().length);
  }

  @Test
  void gapsQueueAndFillingThemPromotes() throws Exception {
    List<Transaction> announced = new ArrayList<>();
    pool.onPending(announced::add);
    add(tx(ALICE, 0, 1, 10));
    add(tx(ALICE, 2, 1, 10));
    assertThat(pool.pendingCount()).isEqualTo(1);
    assertThat(pool.queuedCount()).isEqualTo(1);
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(1);
    add(tx(ALICE, 1, 1, 10));
    assertThat(pool.pendingCount()).isEqualTo(3);
    assertThat(pool.queuedCount()).isZero();
    assertThat(announced).extracting(Transaction::nonce).containsExactly(0L, 1L, 2L);
  }

  @Test
  void longRunsInOrderAndBehindAGapCountAndAnnounceEveryNonceOnce() throws Exception {
    List<Transaction> announced = new ArrayList<>();
    pool.onPending(announced::add);
    for (long n = 0; n < 300; n++) {
      if (n != 100) {
        add(tx(ALICE, n, 1, 10));
      }
    }
    assertThat(pool.pendingCount()).isEqualTo(100);
    assertThat(pool.queuedCount()).isEqualTo(199);
    add(tx(ALICE, 100, 1, 10));
    add(tx(ALICE, 150, 2, 12)); // a replacement inside the run changes nothing but itself
    assertThat(pool.pendingCount()).isEqualTo(300);
    assertThat(pool.queuedCount()).isZero();
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(300);
    List<Long> nonces = new ArrayList<>();
    announced.forEach(t -> nonces.add(t.nonce()));
    List<Long> expected = new ArrayList<>();
    for (long n = 0; n < 300; n++) {
      expected.add(n);
    }
    expected.add(150L);
    assertThat(nonces).containsExactlyElementsOf(expected);
  }

  @Test
  void rejectionsUseTheUsualWording() throws Exception {
    add(tx(ALICE, 0, 1, 10));
    assertThatThrownBy(() -> add(tx(ALICE, 0, 1, 10))).hasMessage("already known");
    assertThatThrownBy(() -> add(tx(ALICE, 0, 1, 11)))
        .hasMessageStartingWith("replacement transaction underpriced");
    head.nonces.put(BOB.address(), 5L);
    assertThatThrownBy(() -> add(tx(BOB, 4, 1, 10)))
        .hasMessage("nonce too low: next nonce 5, tx nonce 4");
    head.balances.put(BOB.address(), BigInteger.ONE);
    assertThatThrownBy(() -> add(tx(BOB, 5, 1, 10)))
        .hasMessageStartingWith("insufficient funds for gas * price + value");
    assertThatThrownBy(() -> add(tx(ALICE, 1, 0, 0)))
        .hasMessageStartingWith("max fee per gas less than block base fee");
    Transaction otherChain = TransactionSigner.sign(new DynamicFeeTransaction(1, 1, GWEI,
        GWEI.multiply(BigInteger.TEN), 21_000, TO, BigInteger.ONE, new byte[0], List.of(),
        Transaction.UNSIGNED), ALICE.privateKey());
    assertThatThrownBy(() -> add(otherChain)).hasMessageStartingWith("invalid chain id");
    Transaction lowGas = TransactionSigner.sign(new DynamicFeeTransaction(CHAIN, 1, GWEI,
        GWEI.multiply(BigInteger.TEN), 20_000, TO, BigInteger.ONE, new byte[0], List.of(),
        Transaction.UNSIGNED), ALICE.privateKey());
    assertThatThrownBy(() -> add(lowGas))
        .hasMessage("intrinsic gas too low: gas 20000, minimum needed 21000");
    assertThatThrownBy(() -> pool.add(tx(ALICE, 1, 1, 10), 200_000))
        .hasMessageStartingWith("oversized data");
  }

  @Test
  void replacementWithEnoughBumpReplaces() throws Exception {
    Transaction first = tx(ALICE, 0, 1, 10);
    add(first);
    Transaction better = tx(ALICE, 0, 2, 11);
    add(better);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.get(first.hash())).isEmpty();
    assertThat(pool.get(better.hash())).contains(better);
  }

  @Test
  void candidatesComeByTipAndInNonceOrder() throws Exception {
    add(tx(ALICE, 0, 1, 100));
    add(tx(ALICE, 1, 5, 100));
    add(tx(BOB, 0, 3, 100));
    BlockCandidates c = pool.candidates(GWEI);
    List<String> order = new ArrayList<>();
    for (Transaction t = c.next(); t != null; t = c.next()) {
      order.add((t.sender().orElseThrow().equals(ALICE.address()) ? "A" : "B") + t.nonce());
    }
    // Alice's nonce 0 tips 1 gwei, Bob's 3: Bob first; then Alice 0 and her nonce 1.
    assertThat(order).containsExactly("B0", "A0", "A1");
  }

  @Test
  void skippingASenderDropsItsLaterNonces() throws Exception {
    add(tx(ALICE, 0, 5, 100));
    add(tx(ALICE, 1, 5, 100));
    add(tx(BOB, 0, 1, 100));
    BlockCandidates c = pool.candidates(GWEI);
    assertThat(c.next().nonce()).isZero();
    c.skipSender();
    Transaction next = c.next();
    assertThat(next.sender()).contains(BOB.address());
    assertThat(c.next()).isNull();
  }

  @Test
  void newHeadDropsIncludedAndPromotes() throws Exception {
    add(tx(ALICE, 0, 1, 10));
    add(tx(ALICE, 1, 1, 10));
    add(tx(ALICE, 3, 1, 10));
    head.nonces.put(ALICE.address(), 2L);
    pool.onNewHead(head);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.queuedCount()).isEqualTo(1);
    add(tx(ALICE, 2, 1, 10));
    assertThat(pool.pendingCount()).isEqualTo(2);
    assertThat(pool.nextNonce(ALICE.address())).isEqualTo(4);
  }

  @Test
  void limitsHold() throws Exception {
    TxPool small = new TxPool(new PoolConfig(CHAIN, 2, 3, 1, 128 * 1024, 10), head, () -> block);
    small.add(tx(ALICE, 0, 1, 10), 100);
    small.add(tx(ALICE, 1, 1, 10), 100);
    assertThatThrownBy(() -> small.add(tx(ALICE, 2, 1, 10), 100))
        .isInstanceOf(TxPoolException.class);
    small.add(tx(BOB, 0, 1, 10), 100);
    // Full: a richer newcomer evicts the cheapest tail; a poorer one is refused.
    Secp256k1.KeyPair carol = Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(1003));
    assertThatThrownBy(() -> small.add(tx(carol, 0, 1, 5), 100)).hasMessageStartingWith("txpool is full");
    small.add(tx(carol, 0, 1, 50), 100);
    assertThat(small.size()).isEqualTo(3);
    assertThat(small.pendingCount() + small.queuedCount()).isEqualTo(3);
  }
}
