package dev.zg.cli;

import dev.zg.chain.store.ChainMismatchException;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.node.validator.ValidatorConfig;
import dev.zg.state.kv.KeyValueStoreException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Starting a node with user-facing errors, and keeping it up until Ctrl-C. */
final class NodeRunner {
  private NodeRunner() {}

  static ChainNode open(NodeConfig config) {
    return open(config, null);
  }

  /** A single-node chain without {@code validator}, one validator of a network with it. */
  static ChainNode open(NodeConfig config, ValidatorConfig validator) {
    try {
      return ChainNode.start(config, validator, Clock.systemUTC());
    } catch (ChainMismatchException | KeyValueStoreException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IllegalStateException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("cannot listen for peers")) {
        throw new UserError(e.getMessage(), e);
      }
      if (e.getMessage() != null && e.getMessage().contains("ddress already in use")) {
        throw new UserError("port " + config.port() + " on " + config.host()
            + " is in use; choose another with --port", e);
      }
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause != null) {
        if (cause instanceof java.net.BindException) {
          throw new UserError("port " + config.port() + " on " + config.host()
              + " is in use; choose another with --port", e);
        }
        cause = cause.getCause();
      }
      throw e;
    }
  }

  /** True when {@code e} was caused by a port already in use. */
  static boolean isBindFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException || (cause.getMessage() != null
          && cause.getMessage().contains("ddress already in use"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Blocks until the process is asked to stop, then closes {@code services} in list order
   * (each failure is reported and the rest are still closed).
   */
  static void runUntilStopped(List<? extends AutoCloseable> services, PrintWriter err) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      err.println("zg: stopping...");
      err.flush();
      for (AutoCloseable service : services) {
        try {
          service.close();
        } catch (Exception e) {
          err.println("zg: while stopping: " + e);
          err.flush();
        }
      }
      stopped.countDown();
    }, "zg-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the process is asked to stop, then closes the node cleanly. */
  static void runUntilStopped(ChainNode node, PrintWriter err) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      err.println("zg: stopping...");
      err.flush();
      node.close();
      stopped.countDown();
    }, "zg-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
