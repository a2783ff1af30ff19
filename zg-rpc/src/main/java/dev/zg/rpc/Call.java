package dev.zg.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request of a message and, once known, its outcome; also the {@link RpcContext} its
 * handler sees.
 *
 * <p>The outcome is set exactly once, by compare-and-set: by the handler's result, or by the
 * request timeout, whichever comes first. The loser is ignored, except that subscriptions the
 * handler opened are then closed, since the client never learned their ids.
 */
final class Call implements RpcContext {
  static final Object NULL_RESULT = new Object();
  private static final RpcException TIMED_OUT =
      new RpcException(RpcException.TIMEOUT, "request timed out");
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);
  private static final VarHandle OUTCOME;

  static {
    try {
      OUTCOME = MethodHandles.lookup().findVarHandle(Call.class, "outcome", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Exchange exchange;
  private final JsonNode id;
  private final boolean answered;
  private final String method;
  private final JsonNode params;
  private final MethodRegistry.Method target;
  /** Set when the request is answered without running: invalid, or no such method. */
  private final RpcException refusal;
  @SuppressWarnings("unused") // written through OUTCOME
  private volatile Object outcome;
  private List<SubscriptionImpl> subscriptions; // guarded by this
  private boolean settled; // guarded by this

  private Call(Exchange exchange, JsonNode id, boolean answered, String method, JsonNode params,
      MethodRegistry.Method target, RpcException refusal) {
    this.exchange = exchange;
    this.id = id;
    this.answered = answered;
    this.method = method;
    this.params = params;
    this.target = target;
    this.refusal = refusal;
  }

  /** Validates one request object as JSON-RPC 2.0 defines it. */
  static Call of(Exchange exchange, JsonNode request, MethodRegistry registry) {
    if (!request.isObject()) {
      return invalid(exchange, NullNode.instance,
          "invalid request: expected an object, got " + HexJson.kind(request));
    }
    JsonNode idNode = request.get("id");
    boolean hasId = idNode != null;
    if (hasId && !(idNode.isNull() || idNode.isTextual() || idNode.isNumber())) {
      return invalid(exchange, NullNode.instance,
          "invalid request: id must be a string, a number or null");
    }
    JsonNode id = hasId ? idNode : NullNode.instance;
    JsonNode version = request.get("jsonrpc");
    if (version == null || !"2.0".equals(version.textValue())) {
      return invalid(exchange, id, "invalid request: jsonrpc must be \"2.0\"");
    }
    JsonNode methodNode = request.get("method");
    if (methodNode == null || !methodNode.isTextual()) {
      return invalid(exchange, id, "invalid request: method must be a string");
    }
    String name = methodNode.textValue();
    MethodRegistry.Method target = registry.find(name);
    if (target == null) {
      registry.unknown().requests.increment();
      registry.unknown().errors.increment();
      String shown = name.length() <= MethodRegistry.NAME_LENGTH_MAX ? name
          : name.substring(0, MethodRegistry.NAME_LENGTH_MAX) + "...";
      return new Call(exchange, id, hasId, name, null, null, RpcException.methodNotFound(shown));
    }
    return new Call(exchange, id, hasId, name, request.get("params"), target, null);
  }

  /** A request that is not a valid Request object is always answered, id or not. */
  private static Call invalid(Exchange exchange, JsonNode id, String message) {
    return new Call(exchange, id, true, null, null, null, RpcException.invalidRequest(message));
  }

  /** False for notifications, which get no response. */
  boolean answered() {
    return answered;
  }

  JsonNode id() {
    return id;
  }

  /** The result, {@link #NULL_RESULT}, an {@link RpcException}, or null while running. */
  Object outcome() {
    return outcome;
  }

  void run() {
    RpcException early = refusal != null ? refusal : exchange.rejection();
    if (early != null) {
      finish(early, 0);
      return;
    }
    if (exchange.timedOut()) {
      return; // answered already; spare the handler
    }
    target.requests.increment();
    long start = System.nanoTime();
    Object result;
    try {
      result = target.handler.handle(RpcParams.of(params), this);
    } catch (Throwable t) {
      finish(failure(t), start);
      return;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete((value, t) -> finish(t == null ? value : failure(t), start));
    } else {
      finish(result, start);
    }
  }

  /** Called by the exchange's timer; answers with a timeout unless already answered. */
  void timeOut() {
    if (OUTCOME.compareAndSet(this, null, TIMED_OUT)) {
      if (target != null) {
        target.errors.increment();
      }
      exchange.callAnswered();
    }
  }

  private void finish(Object value, long start) {
    Object normalized = normalize(value);
    if (!OUTCOME.compareAndSet(this, null, normalized == null ? NULL_RESULT : normalized)) {
      settleSubscriptions(); // too late: the client got a timeout
      return;
    }
    if (target != null) {
      target.record(System.nanoTime() - start, normalized instanceof RpcException);
    }
    if (answered) {
      exchange.callAnswered();
    } else {
      settleSubscriptions();
    }
  }

  private RpcException failure(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RpcException e) {
      return e;
    }
    LOG.warn("rpc method {} failed", method, cause);
    return RpcException.internal();
  }

  /**
   * Turns a result into a type the writer handles without surprises, so that a result Jackson
   * cannot serialize becomes an internal error for this call instead of breaking the batch.
   */
  private Object normalize(Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case JsonNode n -> n;
      case RawJson r -> r;
      case Boolean b -> b;
      case Integer i -> i;
      case Long l -> l;
      case BigInteger b -> b;
      case BigDecimal b -> b;
      case byte[] b -> b;
      case Address a -> a;
      case Hash h -> h;
      case UInt256 u -> u;
      case Optional<?> o -> normalize(o.orElse(null));
      case RpcException e -> normalizeError(e);
      case CompletionStage<?> stage -> failure(new IllegalStateException("nested future"));
      default -> toTree(value);
    };
  }

  private RpcException normalizeError(RpcException error) {
    Object data = error.data();
    Object normalized = normalize(data);
    if (normalized == data) {
      return error;
    }
    // Data that cannot be written is dropped rather than failing the whole answer.
    return new RpcException(error.code(), error.getMessage(),
        normalized instanceof RpcException ? null : normalized);
  }

  private Object toTree(Object value) {
    try {
      return Json.mapper().valueToTree(value);
    } catch (IllegalArgumentException e) {
      LOG.warn("rpc method {} returned a {} that cannot be written as JSON", method,
          value.getClass().getName(), e);
      return RpcException.internal();
    }
  }

  /** Opens a subscription on behalf of this call; it goes live once the call is answered. */
  Subscription subscribe(WebSocketSession session, String notificationMethod) {
    synchronized (this) {
      if (settled) {
        throw new IllegalStateException("the call " + method + " has already been answered");
      }
      SubscriptionImpl subscription = session.open(notificationMethod);
      if (subscriptions == null) {
        subscriptions = new ArrayList<>(1);
      }
      subscriptions.add(subscription);
      return subscription;
    }
  }

  /** After the answer is sent: a success starts its subscriptions, a failure closes them. */
  void settleSubscriptions() {
    List<SubscriptionImpl> opened;
    synchronized (this) {
      settled = true;
      opened = subscriptions;
      subscriptions = null;
    }
    if (opened == null) {
      return;
    }
    boolean success = !(outcome instanceof RpcException);
    for (SubscriptionImpl subscription : opened) {
      if (success) {
        subscription.activate();
      } else {
        subscription.close();
      }
    }
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public Transport transport() {
    return exchange.scope().transport();
  }

  @Override
  public RpcConnection connection() {
    WebSocketSession session = exchange.scope().session();
    if (session == null) {
      throw new RpcException(RpcException.METHOD_NOT_FOUND,
          "notifications not supported: subscribe over a WebSocket connection");
    }
    return new CallConnection(session, this);
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(exchange.scope().remote());
  }
}
