package dev.zg.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The methods the server tests call: one per behaviour under test. */
final class TestMethods {
  /** Subscriptions opened through {@code test_subscribe}, by id, for tests to push on. */
  final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  /** Ids of subscriptions whose close listener ran. */
  final Map<String, Boolean> closed = new ConcurrentHashMap<>();

  record Typed(byte[] data, Address address, Hash hash, UInt256 value, List<Long> numbers) {}

  void registerOn(RpcServer server) {
    server
        .register("test_echo", (params, ctx) -> params.json())
        .register("test_add", (params, ctx) -> Json.quantity(
            params.atMost(2).required(0, Param.QUANTITY_LONG)
                + params.required(1, Param.QUANTITY_LONG)))
        .register("test_null", (params, ctx) -> null)
        .register("test_internal", (params, ctx) -> {
          throw new IllegalStateException("secret detail that must not leak");
        })
        .register("test_revert", (params, ctx) -> {
          throw RpcException.executionReverted(new byte[] {0x08, (byte) 0xc3, 0x79, (byte) 0xa0},
              "nope");
        })
        .register("test_custom", (params, ctx) -> {
          throw new RpcException(-32000, "custom failure", Json.object().put("k", 1));
        })
        .register("test_asyncAdd", (params, ctx) -> {
          long a = params.required(0, Param.QUANTITY_LONG);
          long b = params.required(1, Param.QUANTITY_LONG);
          return CompletableFuture.supplyAsync(() -> Json.quantity(a + b));
        })
        .register("test_asyncFail", (params, ctx) ->
            CompletableFuture.failedFuture(new RpcException(-32001, "async failure")))
        .register("test_sleep", (params, ctx) -> {
          Thread.sleep(Math.min(5_000, params.required(0, Param.QUANTITY_LONG)));
          return "slept";
        })
        .register("test_never", (params, ctx) -> new CompletableFuture<>())
        .register("test_raw", (params, ctx) -> new RawJson("{\"a\":[1,2]}"))
        .register("test_typed", (params, ctx) -> new Typed(new byte[] {1, 2}, Address.ZERO,
            Hash.ZERO, UInt256.valueOf(255), List.of(1L, 2L)))
        .register("test_transport", (params, ctx) -> ctx.transport().name())
        .register("test_params", TestMethods::params)
        .register("test_subscribe", (params, ctx) -> {
          Subscription subscription = ctx.connection().subscribe("test_subscription");
          subscriptions.put(subscription.id(), subscription);
          subscription.onClose(() -> closed.put(subscription.id(), true));
          // Pushed before the answer: the server must hold it until the id is known.
          subscription.push("first");
          return subscription.id();
        })
        .register("test_subscribeThenFail", (params, ctx) -> {
          Subscription subscription = ctx.connection().subscribe("test_subscription");
          subscriptions.put(subscription.id(), subscription);
          throw new RpcException(-32000, "changed my mind");
        })
        .register("test_unsubscribe", (params, ctx) ->
            ctx.connection().unsubscribe(params.required(0, Param.STRING)));
  }

  /** Reads every parameter type and answers with the canonical encodings. */
  private static Object params(RpcParams params, RpcContext ctx) {
    ObjectNode out = Json.object();
    out.put("address", Json.address(params.required(0, Param.ADDRESS)));
    out.put("hash", Json.hash(params.required(1, Param.HASH)));
    out.put("data", Json.data(params.required(2, Param.DATA)));
    out.put("quantity", Json.quantity(params.required(3, Param.QUANTITY)));
    out.put("block", params.required(4, Param.BLOCK).toString());
    out.put("flag", params.optional(5, Param.BOOLEAN, false));
    params.optional(6, Param.OBJECT).ifPresent(tx -> {
      out.put("to", Json.address(tx.required("to", Param.ADDRESS)));
      out.put("gas", Json.quantity(tx.optional("gas", Param.QUANTITY_LONG, 21_000L)));
    });
    return out;
  }
}
