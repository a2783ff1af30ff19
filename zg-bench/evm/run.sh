#!/usr/bin/env bash
# EVM throughput side by side: zg, Hardhat's EDR and @ethereumjs/evm on the same workloads in
# one run. Installs the npm packages (npm ci), checks the committed artifacts against the
# Solidity sources, builds zg-bench, runs the three EVMs one after another and prints a
# Markdown table. See README.md beside this file.
#
#   zg-bench/evm/run.sh [--no-build] [--warmup-ms N] [--measure-ms N]
#
# --no-build uses zg-bench/target/benchmarks.jar as it is. Results (JSON) are kept in
# zg-bench/target/evm-throughput/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

build=1
timing=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --warmup-ms|--measure-ms) timing+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--warmup-ms N] [--measure-ms N]" >&2; exit 2 ;;
  esac
done

. "$root/.mvn/find-jdk.sh"
jar="$root/zg-bench/target/benchmarks.jar"
if [ "$build" = 1 ]; then
  echo "building zg-bench..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl zg-bench -am package)
fi
[ -f "$jar" ] || { echo "$jar is missing: run without --no-build" >&2; exit 1; }

cd "$here"
npm ci --no-audit --no-fund --loglevel=error >&2
node compile.mjs --check

out="$root/zg-bench/target/evm-throughput"
mkdir -p "$out"
# The same JVM options as the zg launcher.
jvm=(-XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
if [ "$ZG_JDK_MAJOR" -ge 24 ]; then
  jvm+=(--sun-misc-unsafe-memory-access=allow)
fi
# One EVM at a time: the machine has few cores and the runs must not compete.
"$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$jar" dev.zg.bench.evm.EvmThroughput \
  ${timing[@]+"${timing[@]}"} > "$out/zg.json"
node --expose-gc peers.mjs edr ${timing[@]+"${timing[@]}"} > "$out/edr.json"
node peers.mjs edr-tests ${timing[@]+"${timing[@]}"} > "$out/edr-tests.json"
node peers.mjs ethereumjs ${timing[@]+"${timing[@]}"} > "$out/ethereumjs.json"
node report.mjs "$out/zg.json" "$out/edr.json" "$out/edr-tests.json" "$out/ethereumjs.json" \
  | tee "$out/table.md"
