package dev.zg.rpc;

/**
 * A JSON-RPC error a handler (or the server) answers with: code, message and optional
 * {@code data}. Handlers throw it; the server turns it into the response's {@code error} member.
 *
 * <p>It carries no stack trace: it is an answer to the client, not a fault in the server, and
 * filling traces for every bad request would cost more than the request.
 */
public final class RpcException extends RuntimeException {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** Go-ethereum's code for a call that ran past the server's request timeout. */
  public static final int TIMEOUT = -32002;
  /** EIP-1474 "limit exceeded": too many subscriptions, server busy. */
  public static final int LIMIT_EXCEEDED = -32005;
  /** What Ethereum clients answer for a reverted call; {@code data} holds the revert bytes. */
  public static final int EXECUTION_REVERTED = 3;

  private final int code;
  private final transient Object data;

  public RpcException(int code, String message) {
    this(code, message, null);
  }

  /** {@code data} is anything a handler may return: JSON, a string, bytes (sent as hex)... */
  public RpcException(int code, String message, Object data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  public int code() {
    return code;
  }

  /** The optional {@code data} member, or null. */
  public Object data() {
    return data;
  }

  public static RpcException invalidParams(String message) {
    return new RpcException(INVALID_PARAMS, message);
  }

  public static RpcException invalidRequest(String message) {
    return new RpcException(INVALID_REQUEST, message);
  }

  public static RpcException methodNotFound(String method) {
    return new RpcException(
        METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
  }

  /** The generic answer for a handler fault; the cause is logged, never sent. */
  public static RpcException internal() {
    return new RpcException(INTERNAL_ERROR, "internal error");
  }

  public static RpcException limitExceeded(String message) {
    return new RpcException(LIMIT_EXCEEDED, message);
  }

  /**
   * A reverted call as Ethereum clients report it: code 3, "execution reverted" (with the
   * decoded reason when there is one) and the raw revert bytes as {@code data}.
   */
  public static RpcException executionReverted(byte[] revertData, String reason) {
    String message =
        reason == null || reason.isEmpty() ? "execution reverted" : "execution reverted: " + reason;
    return new RpcException(EXECUTION_REVERTED, message, revertData);
  }

  @Override
  public String toString() {
    return "RpcException(" + code + ", " + getMessage() + ")";
  }
}
