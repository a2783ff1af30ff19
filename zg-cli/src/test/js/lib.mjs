// Helpers shared by the SDK scripts: arguments, the devnet mnemonic, a time guard and checks.
import { readFileSync } from 'node:fs';

/** The mnemonic of the devnet's (and Hardhat's) 20 funded accounts. */
export const MNEMONIC = 'test test test test test test test test test test test junk';

/** argv: RPC_URL WS_URL CONTRACTS_JSON; the contracts file is compile.mjs's output. */
export function args() {
  const [rpc, ws, contractsFile] = process.argv.slice(2);
  if (!rpc || !ws || !contractsFile) {
    console.error('usage: node SCRIPT RPC_URL WS_URL CONTRACTS_JSON');
    process.exit(2);
  }
  const contracts = JSON.parse(readFileSync(contractsFile, 'utf8')).contracts;
  return { rpc, ws, contracts };
}

/**
 * Fails the script when it has not finished in time, so a missing event or receipt ends the
 * run with a message instead of hanging the test that started it.
 */
export function guard(seconds) {
  const timer = setTimeout(() => {
    console.error(`timed out after ${seconds} s`);
    process.exit(3);
  }, seconds * 1000);
  timer.unref();
}

export function check(condition, message) {
  if (!condition) {
    throw new Error('check failed: ' + message);
  }
}

/** Resolves once `predicate()` holds, polling; the guard bounds the wait. */
export async function until(predicate) {
  while (!predicate()) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs main, prints its result as one JSON line, and exits 0, or prints the error and exits 1. */
export function run(main) {
  main().then(
    (result) => {
      console.log(JSON.stringify(result, (k, v) => (typeof v === 'bigint' ? v.toString() : v)));
      process.exit(0);
    },
    (e) => {
      console.error(e?.stack ?? String(e));
      process.exit(1);
    },
  );
}
