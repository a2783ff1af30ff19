// EDR without Hardhat's provider: its Solidity test runner (the Foundry executor on revm),
// which records no step trace when stack traces are collected only on failure. It shows
// what revm costs without the per-instruction trace the provider always records (see
// edr.mjs), so the EDR ratios can be read both ways.
//
// A test cannot start each call from a fresh state, so this measures only the compute-bound
// workloads, whose gas does not depend on earlier calls.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';

const require = createRequire(import.meta.url);
const solc = require('solc');
const edr = require('@nomicfoundation/edr');

/** The timed test makes this many more calls than the baseline test. */
const EXTRA_CALLS = 5;

/**
 * A test contract per workload: setUp deploys the workload's init code; test_base makes one
 * call, test_more makes 1 + EXTRA_CALLS, each checked against the expected output. The
 * difference of their durations is EXTRA_CALLS calls' worth of execution, free of setUp.
 */
function testSource(workloads) {
  let source = '// SPDX-License-Identifier: MIT\npragma solidity 0.8.37;\n';
  for (const w of workloads) {
    source += `
contract ${suiteName(w)} {
    address private target;

    function setUp() public {
        bytes memory code = hex"${w.initCode.slice(2)}";
        address deployed;
        assembly { deployed := create(0, add(code, 0x20), mload(code)) }
        require(deployed != address(0), "deploy");
        target = deployed;
    }

    function calls(uint256 n) private {
        bytes memory input = hex"${w.calldata.slice(2)}";
        bytes32 expected = keccak256(hex"${w.output.slice(2)}");
        for (uint256 i = 0; i < n; ++i) {
            (bool ok, bytes memory output) = target.call(input);
            require(ok && keccak256(output) == expected, "output");
        }
    }

    function test_base() public { calls(1); }

    function test_more() public { calls(${1 + EXTRA_CALLS}); }
}
`;
  }
  return source;
}

function suiteName(w) {
  return 'Bench_' + w.name.replace(/-/g, '_');
}

function compile(workloads, solcVersion) {
  const input = {
    language: 'Solidity',
    sources: { 'Bench.t.sol': { content: testSource(workloads) } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: {
        '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
      },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  }
  return workloads.map((w) => {
    const c = output.contracts['Bench.t.sol'][suiteName(w)];
    const id = { name: suiteName(w), source: 'Bench.t.sol', solcVersion };
    return {
      workload: w,
      artifact: {
        id,
        contract: {
          abi: JSON.stringify(c.abi),
          bytecode: c.evm.bytecode.object,
          deployedBytecode: c.evm.deployedBytecode.object,
        },
      },
    };
  });
}

/** Runs one test alone (so nothing runs beside it) and returns its { gas, ms }. */
async function runTest(context, artifacts, suite, test) {
  // The suite's result can arrive through the callback after the run's promise resolves.
  let suiteDone;
  const suiteResult = new Promise((resolve) => {
    suiteDone = resolve;
  });
  await context.runSolidityTests(edr.L1_CHAIN_TYPE, artifacts, [suite.artifact.id], {
    projectRoot: tmpdir(),
    collectStackTraces: edr.CollectStackTraces.OnFailure,
    includeTraces: edr.IncludeTraces.None,
    testPattern: `^${test}\\(`,
  }, { buildInfos: [] }, suiteDone);
  const results = (await suiteResult).testResults;
  const result = results.find((t) => t.name.startsWith(test));
  if (result === undefined || result.status !== 'Success') {
    const found = results.map((t) => `${t.name} ${t.status} ${t.reason ?? ''}`).join(', ');
    throw new Error(`EDR tests: ${suite.workload.name} ${test}: got [${found}]`);
  }
  return { gas: result.kind.consumedGas, ms: Number(result.durationNs) / 1e6 };
}

/**
 * Measures each compute-bound workload: warm-up rounds, then rounds of (test_base,
 * test_more) until `measureMs` of timed calls; returns results in the peer runner's format.
 */
export async function edrTestsResults(artifacts, { warmupMs, measureMs }, log) {
  const compute = artifacts.workloads.filter((w) => w.kind === 'compute');
  const suites = compile(compute, artifacts.solc.replace(/\+.*$/, ''));
  const all = suites.map((s) => s.artifact);
  const context = new edr.EdrContext();
  const factory = edr.l1SolidityTestRunnerFactory();
  await context.registerSolidityTestRunnerFactory(edr.L1_CHAIN_TYPE, factory);
  const results = [];
  for (const suite of suites) {
    const w = suite.workload;
    const round = async () => {
      const base = await runTest(context, all, suite, 'test_base');
      const more = await runTest(context, all, suite, 'test_more');
      // The extra calls' gas, less the loop around them, must be the workload's gas.
      const perCall = (more.gas - base.gas) / BigInt(EXTRA_CALLS);
      if (perCall < BigInt(w.gas) || perCall > BigInt(w.gas) + 2_000n) {
        throw new Error(`EDR tests: ${w.name} used ${perCall} gas per call, expected ${w.gas}`);
      }
      return (more.ms - base.ms) / EXTRA_CALLS;
    };
    let start = performance.now();
    for (let n = 0; n < 1 || performance.now() - start < warmupMs; n++) {
      await round();
    }
    const millis = [];
    let timed = 0;
    while (millis.length < 3 * EXTRA_CALLS || timed < measureMs) {
      const ms = await round();
      timed += ms * EXTRA_CALLS;
      millis.push(...Array(EXTRA_CALLS).fill(ms));
    }
    results.push({ workload: w, millis });
    log(w, millis);
  }
  return results;
}
