#!/usr/bin/env bash
# Time-to-Ready of the README's first command (docs/benchmarks.md, "sandbox"): starts the built
# sandbox jar with the given arguments (default: --apply examples/codedang-stage.yaml), prints the
# seconds from the start of `java -jar` to its start block and to the first "READY" line, then
# stops it with SIGTERM (its clean stop, as Ctrl-C; a background job ignores SIGINT) and waits for it. Build first: ./mvnw -q -DskipTests package
# Usage: bash scripts/sandbox-time-to-ready.sh [sandbox arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--apply examples/codedang-stage.yaml)
out=$(mktemp)
echo "load before: $(uptime)"
start=$(date +%s.%N)
java -jar tools/sandbox/target/envsaga-sandbox.jar "${args[@]}" >"$out" 2>&1 &
pid=$!
started="" ready=""
for _ in $(seq 1 3000); do
  now=$(date +%s.%N)
  [ -z "$started" ] && grep -q "envsaga sandbox: running" "$out" && started=$(echo "$now - $start" | bc)
  if grep -qE " READY$| FAILED" "$out"; then ready=$(echo "$now - $start" | bc); break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
grep -E "READY$|FAILED" "$out" | head -3 || true
echo "start block after ${started:-?} s; first READY/FAILED after ${ready:-never} s"
echo "load after:  $(uptime)"
kill -TERM $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
rm -f "$out"
