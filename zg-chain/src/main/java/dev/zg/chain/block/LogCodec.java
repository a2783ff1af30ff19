package dev.zg.chain.block;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.evm.state.Log;
import java.util.ArrayList;
import java.util.List;

/** A log as receipts encode it: rlp([address, [topic, ...], data]). */
final class LogCodec {
  /** LOG0..LOG4: at most four topics. */
  static final int TOPICS_MAX = 4;

  private LogCodec() {}

  static void write(RlpWriter out, Log log) {
    out.startList().writeBytes(log.address().bytesUnsafe()).startList();
    for (Hash topic : log.topics()) {
      out.writeBytes(topic.bytesUnsafe());
    }
    out.endList().writeBytes(log.data()).endList();
  }

  static void writeAll(RlpWriter out, List<Log> logs) {
    out.startList();
    for (Log log : logs) {
      write(out, log);
    }
    out.endList();
  }

  static List<Log> readAll(RlpReader logs, String field) {
    List<Log> out = new ArrayList<>();
    try {
      while (logs.hasNext()) {
        out.add(read(logs.readList(), field + "[" + out.size() + "]"));
      }
    } catch (RlpException e) {
      throw new BlockDecodingException(field + "[" + out.size() + "]", e.getMessage());
    }
    return out;
  }

  private static Log read(RlpReader in, String field) {
    Address address = Address.wrap(in.readBytes(20, "address"));
    RlpReader topicReader = in.readList();
    List<Hash> topics = new ArrayList<>(TOPICS_MAX);
    while (topicReader.hasNext()) {
      if (topics.size() == TOPICS_MAX) {
        throw new BlockDecodingException(field, "more than " + TOPICS_MAX + " topics");
      }
      topics.add(Hash.wrap(topicReader.readBytes(32, "topic")));
    }
    byte[] data = in.readBytes();
    in.expectEnd("log");
    return new Log(address, topics, data);
  }
}
