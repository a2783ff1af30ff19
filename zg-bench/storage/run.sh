#!/usr/bin/env bash
# 0G Storage upload and download speed, zg beside the official TypeScript SDK, against the
# same storage node in the same run: starts one `zg devnet` (storage node and indexer on
# loopback, --block-time 0), writes random files of --size bytes (default 1 GiB), and times
#   1. zg's StorageClient in one warm JVM (dev.zg.bench.storage.StorageTransfer): --runs
#      uploads (each a new Flow entry, every segment sent and checked) then --runs downloads;
#   2. zg's CLI: `zg storage upload` and `zg storage download` (a JVM started per command);
#   3. the official SDK (@0gfoundation/0g-ts-sdk, pinned by zg-storage/src/test/js, installed
#      there with npm ci): zg-storage/src/test/js/sdk-transfer.mjs upload (it submits to Flow
#      itself) and download (proofs checked).
# Every download is compared with its file byte for byte. MB is 10^6 bytes. Prints a Markdown
# table; results and logs are kept in zg-bench/target/storage-transfer/.
#
#   zg-bench/storage/run.sh [--no-build] [--size BYTES] [--runs N] [--no-sdk]
#
# ZG_JAVA_OPTS adds JVM options to the devnet and the CLI; ZG_DRIVER_OPTS to the driver JVM
# (e.g. -XX:StartFlightRecording=filename=client.jfr).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

build=1
size=$((1 << 30))
runs=2
sdk=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --size) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --no-sdk) sdk=0; shift ;;
    *) echo "usage: $0 [--no-build] [--size BYTES] [--runs N] [--no-sdk]" >&2; exit 2 ;;
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
js="$root/zg-storage/src/test/js"
if [ "$sdk" = 1 ]; then
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

out="$root/zg-bench/target/storage-transfer"
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/zg-storage-bench.XXXXXX")
node_pid=
cleanup() {
  if [ -n "$node_pid" ]; then kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap "exit 130" INT TERM

jvm=(-XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
if [ "$ZG_JDK_MAJOR" -ge 24 ]; then
  jvm+=(--sun-misc-unsafe-memory-access=allow)
fi
exec_or() { if [ "${ZG_EXEC-}" = 1 ]; then exec "$@"; else "$@"; fi; }
# The zg command as ./zg runs it, without its staleness check (which would rebuild mid-run
# if a source changed after the build above).
zg() {
  # shellcheck disable=SC2086
  exec_or "$JAVA_HOME/bin/java" "${jvm[@]}" ${ZG_JAVA_OPTS-} \
    -cp "$root/zg-cli/target/zg.jar:$root/zg-cli/target/lib/*" dev.zg.cli.Main "$@"
}
now() { date +%s.%N; }
# CPU seconds: of the devnet process so far, and of this script's finished children so far.
node_cpu() { awk '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / 100 }' "/proc/$node_pid/stat"; }
# `times` must run in this shell (not in $(...)), so it writes a file that kids() reads.
mark() { times > "$work/times"; }
kids() { tail -n 1 "$work/times" | awk '{ for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%.2f", t }'; }
rate() { awk -v b="$size" -v s="$1" 'BEGIN { printf "%.1f", b / s / 1e6 }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
same() { # FILE COPY: byte-identical, then the copy is removed
  cmp -s "$1" "$2" || { echo "$2 differs from $1" >&2; exit 1; }
  rm -f "$2"
}

echo "zg devnet..." >&2
# In the background the function's shell becomes the JVM (exec), so $! is its pid.
ZG_EXEC=1 zg devnet --data-dir "$work/zg" --port 0 --block-time 0 --no-compute --no-miner \
  > "$out/devnet.log" 2>&1 &
node_pid=$!
for _ in $(seq 1200); do
  [ -s "$work/zg/devnet.json" ] && break
  kill -0 "$node_pid" 2>/dev/null || { echo "zg devnet exited:" >&2; cat "$out/devnet.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/zg/devnet.json" ] || { echo "zg devnet did not start" >&2; exit 1; }
field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" "$work/zg/devnet.json" | head -n 1; }
rpc=$(field rpc)
indexer=$(field indexerRpc)
# Account 9's key (the SDK pays from it; zg's runs use accounts 7 and 8).
key=$(grep -o '"privateKey" *: *"[^"]*"' "$work/zg/devnet.json" | sed -n '10s/.*"\(0x[^"]*\)"/\1/p')

echo "writing random files of $size bytes..." >&2
for f in jvm cli sdk; do head -c "$size" /dev/urandom > "$work/$f.bin"; done

echo "zg client in one JVM ($runs uploads, $runs downloads)..." >&2
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" "${jvm[@]}" ${ZG_DRIVER_OPTS-} -cp "$jar" \
  dev.zg.bench.storage.StorageTransfer --devnet "$work/zg" --file "$work/jvm.bin" \
  --runs "$runs" --account 7 --node-pid "$node_pid" > "$out/jvm.jsonl" 2> "$out/jvm.log"
cat "$out/jvm.jsonl" >&2

echo "zg CLI..." >&2
n0=$(node_cpu); mark; k0=$(kids); t0=$(now)
zg storage upload "$work/cli.bin" --devnet "$work/zg" --account 8 > "$out/cli-upload.log" 2>&1
t1=$(now); n1=$(node_cpu); mark; k1=$(kids)
cli_root=$(grep -o -m1 '^0x[0-9a-f]\{64\}' "$out/cli-upload.log")
zg storage download "$cli_root" "$work/cli.out" --devnet "$work/zg" > "$out/cli-download.log" 2>&1
t2=$(now); n2=$(node_cpu); mark; k2=$(kids)
same "$work/cli.bin" "$work/cli.out"
cli_up=$(secs "$t0" "$t1"); cli_down=$(secs "$t1" "$t2")
cli_cpu_up="$(secs "$k0" "$k1") / $(secs "$n0" "$n1")"; cli_cpu_down="$(secs "$k1" "$k2") / $(secs "$n1" "$n2")"

sdk_up=; sdk_down=; sdk_cpu_up=-; sdk_cpu_down=-
if [ "$sdk" = 1 ]; then
  echo "official SDK..." >&2
  n0=$(node_cpu); mark; k0=$(kids); t0=$(now)
  (cd "$js" && node sdk-transfer.mjs upload "$indexer" "$rpc" "$key" "$work/sdk.bin" submit) > "$out/sdk-upload.log" 2>&1
  t1=$(now); n1=$(node_cpu); mark; k1=$(kids)
  grep -q '"ok":true' "$out/sdk-upload.log" || { echo "SDK upload failed:" >&2; cat "$out/sdk-upload.log" >&2; exit 1; }
  sdk_root=$(grep -o '"rootHash":"0x[0-9a-f]*"' "$out/sdk-upload.log" | grep -o '0x[0-9a-f]*')
  n2=$(node_cpu); mark; k2=$(kids); t2=$(now)
  (cd "$js" && node sdk-transfer.mjs download "$indexer" "$sdk_root" "$work/sdk.out") > "$out/sdk-download.log" 2>&1
  t3=$(now); n3=$(node_cpu); mark; k3=$(kids)
  grep -q '"ok":true' "$out/sdk-download.log" || { echo "SDK download failed:" >&2; cat "$out/sdk-download.log" >&2; exit 1; }
  same "$work/sdk.bin" "$work/sdk.out"
  sdk_up=$(secs "$t0" "$t1"); sdk_down=$(secs "$t2" "$t3")
  sdk_cpu_up="$(secs "$k0" "$k1") / $(secs "$n0" "$n1")"; sdk_cpu_down="$(secs "$k2" "$k3") / $(secs "$n2" "$n3")"
fi

num() { sed "s/.*\"$1\":\([0-9.]*\).*/\1/"; }
ratio() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", b / a }' || echo "-"; }
cell() { [ -n "$1" ] && echo "$1 s, $(rate "$1") MB/s" || echo "-"; }
{
  echo "File of $size random bytes, one zg devnet (--block-time 0) on loopback; zg at"
  echo "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, load at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Wall-clock time and MB/s (10^6 bytes/s); CPU seconds as client / node."
  echo
  echo "| | zg, warm JVM (best of $runs) | zg CLI | official SDK | zg JVM / SDK | zg CLI / SDK | CPU s: zg JVM | zg CLI | SDK |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for op in upload download; do
    line=$(grep "\"op\":\"$op\"" "$out/jvm.jsonl" | awk -F'"seconds":' '{ split($2, a, ","); print a[1], $0 }' | sort -g | head -n 1 | cut -d' ' -f2-)
    b=$(echo "$line" | num seconds)
    jcpu="$(echo "$line" | num clientCpuS) / $(echo "$line" | num nodeCpuS)"
    if [ $op = upload ]; then c=$cli_up; s=$sdk_up; cc=$cli_cpu_up; sc=$sdk_cpu_up
    else c=$cli_down; s=$sdk_down; cc=$cli_cpu_down; sc=$sdk_cpu_down; fi
    echo "| $op | $(cell "$b") | $(cell "$c") | $(cell "$s") | $(ratio "$b" "$s") | $(ratio "$c" "$s") | $jcpu | $cc | $sc |"
  done
} | tee "$out/table.md"
