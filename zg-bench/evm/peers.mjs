// Runs every workload in one peer EVM and prints the results as JSON on stdout.
//
//   node peers.mjs edr|edr-tests|ethereumjs [--warmup-ms N] [--measure-ms N]
//
// edr is EDR through Hardhat's provider; edr-tests is EDR's Solidity test runner, which
// records no step trace (compute-bound workloads only, see lib/edr-tests.mjs). Before
// timing, each workload's gas is checked against the committed artifacts, and every call's
// output too, so all EVMs are known to do the same work. ZG_BENCH_WORKLOADS=a,b picks
// workloads.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { edrRunner } from './lib/edr.mjs';
import { edrTestsResults } from './lib/edr-tests.mjs';
import { ethereumjsRunner } from './lib/ethereumjs.mjs';
import { measure, summarize } from './lib/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', 'src', 'main', 'resources', 'evm-workloads.json');
const USAGE = 'usage: node peers.mjs edr|edr-tests|ethereumjs [--warmup-ms N] [--measure-ms N]';

/** The version npm installed (read from the file: not every package exports it). */
function installed(pkg) {
  const file = join(here, 'node_modules', pkg, 'package.json');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

function logResult(peer, w, result) {
  const rate = result.mgasPerSecond.toFixed(1);
  console.error(`${peer} ${w.name}: ${rate} Mgas/s over ${result.calls} calls`);
}

/** Times each workload through a runner's call(); checks gas once, output on every call. */
async function measureCalls(peer, runner, workloads, timing) {
  const results = [];
  for (const w of workloads) {
    const gas = runner.gas !== undefined ? await runner.gas(w) : (await runner.call(w)).gas;
    if (BigInt(gas) !== BigInt(w.gas)) {
      throw new Error(`${peer}: ${w.name} used ${gas} gas, the artifacts say ${w.gas}`);
    }
    const between = async (r) => {
      if (r.output !== w.output || (r.gas !== undefined && BigInt(r.gas) !== BigInt(w.gas))) {
        throw new Error(`${peer}: ${w.name} returned ${r.output} for ${r.gas} gas`);
      }
      runner.betweenCalls?.();
    };
    const result = summarize(w.name, w.gas, await measure(() => runner.call(w), timing, between));
    logResult(peer, w, result);
    results.push(result);
  }
  return results;
}

async function main() {
  const peer = process.argv[2];
  const timing = { warmupMs: option('--warmup-ms', 3000), measureMs: option('--measure-ms', 8000) };
  const artifacts = JSON.parse(readFileSync(ARTIFACTS, 'utf8'));
  const only = process.env.ZG_BENCH_WORKLOADS?.split(',');
  const workloads = artifacts.workloads.filter((w) => only === undefined || only.includes(w.name));
  const edr = installed('@nomicfoundation/edr');
  let version;
  let results;
  if (peer === 'edr') {
    version = `hardhat ${installed('hardhat')}, @nomicfoundation/edr ${edr}`;
    results = await measureCalls(peer, await edrRunner(artifacts), workloads, timing);
  } else if (peer === 'edr-tests') {
    version = `@nomicfoundation/edr ${edr} Solidity test runner`;
    const log = (w, millis) => logResult(peer, w, summarize(w.name, w.gas, millis));
    const measured = await edrTestsResults({ ...artifacts, workloads }, timing, log);
    results = measured.map(({ workload: w, millis }) => summarize(w.name, w.gas, millis));
  } else if (peer === 'ethereumjs') {
    version = `@ethereumjs/evm ${installed('@ethereumjs/evm')}`;
    results = await measureCalls(peer, await ethereumjsRunner(artifacts), workloads, timing);
  } else {
    console.error(USAGE);
    process.exit(2);
  }
  const report = { evm: peer, version, node: process.version, timing, results };
  console.log(JSON.stringify(report, null, 2));
}

await main();
// Hardhat's provider keeps the event loop alive.
process.exit(0);
