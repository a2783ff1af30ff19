package dev.zg.compute.settle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.chain.ServiceParams;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.chain.SettlementItem;
import dev.zg.compute.chain.SettlementStatus;
import dev.zg.compute.testing.MemoryServingChain;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.StructuredDataEncoder;

class SettlementTest {
  static final BigInteger PROVIDER_KEY = BigInteger.valueOf(0xAB_CDEFL);
  static final BigInteger SIGNER_KEY = BigInteger.valueOf(0x5151_5151L);
  static final Address PROVIDER = address(PROVIDER_KEY);
  static final Address SIGNER = address(SIGNER_KEY);
  static final BigInteger ONE_0G = BigInteger.TEN.pow(18);

  @TempDir Path dir;

  static Address address(BigInteger key) {
    return Address.fromPublicKey(Secp256k1.publicKey(key));
  }

  @Test
  void digestEqualsWeb3jsEip712Encoder() throws Exception {
    Address user = address(BigInteger.valueOf(777));
    Hash requestsHash = Hash.keccak("requests".getBytes());
    BigInteger nonce = new BigInteger("17000000000000000");
    BigInteger fee = new BigInteger("123456789012345678901");
    TeeSettlementTypedData typed =
        new TeeSettlementTypedData(MemoryServingChain.CHAIN_ID, MemoryServingChain.CONTRACT);
    String json = """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},
          {"name":"version","type":"string"},{"name":"chainId","type":"uint256"},
          {"name":"verifyingContract","type":"address"}],
         "TEESettlement":[{"name":"requestsHash","type":"bytes32"},
          {"name":"nonce","type":"uint256"},{"name":"provider","type":"address"},
          {"name":"user","type":"address"},{"name":"totalFee","type":"uint256"}]},
         "primaryType":"TEESettlement",
         "domain":{"name":"0G Inference Serving","version":"1","chainId":%d,
          "verifyingContract":"%s"},
         "message":{"requestsHash":"%s","nonce":"%s","provider":"%s","user":"%s",
          "totalFee":"%s"}}
        """.formatted(MemoryServingChain.CHAIN_ID, MemoryServingChain.CONTRACT.toHex(),
        requestsHash.toHex(), nonce, PROVIDER.toHex(), user.toHex(), fee);
    byte[] expected = new StructuredDataEncoder(json).hashStructuredData();
    assertThat(Hex.encode(typed.digest(requestsHash, nonce, PROVIDER, user, fee)))
        .isEqualTo(Hex.encode(expected));
    SettlementItem item = typed.sign(user, PROVIDER, fee, requestsHash, nonce, SIGNER_KEY);
    assertThat(typed.recover(item)).isEqualTo(SIGNER);
  }

  MemoryServingChain chain(Address signer) {
    MemoryServingChain chain = new MemoryServingChain(PROVIDER);
    chain.registerService(new ServiceParams("chatbot", "http://p", "m", "TeeML",
        BigInteger.ONE, BigInteger.TWO, "{}", signer), ONE_0G.multiply(BigInteger.valueOf(100)));
    return chain;
  }

  @Test
  void batchesSettleExactlyTheMeteredFeesAndHandlePartialResults() {
    MemoryServingChain chain = chain(SIGNER);
    Address rich = address(BigInteger.valueOf(1001));
    Address poor = address(BigInteger.valueOf(1002));
    chain.fund(rich, PROVIDER, ONE_0G);
    chain.fund(poor, PROVIDER, BigInteger.valueOf(50));
    try (RocksKeyValueStore store = RocksKeyValueStore.open(dir, FeeLedger.COLUMN)) {
      FeeLedger ledger = new FeeLedger(store, Durability.WAL);
      ledger.charge(rich, "c1", 10, 20, BigInteger.valueOf(1000));
      ledger.charge(rich, "c2", 1, 2, BigInteger.valueOf(234));
      ledger.charge(poor, "c3", 5, 5, BigInteger.valueOf(80));
      Settler settler = new Settler(chain, ledger, PROVIDER, SIGNER_KEY, Clock.systemUTC());
      List<Settler.Outcome> outcomes = settler.settleOnce();
      assertThat(outcomes).extracting(Settler.Outcome::status)
          .containsExactlyInAnyOrder(SettlementStatus.SUCCESS, SettlementStatus.PARTIAL);
      assertThat(chain.get(rich, PROVIDER).balance())
          .isEqualTo(ONE_0G.subtract(BigInteger.valueOf(1234)));
      assertThat(chain.get(poor, PROVIDER).balance()).isZero();
      assertThat(ledger.unsettled(rich)).isZero();
      assertThat(ledger.unsettled(poor)).isZero();
      assertThat(ledger.requests(rich, 10)).isEmpty();
      // Nothing left: the next run sends nothing.
      assertThat(settler.settleOnce()).isEmpty();
      assertThat(chain.settledBatches).hasSize(1);
      // A later charge settles under a higher nonce.
      ledger.charge(rich, "c4", 1, 1, BigInteger.valueOf(7));
      Settler.Outcome next = settler.settleOnce().get(0);
      assertThat(next.status()).isEqualTo(SettlementStatus.SUCCESS);
      assertThat(next.nonce()).isGreaterThan(outcomes.get(0).nonce());
    }
  }

  @Test
  void aWrongSignerKeepsTheFeesForLater() {
    MemoryServingChain chain = chain(address(BigInteger.valueOf(999)));
    Address user = address(BigInteger.valueOf(1001));
    chain.fund(user, PROVIDER, ONE_0G);
    try (RocksKeyValueStore store = RocksKeyValueStore.open(dir, FeeLedger.COLUMN)) {
      FeeLedger ledger = new FeeLedger(store, Durability.WAL);
      ledger.charge(user, "c1", 1, 1, BigInteger.valueOf(500));
      Settler settler = new Settler(chain, ledger, PROVIDER, SIGNER_KEY, Clock.systemUTC());
      assertThat(settler.settleOnce()).extracting(Settler.Outcome::status)
          .containsExactly(SettlementStatus.INVALID_SIGNATURE);
      assertThat(ledger.unsettled(user)).isEqualTo(BigInteger.valueOf(500));
      assertThat(chain.get(user, PROVIDER).balance()).isEqualTo(ONE_0G);
    }
  }

  @Test
  void aBatchThatLandedBeforeACrashIsNotChargedTwice() {
    MemoryServingChain chain = chain(SIGNER);
    Address user = address(BigInteger.valueOf(1001));
    chain.fund(user, PROVIDER, ONE_0G);
    Path folder = dir.resolve("fees");
    try (RocksKeyValueStore store = RocksKeyValueStore.open(folder, FeeLedger.COLUMN)) {
      FeeLedger ledger = new FeeLedger(store, Durability.WAL);
      ledger.charge(user, "c1", 1, 1, BigInteger.valueOf(300));
      // Simulate the crash window: the settler recorded the pending item and the chain
      // mined it, but the process died before the ledger was updated.
      BigInteger nonce = BigInteger.valueOf(42);
      ledger.useNonce(nonce);
      ledger.recordPending(new FeeLedger.Pending(user, nonce, 0));
      ServingAccount a = chain.get(user, PROVIDER);
      chain.put(new ServingAccount(user, PROVIDER, nonce, a.balance().subtract(
          BigInteger.valueOf(300)), BigInteger.ZERO, true, BigInteger.ZERO, BigInteger.ZERO));
    }
    try (RocksKeyValueStore store = RocksKeyValueStore.open(folder, FeeLedger.COLUMN)) {
      FeeLedger ledger = new FeeLedger(store, Durability.WAL);
      assertThat(ledger.unsettled(user)).isEqualTo(BigInteger.valueOf(300));
      Settler settler = new Settler(chain, ledger, PROVIDER, SIGNER_KEY, Clock.systemUTC());
      assertThat(settler.settleOnce()).isEmpty();
      assertThat(ledger.unsettled(user)).isZero();
      assertThat(chain.get(user, PROVIDER).balance())
          .isEqualTo(ONE_0G.subtract(BigInteger.valueOf(300)));
    }
  }
}
