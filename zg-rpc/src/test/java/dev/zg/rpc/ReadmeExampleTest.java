package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.UInt256;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The README's usage, run: how the chain is expected to wire eth_* methods. */
class ReadmeExampleTest {

  /** Stands in for the chain: new heads go to whoever listens. */
  static final class FakeChain {
    final List<Consumer<Long>> listeners = new CopyOnWriteArrayList<>();

    Runnable onNewHead(Consumer<Long> listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    void produce(long number) {
      listeners.forEach(l -> l.accept(number));
    }
  }

  @Test
  void ethMethodsAndNewHeadsSubscription() {
    FakeChain chain = new FakeChain();
    try (RpcServer server = new RpcServer(RpcOptions.defaults())
        .register("eth_chainId", (params, ctx) -> Json.quantity(16_600))
        .register("eth_getBalance", (params, ctx) -> {
          Address who = params.atMost(2).required(0, Param.ADDRESS);
          BlockParam at = params.optional(1, Param.BLOCK, BlockParam.Tag.LATEST);
          return at == BlockParam.Tag.LATEST && who.equals(Address.ZERO)
              ? Json.quantity(UInt256.valueOf(1_000)) : "0x0";
        })
        .register("eth_subscribe", (params, ctx) -> {
          if (!params.required(0, Param.STRING).equals("newHeads")) {
            throw RpcException.invalidParams("unsupported subscription");
          }
          Subscription sub = ctx.connection().subscribe("eth_subscription");
          Runnable stop = chain.onNewHead(n -> sub.push(Json.object().put("number",
              Json.quantity(n))));
          sub.onClose(stop);
          return sub.id();
        })
        .register("eth_unsubscribe", (params, ctx) ->
            ctx.connection().unsubscribe(params.required(0, Param.STRING)))
        .start()) {
      TestClient client = new TestClient(server.port());
      assertThat(client.rpc(RpcServerHttpTest.call(1, "eth_chainId", "")).get("result").asText())
          .isEqualTo("0x40d8");
      assertThat(client.rpc(RpcServerHttpTest.call(2, "eth_getBalance",
          "\"0x" + "00".repeat(20) + "\",\"latest\"")).get("result").asText())
          .isEqualTo("0x3e8");

      TestClient.Ws ws = client.webSocket();
      String id = ws.call(RpcServerHttpTest.call(3, "eth_subscribe", "\"newHeads\""))
          .get("result").asText();
      chain.produce(7);
      JsonNode head = ws.next();
      assertThat(head.get("method").asText()).isEqualTo("eth_subscription");
      assertThat(head.get("params").get("subscription").asText()).isEqualTo(id);
      assertThat(head.get("params").get("result").get("number").asText()).isEqualTo("0x7");
      assertThat(ws.call(RpcServerHttpTest.call(4, "eth_unsubscribe", "\"" + id + "\""))
          .get("result").asBoolean()).isTrue();
      assertThat(chain.listeners).isEmpty();
      ws.close();
    }
  }
}
