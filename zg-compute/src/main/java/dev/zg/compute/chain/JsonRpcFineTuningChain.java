package dev.zg.compute.chain;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FineTuningChain} over Ethereum JSON-RPC with FineTuningServing's exact selectors and
 * struct layouts (compute-sdk.md §2.4); transactions are legacy EIP-155 from the provider key.
 */
public final class JsonRpcFineTuningChain implements FineTuningChain {
  static final byte[] GET_SERVICE = Abi.selector("15a52302");
  static final byte[] GET_ACCOUNT = Abi.selector("fd590847");
  static final byte[] GET_DELIVERABLE = Abi.selector("a134f9e1");
  static final byte[] ADD_OR_UPDATE_SERVICE = Abi.selector("43d96bb3");
  static final byte[] ADD_DELIVERABLE = Abi.selector("6dc7513d");
  static final byte[] SETTLE_FEES = Abi.selector("3d60456a");
  static final byte[] ACKNOWLEDGE_DELIVERABLE = Abi.selector("a296bf4f");
  static final byte[] ACKNOWLEDGE_TEE_SIGNER_BY_OWNER = Abi.selector("b2394d09");
  static final String ACCOUNT_NOT_EXISTS = "0x08ca03ac";
  static final String SERVICE_NOT_EXIST = "0x098eda7e";
  static final String DELIVERABLE_NOT_EXISTS = "0xbd06bd96";

  private final ChainClient rpc;
  private final Address contract;

  public JsonRpcFineTuningChain(URI rpc, Address fineTuningServing, BigInteger providerKey) {
    this.rpc = new ChainClient(rpc, providerKey);
    this.rpc.chainId(); // connects now: a wrong URL fails at start, not at the first request
    this.contract = fineTuningServing;
  }

  @Override
  public long chainId() {
    return rpc.chainId();
  }

  /** The address this client sends from (the provider, or the user on the user side). */
  public Address from() {
    return rpc.from();
  }

  @Override
  public Address contract() {
    return contract;
  }

  @Override
  public Optional<Service> service(Address provider) {
    return rpc.ethCall(contract, Bytes.concat(GET_SERVICE, Abi.word(provider)), SERVICE_NOT_EXIST)
        .map(JsonRpcFineTuningChain::decodeService)
        .filter(s -> !s.provider().equals(Address.ZERO));
  }

  static Service decodeService(byte[] returned) {
    Abi.Reader in = new Abi.Reader(returned);
    int t = in.offset(0);
    int q = t + in.offset(t + 64);
    Quota quota = new Quota(in.uint(q).longValue(), in.uint(q + 32).longValue(),
        in.uint(q + 64).longValue(), in.uint(q + 96).longValue(), in.string(q, q + 128));
    return new Service(in.address(t), in.string(t, t + 32), quota, in.uint(t + 96),
        in.bool(t + 128), in.strings(t, t + 160), in.address(t + 192), in.bool(t + 224));
  }

  @Override
  public Optional<Account> account(Address user, Address provider) {
    return rpc.ethCall(contract, Bytes.concat(GET_ACCOUNT, Abi.word(user), Abi.word(provider)),
        ACCOUNT_NOT_EXISTS).map(returned -> {
          Abi.Reader in = new Abi.Reader(returned);
          int t = in.offset(0);
          return new Account(in.address(t), in.address(t + 32), in.uint(t + 64),
              in.uint(t + 96), in.uint(t + 128), in.bool(t + 11 * 32));
        });
  }

  @Override
  public Optional<Deliverable> deliverable(Address user, Address provider, String id) {
    byte[] data = Bytes.concat(GET_DELIVERABLE, Abi.tuple(Abi.head(Abi.word(user)),
        Abi.head(Abi.word(provider)), Abi.tail(Abi.string(id))));
    Optional<byte[]> result;
    try {
      result = rpc.ethCall(contract, data, DELIVERABLE_NOT_EXISTS);
    } catch (ChainClient.RpcException e) {
      if (e.data() != null && e.data().toLowerCase().startsWith(ACCOUNT_NOT_EXISTS)) {
        return Optional.empty();
      }
      throw e;
    }
    return result.map(returned -> {
      Abi.Reader in = new Abi.Reader(returned);
      int t = in.offset(0);
      return new Deliverable(in.string(t, t), in.bytes(t, t + 32), in.bytes(t, t + 64),
          in.bool(t + 96), in.uint(t + 128), in.bool(t + 160));
    });
  }

  @Override
  public void registerService(String url, Quota quota, BigInteger pricePerToken,
      boolean occupied, List<String> models, Address teeSigner, BigInteger stakeWei) {
    byte[] quotaTuple = Abi.tuple(Abi.head(Abi.word(quota.cpuCount())),
        Abi.head(Abi.word(quota.nodeMemory())), Abi.head(Abi.word(quota.gpuCount())),
        Abi.head(Abi.word(quota.nodeStorage())), Abi.tail(Abi.string(quota.gpuType())));
    List<byte[]> names = new ArrayList<>();
    for (String model : models) {
      names.add(Abi.string(model));
    }
    byte[] data = Bytes.concat(ADD_OR_UPDATE_SERVICE, Abi.tuple(Abi.tail(Abi.string(url)),
        Abi.tail(quotaTuple), Abi.head(Abi.word(pricePerToken)), Abi.head(Abi.word(occupied)),
        Abi.tail(Abi.dynamicArray(names)), Abi.head(Abi.word(teeSigner))));
    rpc.sendAndWait(contract, data, stakeWei);
  }

  @Override
  public void addDeliverable(Address user, String id, byte[] modelRootHash) {
    byte[] data = Bytes.concat(ADD_DELIVERABLE, Abi.tuple(Abi.head(Abi.word(user)),
        Abi.tail(Abi.string(id)), Abi.tail(Abi.dynamicBytes(modelRootHash))));
    rpc.sendAndWait(contract, data, BigInteger.ZERO);
  }

  /** The user side: {@code acknowledgeDeliverable(provider, id)} from this client's key. */
  public void acknowledgeDeliverable(Address provider, String id) {
    rpc.sendAndWait(contract, Bytes.concat(ACKNOWLEDGE_DELIVERABLE, Abi.tuple(
        Abi.head(Abi.word(provider)), Abi.tail(Abi.string(id)))), BigInteger.ZERO);
  }

  /** The contract owner's {@code acknowledgeTEESignerByOwner(provider)} from this client's key. */
  public void acknowledgeSignerAsOwner(Address provider) {
    rpc.sendAndWait(contract, Bytes.concat(ACKNOWLEDGE_TEE_SIGNER_BY_OWNER, Abi.word(provider)),
        BigInteger.ZERO);
  }

  @Override
  public void settleFees(VerifierInput v) {
    byte[] input = Abi.tuple(Abi.tail(Abi.string(v.id())),
        Abi.tail(Abi.dynamicBytes(v.encryptedSecret())),
        Abi.tail(Abi.dynamicBytes(v.modelRootHash())), Abi.head(Abi.word(v.nonce())),
        Abi.tail(Abi.dynamicBytes(v.signature())), Abi.head(Abi.word(v.taskFee())),
        Abi.head(Abi.word(v.user())));
    rpc.sendAndWait(contract, Bytes.concat(SETTLE_FEES, Abi.tuple(Abi.tail(input))),
        BigInteger.ZERO);
  }
}
