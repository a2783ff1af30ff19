// Compiles every contracts/**/*.sol with solcjs (the compiler version pinned in package.json)
// into src/main/resources/dev/zg/contracts/artifacts/<Contract>.json, so the Maven build needs
// no Node.js. `--check` compiles and fails if any committed artifact differs (CI runs it).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');
const here = path.dirname(fileURLToPath(import.meta.url));
const sourceRoot = path.join(here, 'contracts');
const outDir = path.join(here, 'src/main/resources/dev/zg/contracts/artifacts');
const check = process.argv.includes('--check');

function sources(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (entry.name.endsWith('.sol')) out.push(full);
  }
  return out.sort();
}

function findImport(importPath) {
  for (const base of [path.join(here, 'node_modules'), sourceRoot]) {
    const candidate = path.join(base, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `not found: ${importPath}` };
}

const input = {
  language: 'Solidity',
  sources: Object.fromEntries(sources(sourceRoot).map((file) =>
    [path.relative(sourceRoot, file), { content: fs.readFileSync(file, 'utf8') }])),
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage);
  process.exit(1);
}

const expected = new Map();
for (const [file, contracts] of Object.entries(output.contracts || {})) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // interfaces and abstract contracts
    const artifact = {
      contractName: name,
      sourceName: file,
      compiler: `solc ${solc.version()}`,
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    expected.set(`${name}.json`, JSON.stringify(artifact, null, 2) + '\n');
  }
}

if (check) {
  const present = fs.existsSync(outDir) ? fs.readdirSync(outDir).filter((f) => f.endsWith('.json')) : [];
  const stale = [];
  for (const [file, text] of expected) {
    const target = path.join(outDir, file);
    if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) stale.push(file);
  }
  for (const file of present) if (!expected.has(file)) stale.push(`${file} (no longer built)`);
  if (stale.length > 0) {
    console.error(`artifacts out of date; run "npm run build" in zg-contracts: ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(`${expected.size} artifacts up to date`);
} else {
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.json')) fs.rmSync(path.join(outDir, f));
  for (const [file, text] of expected) fs.writeFileSync(path.join(outDir, file), text);
  console.log(`wrote ${expected.size} artifacts to ${path.relative(here, outDir)}`);
}
