package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.protocol.websocket.WebSocketService;
import org.web3j.protocol.websocket.events.LogNotification;
import org.web3j.protocol.websocket.events.NewHeadsNotification;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;

/**
 * The first acceptance point from Java: web3j deploys the same solcjs-compiled
 * OpenZeppelin ERC-20 to {@code zg devnet}, transfers with EIP-1559 transactions it signs
 * itself, reads balances with eth_call, finds the Transfer events with eth_getLogs, and
 * receives them (and the new heads) over WebSocket subscriptions.
 */
@Timeout(300)
class Web3jDevnetTest {
  private static final BigInteger SUPPLY = BigInteger.TEN.pow(24);
  private static final Event TRANSFER = new Event("Transfer", List.of(
      new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {},
      new TypeReference<Uint256>() {}));

  @TempDir
  static Path folder;
  private static DevnetProcess devnet;
  private static Web3j web3;
  private static long chainId;

  @BeforeAll
  static void start() throws Exception {
    NpmProject.prepare(); // the contracts are compiled by solcjs
    devnet = DevnetProcess.start(folder.resolve("devnet"));
    web3 = Web3j.build(new HttpService(devnet.rpc.toString()));
    chainId = web3.ethChainId().send().getChainId().longValueExact();
  }

  @AfterAll
  static void stop() {
    if (web3 != null) {
      web3.shutdown();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void deploysTransfersQueriesAndSubscribes() throws Exception {
    Credentials deployer = Credentials.create(devnet.privateKeys.get(6));
    Credentials alice = Credentials.create(devnet.privateKeys.get(7));
    String bob = Credentials.create(devnet.privateKeys.get(8)).getAddress();

    String bytecode = NpmProject.contractsJson().get("ZgToken").get("bytecode").asText();
    String deployData = bytecode + FunctionEncoder.encodeConstructor(List.of(new Uint256(SUPPLY)));
    TransactionReceipt deployed = send(deployer, "", deployData);
    assertThat(deployed.isStatusOK()).isTrue();
    String token = deployed.getContractAddress();
    assertThat(web3.ethGetCode(token, DefaultBlockParameterName.LATEST).send().getCode())
        .hasSizeGreaterThan(2);
    Function name = new Function("name", List.of(),
        List.of(new TypeReference<Utf8String>() {}));
    assertThat(call(token, name)).isEqualTo("zg test token");

    WebSocketService socket = new WebSocketService(devnet.ws.toString(), false);
    socket.connect();
    Web3j live = Web3j.build(socket);
    List<LogNotification> logs = new CopyOnWriteArrayList<>();
    List<NewHeadsNotification> heads = new CopyOnWriteArrayList<>();
    // Closing the socket at the end ends both subscriptions (web3j then reports the closed
    // connection to the error handlers; unsubscribing first would race the close).
    List<Throwable> closed = new CopyOnWriteArrayList<>();
    live.logsNotifications(List.of(token), List.of(EventEncoder.encode(TRANSFER)))
        .subscribe(logs::add, closed::add);
    live.newHeadsNotifications().subscribe(heads::add, closed::add);
    try {
      // web3j lists a subscription once the node has answered eth_subscribe.
      Poll.until(() -> socket.getSubscriptionIdsMap().size() == 2);

      BigInteger thousand = BigInteger.TEN.pow(21);
      TransactionReceipt t1 = send(deployer, token, transfer(alice.getAddress(), thousand));
      TransactionReceipt t2 = send(alice, token, transfer(bob, BigInteger.valueOf(250)));
      assertThat(t1.isStatusOK()).isTrue();
      assertThat(t2.isStatusOK()).isTrue();
      assertThat(t2.getLogs()).hasSize(1);

      assertThat(balanceOf(token, deployer.getAddress())).isEqualTo(SUPPLY.subtract(thousand));
      assertThat(balanceOf(token, alice.getAddress()))
          .isEqualTo(thousand.subtract(BigInteger.valueOf(250)));
      assertThat(balanceOf(token, bob)).isEqualTo(BigInteger.valueOf(250));

      EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST,
          DefaultBlockParameterName.LATEST, token);
      filter.addSingleTopic(EventEncoder.encode(TRANSFER));
      List<Log> found = web3.ethGetLogs(filter).send().getLogs().stream()
          .map(r -> (Log) r.get()).toList();
      assertThat(found).extracting(Log::getTransactionHash).containsExactly(
          deployed.getTransactionHash(), t1.getTransactionHash(), t2.getTransactionHash());
      Log aliceToBob = found.get(2);
      assertThat(aliceToBob.getTopics().get(1)).endsWith(alice.getAddress().substring(2));
      assertThat(new BigInteger(aliceToBob.getData().substring(2), 16))
          .isEqualTo(BigInteger.valueOf(250));

      Poll.until(() -> logs.size() >= 2);
      assertThat(logs).extracting(n -> n.getParams().getResult().getTransactionHash())
          .containsExactly(t1.getTransactionHash(), t2.getTransactionHash());
      assertThat(logs.get(1).getParams().getResult().getLogIndex())
          .isEqualTo(aliceToBob.getLogIndexRaw());
      Poll.until(() -> heads.stream().anyMatch(h ->
          h.getParams().getResult().getHash().equals(t2.getBlockHash())));
      assertThat(closed).isEmpty();
    } finally {
      live.shutdown();
    }

    // A transfer beyond the balance reverts: eth_call answers code 3 with the revert data.
    Function tooMuch = transfer(bob, BigInteger.TEN.pow(30));
    var answer = web3.ethCall(Transaction.createEthCallTransaction(alice.getAddress(), token,
        FunctionEncoder.encode(tooMuch)), DefaultBlockParameterName.LATEST).send();
    assertThat(answer.hasError()).isTrue();
    assertThat(answer.getError().getCode()).isEqualTo(3);
    // ERC20InsufficientBalance(address,uint256,uint256)
    assertThat(answer.getError().getData()).startsWith("\"0xe450d38c");
  }

  private static Function transfer(String to, BigInteger amount) {
    return new Function("transfer", List.of(new Address(to), new Uint256(amount)),
        List.of(new TypeReference<org.web3j.abi.datatypes.Bool>() {}));
  }

  private static BigInteger balanceOf(String token, String who) throws Exception {
    return (BigInteger) call(token, new Function("balanceOf", List.of(new Address(who)),
        List.of(new TypeReference<Uint256>() {})));
  }

  private static Object call(String to, Function function) throws Exception {
    String data = web3.ethCall(Transaction.createEthCallTransaction(null, to,
        FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST).send().getValue();
    @SuppressWarnings("rawtypes")
    List<Type> out = FunctionReturnDecoder.decode(data, function.getOutputParameters());
    return out.get(0).getValue();
  }

  private static TransactionReceipt send(Credentials from, String to, Function function)
      throws Exception {
    return send(from, to, FunctionEncoder.encode(function));
  }

  /** An EIP-1559 transaction signed by web3j, with the gas the node estimates. */
  private static TransactionReceipt send(Credentials from, String to, String data)
      throws Exception {
    BigInteger gas = web3.ethEstimateGas(to.isEmpty()
        ? Transaction.createContractTransaction(from.getAddress(), null, null, data)
        : Transaction.createFunctionCallTransaction(from.getAddress(), null, null, null, to, data))
        .send().getAmountUsed();
    BigInteger tip = web3.ethMaxPriorityFeePerGas().send().getMaxPriorityFeePerGas();
    BigInteger maxFee = web3.ethGasPrice().send().getGasPrice().multiply(BigInteger.TWO);
    TransactionReceiptProcessor receipts = new PollingTransactionReceiptProcessor(web3, 20, 3000);
    RawTransactionManager manager = new RawTransactionManager(web3, from, chainId, receipts);
    EthSendTransaction sent = manager.sendEIP1559Transaction(chainId, tip, maxFee, gas, to, data,
        BigInteger.ZERO, to.isEmpty());
    if (sent.hasError()) {
      throw new AssertionError("eth_sendRawTransaction: " + sent.getError().getMessage());
    }
    return receipts.waitForTransactionReceipt(sent.getTransactionHash());
  }
}
