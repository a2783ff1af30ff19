package dev.zg.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hex;
import dev.zg.contracts.abi.Abi;
import dev.zg.contracts.abi.AbiEvent;
import dev.zg.contracts.abi.AbiFunction;
import dev.zg.contracts.abi.AbiType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One compiled contract as {@code build.mjs} writes it: its ABI (functions, events, the
 * constructor's arguments) and its creation and runtime bytecode.
 */
public final class ContractArtifact {
  private final String name;
  private final byte[] bytecode;
  private final byte[] deployedBytecode;
  private final List<AbiType> constructorInputs;
  private final Map<String, AbiFunction> functions = new LinkedHashMap<>();
  private final Map<String, AbiEvent> events = new LinkedHashMap<>();

  ContractArtifact(JsonNode json) {
    name = json.path("contractName").asText();
    bytecode = Hex.decode(json.path("bytecode").asText());
    deployedBytecode = Hex.decode(json.path("deployedBytecode").asText());
    List<AbiType> ctor = List.of();
    for (JsonNode entry : json.path("abi")) {
      switch (entry.path("type").asText()) {
        case "constructor" -> ctor = types(entry.path("inputs"));
        case "function" -> {
          AbiFunction f = new AbiFunction(entry.path("name").asText(), types(entry.path("inputs")),
              types(entry.path("outputs")));
          functions.put(f.signature(), f);
        }
        case "event" -> {
          List<AbiEvent.Parameter> params = new ArrayList<>();
          for (JsonNode p : entry.path("inputs")) {
            params.add(new AbiEvent.Parameter(p.path("name").asText(), type(p),
                p.path("indexed").asBoolean()));
          }
          AbiEvent e = new AbiEvent(entry.path("name").asText(), params);
          events.put(e.signature(), e);
        }
        default -> { } // errors, receive and fallback need no binding
      }
    }
    constructorInputs = ctor;
  }

  /** The canonical type of an ABI JSON parameter, spelling out tuple components. */
  private static AbiType type(JsonNode parameter) {
    String type = parameter.path("type").asText();
    if (!type.startsWith("tuple")) {
      return AbiType.parse(type);
    }
    StringBuilder tuple = new StringBuilder("(");
    for (JsonNode c : parameter.path("components")) {
      tuple.append(tuple.length() == 1 ? "" : ",").append(type(c).canonical());
    }
    return AbiType.parse(tuple.append(')').append(type.substring(5)).toString());
  }

  private static List<AbiType> types(JsonNode parameters) {
    List<AbiType> out = new ArrayList<>();
    parameters.forEach(p -> out.add(type(p)));
    return out;
  }

  public String name() {
    return name;
  }

  public byte[] bytecode() {
    return bytecode.clone();
  }

  public byte[] deployedBytecode() {
    return deployedBytecode.clone();
  }

  /** Creation code followed by the ABI-encoded constructor arguments. */
  public byte[] deployData(Object... constructorArgs) {
    byte[] args = Abi.encode(constructorInputs, List.of(constructorArgs));
    byte[] data = Arrays.copyOf(bytecode, bytecode.length + args.length);
    System.arraycopy(args, 0, data, bytecode.length, args.length);
    return data;
  }

  /** A function by its canonical signature, or by its name when that is not overloaded. */
  public AbiFunction function(String nameOrSignature) {
    AbiFunction exact = functions.get(nameOrSignature);
    if (exact != null) {
      return exact;
    }
    List<AbiFunction> named = functions.values().stream()
        .filter(f -> f.name().equals(nameOrSignature)).toList();
    if (named.size() != 1) {
      throw new IllegalArgumentException(name + (named.isEmpty() ? " has no function "
          : " overloads " ) + nameOrSignature + (named.isEmpty() ? "" : ": use one of "
          + named.stream().map(AbiFunction::signature).toList()));
    }
    return named.get(0);
  }

  public List<AbiFunction> functions() {
    return List.copyOf(functions.values());
  }

  /** An event by name (zg's contracts do not overload events). */
  public AbiEvent event(String eventName) {
    return events.values().stream().filter(e -> e.name().equals(eventName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(name + " has no event " + eventName));
  }

  @Override
  public String toString() {
    return "ContractArtifact[" + name + ", " + deployedBytecode.length + " bytes of code]";
  }
}
