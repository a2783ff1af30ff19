package dev.zg.compute.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ServingChain} over Ethereum JSON-RPC ({@code eth_call}, {@code eth_estimateGas},
 * {@code eth_sendRawTransaction}, {@code eth_getTransactionReceipt}) with InferenceServing's
 * exact selectors and struct layouts (compute-sdk.md §2.3). Transactions are legacy EIP-155,
 * signed with the provider's key.
 *
 * <p>Settlement statuses come from the contract's {@code TEESettlementResult(address indexed
 * user, uint8 status, uint256 unsettledAmount)} events, one per item in order; when the
 * receipt does not carry one per item, the statuses of an {@code eth_call} simulation of the
 * same call just before sending are used.
 */
public final class JsonRpcServingChain implements ServingChain {
  static final byte[] GET_ACCOUNT = Abi.selector("fd590847");
  static final byte[] GET_SERVICE = Abi.selector("15a52302");
  static final byte[] ADD_OR_UPDATE_SERVICE = Abi.selector("398c8e4e");
  static final byte[] SETTLE_FEES_WITH_TEE = Abi.selector("8be74119");
  static final byte[] PREVIEW_SETTLEMENT_RESULTS = Abi.selector("28b60476");
  static final byte[] ACKNOWLEDGE_SIGNER_BY_OWNER = java.util.Arrays.copyOf(
      dev.zg.common.Keccak256.hash("acknowledgeTEESignerByOwner(address)"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 4);
  static final String ACCOUNT_NOT_EXISTS = "0x08ca03ac";
  static final String SERVICE_NOT_EXIST = "0x098eda7e";
  static final String TEE_SETTLEMENT_RESULT_TOPIC =
      "0x1f69e5b87fd0ce34b3760ba6e5d8aa95a36e316c3ba44e1e65a9d0eb9e96d0bf";
  private final ChainClient rpc;
  private final Address contract;

  /** Connects and reads the chain id once (it is part of every signature). */
  public JsonRpcServingChain(URI rpc, Address servingContract, BigInteger providerKey) {
    this.rpc = new ChainClient(rpc, providerKey);
    this.rpc.chainId(); // connects now: a wrong URL fails at start, not at the first request
    this.contract = servingContract;
  }

  @Override
  public long chainId() {
    return rpc.chainId();
  }

  @Override
  public Address servingContract() {
    return contract;
  }

  @Override
  public Optional<ServingAccount> account(Address user, Address provider) {
    byte[] data = Bytes.concat(GET_ACCOUNT, Abi.word(user), Abi.word(provider));
    Optional<byte[]> result = ethCall(data, ACCOUNT_NOT_EXISTS);
    if (result.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decodeAccount(result.get()));
  }

  /** The {@code Account} tuple returned by {@code getAccount}; refunds are skipped. */
  static ServingAccount decodeAccount(byte[] returned) {
    Abi.Reader in = new Abi.Reader(returned);
    int t = in.offset(0);
    return new ServingAccount(in.address(t), in.address(t + 32), in.uint(t + 64),
        in.uint(t + 96), in.uint(t + 128), in.bool(t + 7 * 32), in.uint(t + 9 * 32),
        in.uint(t + 10 * 32));
  }

  @Override
  public Optional<ServingService> service(Address provider) {
    Optional<byte[]> result =
        ethCall(Bytes.concat(GET_SERVICE, Abi.word(provider)), SERVICE_NOT_EXIST);
    if (result.isEmpty()) {
      return Optional.empty();
    }
    Abi.Reader in = new Abi.Reader(result.get());
    int t = in.offset(0);
    Address registered = in.address(t);
    if (registered.equals(Address.ZERO)) {
      return Optional.empty();
    }
    return Optional.of(new ServingService(registered, in.string(t, t + 32),
        in.string(t, t + 64), in.uint(t + 96), in.uint(t + 128), in.uint(t + 160),
        in.string(t, t + 192), in.string(t, t + 224), in.string(t, t + 256),
        in.address(t + 288), in.bool(t + 320)));
  }

  @Override
  public void registerService(ServiceParams p, BigInteger stakeWei) {
    byte[] params = Abi.tuple(Abi.tail(Abi.string(p.serviceType())),
        Abi.tail(Abi.string(p.url())), Abi.tail(Abi.string(p.model())),
        Abi.tail(Abi.string(p.verifiability())), Abi.head(Abi.word(p.inputPrice())),
        Abi.head(Abi.word(p.outputPrice())), Abi.tail(Abi.string(p.additionalInfo())),
        Abi.head(Abi.word(p.teeSignerAddress())));
    byte[] data = Bytes.concat(ADD_OR_UPDATE_SERVICE, Abi.tuple(Abi.tail(params)));
    sendAndWait(data, stakeWei);
  }

  /**
   * {@code acknowledgeTEESignerByOwner(provider)}: only the contract owner may send it, so this
   * object's key must be the owner's (on zg devnet, account 0).
   */
  public void acknowledgeSignerAsOwner(Address provider) {
    sendAndWait(Bytes.concat(ACKNOWLEDGE_SIGNER_BY_OWNER, Abi.word(provider)), BigInteger.ZERO);
  }

  static byte[] encodeSettlements(byte[] selector, List<SettlementItem> items) {
    List<byte[]> tuples = new ArrayList<>();
    for (SettlementItem item : items) {
      tuples.add(Abi.tuple(Abi.head(Abi.word(item.user())), Abi.head(Abi.word(item.provider())),
          Abi.head(Abi.word(item.totalFee())), Abi.head(item.requestsHash().toArray()),
          Abi.head(Abi.word(item.nonce())), Abi.tail(Abi.dynamicBytes(item.signature()))));
    }
    return Bytes.concat(selector, Abi.tuple(Abi.tail(Abi.dynamicArray(tuples))));
  }

  @Override
  public List<SettlementStatus> previewSettlement(List<SettlementItem> items) {
    byte[] result = ethCall(encodeSettlements(PREVIEW_SETTLEMENT_RESULTS, items), null)
        .orElseThrow();
    return statuses(result, items.size());
  }

  @Override
  public List<SettlementStatus> settle(List<SettlementItem> items) {
    byte[] data = encodeSettlements(SETTLE_FEES_WITH_TEE, items);
    List<SettlementStatus> simulated = statuses(ethCall(data, null).orElseThrow(), items.size());
    JsonNode receipt = sendAndWait(data, BigInteger.ZERO);
    List<SettlementStatus> fromLogs = new ArrayList<>();
    for (JsonNode log : receipt.path("logs")) {
      if (log.path("address").asText().equalsIgnoreCase(contract.toHex())
          && log.path("topics").path(0).asText().equalsIgnoreCase(TEE_SETTLEMENT_RESULT_TOPIC)) {
        byte[] logData = Hex.decode(log.path("data").asText());
        fromLogs.add(SettlementStatus.of(new Abi.Reader(logData).uint(0).intValueExact()));
      }
    }
    return fromLogs.size() == items.size() ? fromLogs : simulated;
  }

  /**
   * Decodes the first returned {@code uint8[]}: all of {@code settleFeesWithTEE}'s result, the
   * first of {@code previewSettlementResults}' {@code (uint8[] statuses, uint256[]
   * unsettledAmounts)}.
   */
  static List<SettlementStatus> statuses(byte[] result, int expected) {
    Abi.Reader in = new Abi.Reader(result);
    int start = in.offset(0);
    int length = in.offset(start);
    if (length != expected) {
      throw new IllegalStateException("the contract returned " + length + " statuses for "
          + expected + " items");
    }
    List<SettlementStatus> out = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      out.add(SettlementStatus.of(in.uint(start + 32 + 32 * i).intValueExact()));
    }
    return out;
  }

  // ---------------------------------------------------------------- JSON-RPC

  /** eth_call from the provider; a revert whose data starts with {@code emptyOn} is empty. */
  private Optional<byte[]> ethCall(byte[] data, String emptyOn) {
    return rpc.ethCall(contract, data, emptyOn);
  }

  private JsonNode sendAndWait(byte[] data, BigInteger value) {
    return rpc.sendAndWait(contract, data, value);
  }
}
