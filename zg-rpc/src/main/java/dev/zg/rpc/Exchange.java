package dev.zg.rpc;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message (a single request or a batch) from arrival to answer.
 *
 * <pre>
 *   start ── run calls ──┬─ every answered call has an outcome ─┐
 *                        └─ request timeout: the rest time out ─┴─ finish: write the answer,
 *                                                                  then settle subscriptions
 * </pre>
 *
 * <p>{@code unanswered} counts calls that owe a response; the thread that takes it to zero
 * writes the answer, so it is written exactly once. Notifications are not counted: they run,
 * but the answer never waits for them.
 */
final class Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  private final Scope scope;
  private final Reply reply;
  private final RpcException rejection;
  private final AtomicInteger unanswered = new AtomicInteger();
  private Call[] calls;
  private boolean batch;
  private volatile boolean timedOut;
  private volatile Future<?> timer;

  /** {@code rejection}, when set, answers every call with it without running any. */
  Exchange(Scope scope, Reply reply, RpcException rejection) {
    this.scope = scope;
    this.reply = reply;
    this.rejection = rejection;
  }

  Scope scope() {
    return scope;
  }

  RpcException rejection() {
    return rejection;
  }

  boolean timedOut() {
    return timedOut;
  }

  /** Counts what is owed before any call runs, so that no early answer can be premature. */
  int prepare(Call[] calls, boolean batch) {
    this.calls = calls;
    this.batch = batch;
    int owed = 0;
    for (Call call : calls) {
      if (call.answered()) {
        owed++;
      }
    }
    unanswered.set(owed);
    if (owed == 0) {
      reply.send(null);
    }
    return owed;
  }

  Call[] calls() {
    return calls;
  }

  void setTimer(Future<?> timer) {
    this.timer = timer;
  }

  void callAnswered() {
    if (unanswered.decrementAndGet() == 0) {
      finish();
    }
  }

  void timeOut() {
    timedOut = true;
    for (Call call : calls) {
      if (call.answered()) {
        call.timeOut();
      }
    }
  }

  private void finish() {
    Future<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    byte[] body;
    try {
      body = batch
          ? ResponseWriter.batch(calls)
          : ResponseWriter.single(calls[0].id(), calls[0].outcome());
    } catch (RuntimeException e) {
      LOG.warn("cannot write an rpc answer", e);
      body = ResponseWriter.single(NullNode.instance, RpcException.internal());
    }
    reply.send(body);
    for (Call call : calls) {
      if (call.answered()) {
        call.settleSubscriptions();
      }
    }
  }
}
