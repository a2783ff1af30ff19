package dev.zg.contracts.abi;

import dev.zg.common.Hash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A contract event. topic0 is keccak256 of the canonical signature; indexed parameters of
 * static types are the following topics, the others are ABI-encoded in the log's data.
 * Indexed dynamic parameters (stored as hashes) are not decoded: zg's events have none.
 */
public record AbiEvent(String name, List<Parameter> parameters) {
  /** One event parameter. */
  public record Parameter(String name, AbiType type, boolean indexed) {}

  public AbiEvent {
    parameters = List.copyOf(parameters);
    if (parameters.stream().filter(Parameter::indexed).count() > 3) {
      throw new IllegalArgumentException("event " + name + " has more than 3 indexed parameters");
    }
  }

  public String signature() {
    return name + new AbiType.Tuple(parameters.stream().map(Parameter::type).toList()).canonical();
  }

  public Hash topic() {
    return Hash.keccak(signature().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The parameters' values, in declaration order, from a log's topics (topic0 included) and
   * data; throws when topic0 is another event's.
   */
  public List<Object> decode(List<Hash> topics, byte[] data) {
    if (topics.isEmpty() || !topics.get(0).equals(topic())) {
      throw new IllegalArgumentException("log is not a " + signature() + " event");
    }
    List<AbiType> dataTypes = new ArrayList<>();
    int indexed = 0;
    for (Parameter p : parameters) {
      if (p.indexed()) {
        indexed++;
      } else {
        dataTypes.add(p.type());
      }
    }
    if (topics.size() != indexed + 1) {
      throw new IllegalArgumentException(signature() + " has " + indexed
          + " indexed parameters, the log has " + (topics.size() - 1) + " topics");
    }
    List<Object> fromData = Abi.decode(dataTypes, data);
    List<Object> values = new ArrayList<>(parameters.size());
    int topic = 1;
    int datum = 0;
    for (Parameter p : parameters) {
      if (p.indexed()) {
        if (p.type().dynamic()) {
          values.add(topics.get(topic++)); // only the hash of the value is logged
        } else {
          values.add(Abi.decode(List.of(p.type()), topics.get(topic++).toArray()).get(0));
        }
      } else {
        values.add(fromData.get(datum++));
      }
    }
    return values;
  }
}
