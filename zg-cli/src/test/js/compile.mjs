// Compiles contracts/*.sol with solcjs (the npm package "solc") and writes one JSON file with
// each contract's ABI and bytecode, which the JavaScript scripts and the Java tests both read.
//
//   node compile.mjs OUT.json
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');
const here = dirname(fileURLToPath(import.meta.url));

const out = process.argv[2];
if (!out) {
  console.error('usage: node compile.mjs OUT.json');
  process.exit(2);
}

const sources = {};
for (const file of readdirSync(join(here, 'contracts')).filter((f) => f.endsWith('.sol')).sort()) {
  sources[file] = { content: readFileSync(join(here, 'contracts', file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: {
      '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
    },
  },
};
// Imports of "@openzeppelin/..." resolve inside node_modules; nothing else is imported.
function findImports(path) {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch (e) {
    return { error: `cannot import ${path}: ${e.message}` };
  }
}
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
if (errors.length > 0) {
  console.error(errors.map((e) => e.formattedMessage).join('\n'));
  process.exit(1);
}
const contracts = {};
for (const file of Object.keys(sources)) {
  for (const [name, c] of Object.entries(output.contracts[file])) {
    contracts[name] = {
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
  }
}
mkdirSync(dirname(resolve(out)), { recursive: true });
writeFileSync(out, JSON.stringify({ solc: solc.version(), contracts }, null, 1) + '\n');
console.log(`compiled ${Object.keys(contracts).join(', ')} with solc ${solc.version()}`);
