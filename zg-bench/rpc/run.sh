#!/usr/bin/env bash
# JSON-RPC throughput side by side: `zg devnet` and a Hardhat node (EDR), one after the other
# in one run, each fresh, with 1 s blocks, chain id 31337, the same 20 funded accounts and the
# same block gas limit. Builds zg, installs Hardhat (npm ci), runs the driver
# (dev.zg.bench.rpc.RpcThroughput) against each node and prints a Markdown table.
# See ../README.md.
#
#   zg-bench/rpc/run.sh [--no-build] [--gas-limit GAS] [driver options]
#
# Driver options: --per-account N (transfers per dev account, default 2500),
# --warmup-per-account N (sent and waited for first, not counted, default 500), --batch N
# (requests per JSON-RPC batch, 200), --connections N (sending connections, 4), --clients N
# (read clients, 8), --warmup-s S (3), --measure-s S (8). --gas-limit defaults to 500,000,000
# (room for 23,809 transfers a block; at 30M a 1 s chain cannot pass 1,428 transfers/s).
# ZG_JAVA_OPTS adds JVM options to the node (e.g. -XX:StartFlightRecording=filename=x.jfr).
# Results (JSON, logs, table) are kept in zg-bench/target/rpc-throughput/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

build=1
gas_limit=500000000
driver=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --gas-limit) gas_limit="$2"; shift 2 ;;
    --per-account|--warmup-per-account|--batch|--connections|--clients|--warmup-s|--measure-s)
      driver+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--gas-limit GAS] [--per-account N]" \
         "[--warmup-per-account N] [--batch N]" \
         "[--connections N] [--clients N] [--warmup-s S] [--measure-s S]" >&2; exit 2 ;;
  esac
done

. "$root/.mvn/find-jdk.sh"
jar="$root/zg-bench/target/benchmarks.jar"
if [ "$build" = 1 ]; then
  echo "building zg-bench and zg-cli..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl zg-bench,zg-cli -am package)
  touch "$root/zg-cli/target/zg.jar" # the zg launcher then sees a fresh build
fi
[ -f "$jar" ] || { echo "$jar is missing: run without --no-build" >&2; exit 1; }

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)

out="$root/zg-bench/target/rpc-throughput"
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/zg-rpc-bench.XXXXXX")
node_pid=
cleanup() {
  if [ -n "$node_pid" ]; then kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  exec 3>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

jvm=(-XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
if [ "$ZG_JDK_MAJOR" -ge 24 ]; then
  jvm+=(--sun-misc-unsafe-memory-access=allow)
fi
bench() { # NAME URL
  "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$jar" dev.zg.bench.rpc.RpcThroughput --name "$1" \
    --url "$2" --signed "$work/transfers.txt" ${driver[@]+"${driver[@]}"} > "$out/$1.json"
}
wait_for() { # WHAT COMMAND...: polls COMMAND for up to 120 s
  local what=$1; shift
  for _ in $(seq 1200); do
    if "$@"; then return 0; fi
    if [ -n "$node_pid" ] && ! kill -0 "$node_pid" 2>/dev/null; then
      echo "$what exited before it was ready; its log:" >&2; cat "$out/$what.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "$what did not start within 120 s; its log:" >&2; cat "$out/$what.log" >&2; exit 1
}

# One node at a time: the machine has few cores and the nodes must not compete.
echo "zg devnet (block gas limit $gas_limit)..." >&2
# Only the chain: the devnet's PoRA miner and compute providers would take CPU (and dev
# accounts' nonces) that Hardhat's node does not spend.
"$root/zg" devnet --data-dir "$work/zg" --port 0 --block-time 1 --gas-limit "$gas_limit" \
  --no-miner --no-compute > "$out/zg.log" 2>&1 &
node_pid=$!
wait_for zg test -s "$work/zg/devnet.json"
zg_url=$(sed -n 's/.*"rpc" *: *"\([^"]*\)".*/\1/p' "$work/zg/devnet.json")
bench zg "$zg_url"
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=

echo "Hardhat node (block gas limit $gas_limit)..." >&2
# Hardhat exits when fd 3 (its standard input) closes, so it never outlives this script. The
# launcher is the differential test's (it runs the Hardhat of the folder it is started in).
exec 3> >(cd "$here" && ZG_BENCH_GAS_LIMIT="$gas_limit" \
  exec node "$root/zg-cli/src/test/js/hardhat-node.mjs" 1800 \
  > "$out/hardhat.log" 2>&1)
node_pid=$!
has_url() { grep -q 'Started HTTP' "$out/hardhat.log" 2>/dev/null; }
wait_for hardhat has_url
hh_url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/hardhat.log" | head -n 1)
bench hardhat "$hh_url"
exec 3>&-
wait "$node_pid" 2>/dev/null || true; node_pid=

{
  echo "Block gas limit $gas_limit, 1 s blocks; zg at $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo
  "$JAVA_HOME/bin/java" -cp "$jar" dev.zg.bench.rpc.RpcThroughput --report "$out/zg.json" \
    "$out/hardhat.json"
} | tee "$out/table.md"
