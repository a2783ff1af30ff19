package dev.zg.contracts.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.abi.AbiFunction;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The compute contracts' interface against the compute SDK spec (compute-sdk.md §2): every
 * function selector, custom error and event topic it lists, declared by the contract with
 * exactly that signature.
 */
class ComputeAbiTest {
  static final Map<String, String> LEDGER_FUNCTIONS = Map.ofEntries(
      Map.entry("getServiceInfo(address)", "0xe032f732"),
      Map.entry("getLedger(address)", "0xf7cd6af9"),
      Map.entry("getLedgerProviders(address,string)", "0xaef42173"),
      Map.entry("getAllLedgers(uint256,uint256)", "0x987086f0"),
      Map.entry("addLedger(string)", "0xc5e53f7e"),
      Map.entry("depositFund()", "0x8d0d8cb6"),
      Map.entry("depositFundFor(address)", "0xf585f3ea"),
      Map.entry("refund(uint256)", "0x278ecde1"),
      Map.entry("transferFund(address,string,uint256)", "0x2ba43b82"),
      Map.entry("retrieveFund(address[],string)", "0x31404a19"),
      Map.entry("deleteLedger()", "0x410b3815"),
      Map.entry("registerService(string,string,address,string)", "0x1ef4dc44"),
      Map.entry("spendFund(address,uint256)", "0xdd8a4118"),
      Map.entry("getServiceAddressByName(string)", "0xb8d5e581"),
      Map.entry("getAllActiveServices()", "0x9ade3972"),
      Map.entry("getRecommendedService(string)", "0x0e864174"),
      Map.entry("setRecommendedService(string,string)", "0x8158c9e5"),
      Map.entry("updateAdditionalInfo(string)", "0xffc22b5f"),
      Map.entry("MIN_ACCOUNT_BALANCE()", "0xac30b622"),
      Map.entry("MIN_TRANSFER_AMOUNT()", "0x3c3dbbc7"));

  static final Map<String, String> LEDGER_ERRORS = Map.ofEntries(
      Map.entry("LedgerNotExists(address)", "0x7d2d536b"),
      Map.entry("LedgerExists(address)", "0xcde58aa1"),
      Map.entry("InsufficientBalance(address)", "0x897f6c58"),
      Map.entry("InsufficientAvailableBalance(uint256,uint256)", "0xadb9e043"),
      Map.entry("MinimumDepositRequired(uint256,uint256)", "0x54443ec4"),
      Map.entry("TooManyProviders(uint256,uint256)", "0x829e4c32"),
      Map.entry("TooManyProvidersForService(uint256,uint256)", "0xe9499337"),
      Map.entry("ServiceNotRegistered(address)", "0x7a0d2d91"),
      Map.entry("ServiceNotFound(address)", "0xb5365807"),
      Map.entry("ServiceNameExists(string)", "0x15fcdbac"),
      Map.entry("InvalidServiceAddress(address)", "0xc9b70e7a"),
      Map.entry("InvalidServiceType(string)", "0x6753c722"),
      Map.entry("CallerNotRegisteredService(address)", "0x1b8815cf"),
      Map.entry("DirectDepositsDisabled()", "0x0f3342be"),
      Map.entry("LedgerLocked()", "0x689e300a"),
      Map.entry("MustWithdrawAllFundsFirst(uint256)", "0xf6ba0ebf"),
      Map.entry("AdditionalInfoTooLong(uint256,uint256)", "0x69e0a42c"),
      Map.entry("ZeroAmountNotAllowed()", "0x0f43956a"),
      Map.entry("ZeroAddressNotAllowed()", "0x8579befe"),
      Map.entry("TransferFailed()", "0x90b8ec18"),
      Map.entry("CallFailed()", "0x3204506f"));

  static final Map<String, String> LEDGER_EVENTS = Map.of(
      "FundSpent(address,address,uint256)",
      "0x6f81b9cf4ed9328799879be7651da4420ab1bc260b34ea71f72e9659aa548e68",
      "ServiceRegistered(address,string)",
      "0x4c76643f3c678c590db6e8ad9fe0bb6e75d36cb853c3bd06c487607ff35e6f71");

  static final Map<String, String> INFERENCE_FUNCTIONS = Map.ofEntries(
      Map.entry("getService(address)", "0x15a52302"),
      Map.entry("getAllServices(uint256,uint256)", "0xa09cfca9"),
      Map.entry("getAccount(address,address)", "0xfd590847"),
      Map.entry("getAllAccounts(uint256,uint256)", "0x5bd7ace2"),
      Map.entry("lockTime()", "0x0d668087"),
      Map.entry("acknowledgeTEESigner(address,bool)", "0x7ff6fc1c"),
      Map.entry("acknowledgeTEESignerByOwner(address)", "0xb2394d09"),
      Map.entry("revokeTEESignerAcknowledgement(address)", "0xddf96abd"),
      Map.entry("revokeToken(address,uint8)", "0x1d07cb97"),
      Map.entry("revokeTokens(address,uint8[])", "0x17c30a03"),
      Map.entry("revokeAllTokens(address)", "0xcab33d8f"),
      Map.entry("addOrUpdateService((string,string,string,string,uint256,uint256,string,address))",
          "0x398c8e4e"),
      Map.entry("removeService()", "0xbbee42d9"),
      Map.entry("accountExists(address,address)", "0x147500e3"),
      Map.entry("getPendingRefund(address,address)", "0x264173d6"),
      Map.entry("addAccount(address,address,string)", "0xe50688f9"),
      Map.entry("depositFund(address,address,uint256)", "0x745e87f7"),
      Map.entry("requestRefundAll(address,address)", "0x6c79158d"),
      Map.entry("processRefund(address,address)", "0x4e3c4f22"),
      Map.entry("deleteAccount(address,address)", "0x97216725"),
      Map.entry("supportsInterface(bytes4)", "0x01ffc9a7"),
      Map.entry("settleFeesWithTEE((address,address,uint256,bytes32,uint256,bytes)[])",
          "0x8be74119"),
      Map.entry("previewSettlementResults((address,address,uint256,bytes32,uint256,bytes)[])",
          "0x28b60476"),
      Map.entry("isTokenRevoked(address,address,uint8)", "0x405a85e8"),
      Map.entry("getAccountsByProvider(address,uint256,uint256)", "0x1d73b9f5"),
      Map.entry("getAccountsByUser(address,uint256,uint256)", "0x4fe63f4d"),
      Map.entry("getBatchAccountsByUsers(address[])", "0xba16a750"),
      Map.entry("MIN_PROVIDER_STAKE()", "0x650190e7"));

  static final Map<String, String> INFERENCE_ERRORS = Map.ofEntries(
      Map.entry("AccountNotExists(address,address)", "0x08ca03ac"),
      Map.entry("AccountExists(address,address)", "0xb3c19d64"),
      Map.entry("ServiceNotExist(address)", "0x098eda7e"),
      Map.entry("InvalidTEESignature(string)", "0x48f72277"),
      Map.entry("TooManyRefunds(address,address)", "0x9edd285f"),
      Map.entry("CannotRevokeWithNonZeroBalance(address,address,uint256)", "0xfaa23877"),
      Map.entry("InsufficientStake(uint256,uint256)", "0x45be0a26"),
      Map.entry("CannotAddStakeWhenUpdating()", "0x96ab6ec5"),
      Map.entry("CallerNotLedger(address)", "0x52446b87"),
      Map.entry("LockTimeOutOfRange(uint256,uint256,uint256)", "0xa730f674"),
      Map.entry("LimitTooLarge(uint256,uint256)", "0x062ba4db"),
      Map.entry("BatchSizeTooLarge(uint256,uint256)", "0x01df19f6"),
      Map.entry("TooManySettlements(uint256,uint256)", "0xf1c82a57"),
      Map.entry("NoSettlementsProvided()", "0x192912c9"),
      Map.entry("ProviderCannotBeUser()", "0x99ed87d8"),
      Map.entry("InvalidAddress(address)", "0x8e4c8aa6"),
      Map.entry("AdditionalInfoTooLong()", "0xef54fd9d"),
      Map.entry("DirectDepositsDisabled()", "0x0f3342be"),
      Map.entry("TransferFailed()", "0x90b8ec18"));

  static final Map<String, String> INFERENCE_EVENTS = Map.of(
      "BalanceUpdated(address,address,uint256,uint256)",
      "0x526824944047da5b81071fb6349412005c5da81380b336103fbe5dd34556c776",
      "ServiceUpdated(address,string,string,uint256,uint256,uint256,string,string)",
      "0x30ecc203691b2d18e17ee75d47caf34a3fb9f86e855f7e0414d3cec26d0c424b",
      "RefundRequested(address,address,uint256,uint256)",
      "0x54377dfdebf06f6df53fbda737d2dcd7e141f95bbfb0c1223437e856b9de3ac3",
      "TokenRevoked(address,address,uint8)",
      "0xcf558f061a5a4e28657b8e5c662b95b8258d880896e7a859299457be036ed4a4",
      "AllTokensRevoked(address,address,uint256)",
      "0x989726e0ba0fa7747d8a6618329b929bfcc4f3ac46de5930a368310944f75547",
      "TEESettlementResult(address,uint8,uint256)",
      "0x1f69e5b87fd0ce34b3760ba6e5d8aa95a36e316c3ba44e1e65a9d0eb9e96d0bf");

  static final Map<String, String> FINE_TUNING_FUNCTIONS = Map.ofEntries(
      Map.entry("getService(address)", "0x15a52302"),
      Map.entry("getAllServices()", "0x21fe0f30"),
      Map.entry("getAccount(address,address)", "0xfd590847"),
      Map.entry("getAllAccounts(uint256,uint256)", "0x5bd7ace2"),
      Map.entry("lockTime()", "0x0d668087"),
      Map.entry("getDeliverable(address,address,string)", "0xa134f9e1"),
      Map.entry("acknowledgeDeliverable(address,string)", "0xa296bf4f"),
      Map.entry("acknowledgeTEESigner(address,bool)", "0x7ff6fc1c"),
      Map.entry("acknowledgeTEESignerByOwner(address)", "0xb2394d09"),
      Map.entry("revokeTEESignerAcknowledgement(address)", "0xddf96abd"),
      Map.entry("removeService()", "0xbbee42d9"),
      Map.entry("addOrUpdateService(string,(uint256,uint256,uint256,uint256,string),uint256,"
          + "bool,string[],address)", "0x43d96bb3"),
      Map.entry("addDeliverable(address,string,bytes)", "0x6dc7513d"),
      Map.entry("settleFees((string,bytes,bytes,uint256,bytes,uint256,address))", "0x3d60456a"),
      Map.entry("getDeliverables(address,address)", "0x9622e934"),
      Map.entry("penaltyPercentage()", "0x15908d51"),
      Map.entry("accountExists(address,address)", "0x147500e3"),
      Map.entry("getPendingRefund(address,address)", "0x264173d6"),
      Map.entry("addAccount(address,address,string)", "0xe50688f9"),
      Map.entry("depositFund(address,address,uint256)", "0x745e87f7"),
      Map.entry("requestRefundAll(address,address)", "0x6c79158d"),
      Map.entry("processRefund(address,address)", "0x4e3c4f22"),
      Map.entry("deleteAccount(address,address)", "0x97216725"),
      Map.entry("supportsInterface(bytes4)", "0x01ffc9a7"));

  static final Map<String, String> FINE_TUNING_ERRORS = Map.ofEntries(
      Map.entry("DeliverableNotExists(string)", "0xbd06bd96"),
      Map.entry("DeliverableAlreadyExists(string)", "0x3651eeb4"),
      Map.entry("DeliverableAlreadySettled(string)", "0x7606703c"),
      Map.entry("CannotAcknowledgeSettledDeliverable(string)", "0xc9a858e0"),
      Map.entry("CannotEvictUnsettledDeliverable(string)", "0x8704db19"),
      Map.entry("PreviousDeliverableNotAcknowledged(string)", "0x6a372072"),
      Map.entry("DeliverableIdInvalidLength(uint256)", "0x6ad8f23c"),
      Map.entry("SecretShouldBeEmpty()", "0x36c2e3b4"),
      Map.entry("SecretShouldNotBeEmpty()", "0x78be17a2"),
      Map.entry("InvalidVerifierInput(string)", "0xde83c543"),
      Map.entry("AccountNotExists(address,address)", "0x08ca03ac"),
      Map.entry("ServiceNotExist(address)", "0x098eda7e"),
      Map.entry("TooManyRefunds(address,address)", "0x9edd285f"),
      Map.entry("InsufficientStake(uint256,uint256)", "0x45be0a26"),
      Map.entry("PenaltyPercentageTooHigh(uint256)", "0x0464e9c0"),
      Map.entry("LockTimeOutOfRange(uint256)", "0x1285b07b"),
      Map.entry("LimitTooLarge(uint256)", "0xbad7206a"),
      Map.entry("CallerNotLedger()", "0x2441e569"),
      Map.entry("InvalidLedgerAddress()", "0x0c73566c"),
      Map.entry("TransferToLedgerFailed()", "0x15e98f91"),
      Map.entry("ETHTransferFailed()", "0xb12d13eb"));

  static final Map<String, String> FINE_TUNING_EVENTS = Map.of(
      "ServiceUpdated(address,string,(uint256,uint256,uint256,uint256,string),uint256,address,"
          + "bool)",
      "0x9657518f02d23efc8a15c042c006a06464dd791f65394ff87310a287c6949462");

  @Test
  void fineTuningServingMatchesTheSpec() throws IOException {
    check("FineTuningServing", FINE_TUNING_FUNCTIONS, FINE_TUNING_ERRORS, FINE_TUNING_EVENTS);
  }

  @Test
  void ledgerManagerMatchesTheSpec() throws IOException {
    check("LedgerManager", LEDGER_FUNCTIONS, LEDGER_ERRORS, LEDGER_EVENTS);
  }

  @Test
  void inferenceServingMatchesTheSpec() throws IOException {
    check("InferenceServing", INFERENCE_FUNCTIONS, INFERENCE_ERRORS, INFERENCE_EVENTS);
  }

  static void check(String name, Map<String, String> functions, Map<String, String> errors,
      Map<String, String> events) throws IOException {
    ContractArtifact artifact = Artifacts.get(name);
    functions.forEach((signature, selector) -> {
      AbiFunction f = artifact.function(signature);
      assertThat(f.signature()).isEqualTo(signature);
      assertThat(f.selectorHex()).as(signature).isEqualTo(selector);
    });
    Set<String> declared = declared(name, "error");
    errors.forEach((signature, selector) -> {
      assertThat(declared).as("%s declares %s", name, signature).contains(signature);
      assertThat(AbiFunction.parse(signature).selectorHex()).as(signature).isEqualTo(selector);
    });
    events.forEach((signature, topic) -> {
      String eventName = signature.substring(0, signature.indexOf('('));
      assertThat(artifact.event(eventName).signature()).isEqualTo(signature);
      assertThat(artifact.event(eventName).topic().toHex()).as(signature).isEqualTo(topic);
    });
  }

  /** Canonical signatures of the ABI entries of one kind (errors have only plain types). */
  static Set<String> declared(String contract, String kind) throws IOException {
    Set<String> out = new HashSet<>();
    try (InputStream in = Artifacts.class.getResourceAsStream(
        "/dev/zg/contracts/artifacts/" + contract + ".json")) {
      JsonNode abi = new ObjectMapper().readTree(in).get("abi");
      for (JsonNode entry : abi) {
        if (!kind.equals(entry.get("type").asText())) {
          continue;
        }
        StringBuilder sig = new StringBuilder(entry.get("name").asText()).append('(');
        for (int i = 0; i < entry.get("inputs").size(); i++) {
          sig.append(i == 0 ? "" : ",").append(entry.get("inputs").get(i).get("type").asText());
        }
        out.add(sig.append(')').toString());
      }
    }
    return out;
  }
}
