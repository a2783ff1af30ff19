package dev.zg.compute.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Watches a server-sent-events stream of chat-completion chunks as it passes through and keeps
 * the last {@code usage} seen (the SDK's {@code serve} does the same). Lines are reassembled
 * across network chunks; a single line longer than {@link #LINE_BYTES_MAX} is skipped.
 */
final class SseUsageScanner {
  static final int LINE_BYTES_MAX = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean overflow;
  private Usage last;

  void accept(byte[] chunk) {
    for (byte b : chunk) {
      if (b == '\n') {
        if (!overflow) {
          onLine(line.toString(StandardCharsets.UTF_8));
        }
        line.reset();
        overflow = false;
      } else if (!overflow) {
        if (line.size() >= LINE_BYTES_MAX) {
          overflow = true;
          line.reset();
        } else {
          line.write(b);
        }
      }
    }
  }

  /** The last usage the stream carried, or null. */
  Usage usage() {
    if (line.size() > 0 && !overflow) {
      onLine(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
    return last;
  }

  private void onLine(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("data:")) {
      return;
    }
    String data = trimmed.substring(5).strip();
    if (data.isEmpty() || data.equals("[DONE]") || data.indexOf("\"usage\"") < 0) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(data);
      Usage usage = Usage.of(node);
      if (usage != null) {
        last = usage;
      }
    } catch (IOException | IllegalArgumentException e) {
      // A chunk that is not JSON carries no usage; the stream itself is passed on unchanged.
    }
  }
}
