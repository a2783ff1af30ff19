// Puts the three EVMs' results side by side: a Markdown table on stdout, ready for
// BENCHMARKS.md, with the machine it ran on and the ratios against the goals.
//
//   node report.mjs zg.json edr.json edr-tests.json ethereumjs.json
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

/** The goals on the compute-bound workloads. */
const GOAL_VS_EDR = 1.0;
const GOAL_VS_ETHEREUMJS = 20;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const [zg, edr, edrTests, ethereumjs] = process.argv.slice(2).map(readJson);
const artifacts = readJson(new URL('../src/main/resources/evm-workloads.json', import.meta.url));
const byName = (report) => new Map(report.results.map((r) => [r.name, r]));
const [zgBy, edrBy, testsBy, ejsBy] = [zg, edr, edrTests, ethereumjs].map(byName);

/** The CPU as /proc/cpuinfo names it; virtual machines often give only the family. */
function cpuModel() {
  const info = readFileSync('/proc/cpuinfo', 'utf8').split('\n');
  const field = (name) => info.find((l) => l.startsWith(name))?.split(':')[1].trim();
  const model = field('model name') ?? cpus()[0].model;
  return `${model} (family ${field('cpu family')}, ${Math.round(Number(field('cpu MHz')))} MHz)`;
}

function commit() {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const f1 = (x) => x.toFixed(1);
const lines = [];
const ramGiB = Math.round(totalmem() / 2 ** 30);
lines.push(`Machine: ${cpuModel()}, ${cpus().length} cores, ${ramGiB} GiB RAM. ` +
  `${zg.jvm}; Node.js ${edr.node}. zg commit ${commit()}.`);
lines.push(`Peers: EDR = ${edr.version}, eth_call through Hardhat's in-process provider; ` +
  `EDR tests = ${edrTests.version}, no step trace, compute-bound workloads only; ` +
  `ethereumjs = ${ethereumjs.version}, EVM.runCall, SimpleStateManager, noble BN254.`);
lines.push(`Timing: ${zg.timing.warmupMs} ms warm-up, then whole calls for ` +
  `${zg.timing.measureMs} ms ` +
  '(at least 3); Mgas/s = total gas / total time of the timed calls.');
lines.push('');
lines.push('| workload | kind | gas per call | zg | EDR | EDR tests | ethereumjs | zg/EDR | ' +
  'zg/EDR tests | zg/ethereumjs |');
lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
const misses = [];
const goal = (w, ratio, peer, target) => {
  if (w.kind === 'compute' && ratio !== undefined && ratio < target) {
    misses.push(`${w.name} ${ratio.toFixed(2)}x ${peer} (goal ${target}x)`);
  }
};
for (const w of artifacts.workloads) {
  const [z, e, t, j] = [zgBy, edrBy, testsBy, ejsBy].map((m) => m.get(w.name));
  if (!z || !e || !j) {
    continue;
  }
  const rate = (r) => (r ? f1(r.mgasPerSecond) : 'n/a');
  const ratio = (r) => (r ? z.mgasPerSecond / r.mgasPerSecond : undefined);
  const shown = (x) => (x === undefined ? 'n/a' : `${x < 10 ? x.toFixed(2) : f1(x)}x`);
  const gas = w.gas.toLocaleString('en');
  lines.push(`| ${w.name} | ${w.kind} | ${gas} | ${rate(z)} | ${rate(e)} | ` +
    `${rate(t)} | ${rate(j)} | ${shown(ratio(e))} | ${shown(ratio(t))} | ${shown(ratio(j))} |`);
  goal(w, ratio(e), 'EDR', GOAL_VS_EDR);
  goal(w, ratio(t), 'EDR tests', GOAL_VS_EDR);
  goal(w, ratio(j), 'ethereumjs', GOAL_VS_ETHEREUMJS);
}
lines.push('');
lines.push('Throughput in Mgas/s (higher is better); ratios above 1 mean zg is faster.');
lines.push('');
lines.push(misses.length === 0
  ? 'Goals on the compute-bound workloads: all met.'
  : `Goals missed on the compute-bound workloads: ${misses.join('; ')}.`);
console.log(lines.join('\n'));
