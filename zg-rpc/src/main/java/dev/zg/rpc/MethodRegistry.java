package dev.zg.rpc;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Method name to handler and its counters. Lookups happen on every call from many threads,
 * registrations rarely (mostly before start), hence a concurrent map. Calls to unknown
 * methods share one counter so that clients cannot grow the map.
 */
final class MethodRegistry {
  static final int NAME_LENGTH_MAX = 128;
  static final String UNKNOWN = "(unknown)";

  private final Map<String, Method> methods = new ConcurrentHashMap<>();
  private final Method unknown = new Method(UNKNOWN, null);

  /** One registered method and what it has served. */
  static final class Method {
    final String name;
    final RpcHandler handler;
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder nanos = new LongAdder();

    Method(String name, RpcHandler handler) {
      this.name = name;
      this.handler = handler;
    }

    void record(long elapsedNanos, boolean error) {
      nanos.add(elapsedNanos);
      if (error) {
        errors.increment();
      }
    }

    RpcMetrics.MethodStats stats() {
      return new RpcMetrics.MethodStats(requests.sum(), errors.sum(), nanos.sum());
    }
  }

  void register(String name, RpcHandler handler) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    if (name.isEmpty() || name.length() > NAME_LENGTH_MAX) {
      throw new IllegalArgumentException("method names are 1.." + NAME_LENGTH_MAX + " chars");
    }
    if (methods.putIfAbsent(name, new Method(name, handler)) != null) {
      throw new IllegalStateException("method " + name + " is already registered");
    }
  }

  boolean unregister(String name) {
    return methods.remove(name) != null;
  }

  /** The method, or null when none has this name. */
  Method find(String name) {
    return methods.get(name);
  }

  Method unknown() {
    return unknown;
  }

  Map<String, Method> all() {
    return methods;
  }
}
