// The measurement loop, the same as zg's (dev.zg.bench.evm.EvmThroughput): warm up for a
// while, then time whole calls, each from the same pre-state, until enough time has passed.

/**
 * Calls `once` until `warmupMs` have passed (and at least `minWarmup` times), then until
 * `measureMs` have passed (and at least `minCalls` times), timing each call. `between` runs
 * after every call, outside the timed region. Returns the timed calls' durations in ms.
 */
export async function measure(once, timing, between = async () => {}) {
  const { warmupMs, measureMs, minWarmup = 2, minCalls = 3 } = timing;
  let start = performance.now();
  for (let n = 0; n < minWarmup || performance.now() - start < warmupMs; n++) {
    await between(await once());
  }
  const millis = [];
  start = performance.now();
  while (millis.length < minCalls || performance.now() - start < measureMs) {
    const t = performance.now();
    const result = await once();
    millis.push(performance.now() - t);
    await between(result);
  }
  return millis;
}

/** Mgas/s over all measured calls (total gas / total time), plus the spread. */
export function summarize(name, gas, millis) {
  const sorted = [...millis].sort((a, b) => a - b);
  const total = millis.reduce((a, b) => a + b, 0);
  return {
    name,
    gas,
    calls: millis.length,
    mgasPerSecond: (gas * millis.length) / total / 1000,
    medianMs: sorted[Math.floor(sorted.length / 2)],
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
  };
}
