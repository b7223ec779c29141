#!/usr/bin/env bash
# Builds the libFuzzer targets with --config=fuzz (Clang, ASan+UBSan) and
# runs each for SECONDS (default 60), starting from its checked-in corpus.
# New inputs go to a scratch folder, not the corpus: check in by hand what
# is worth keeping. A crash leaves crash-* in the current folder and fails.
# Prints, per fuzzer, how many executions it made.
#   tools/fuzz.sh [SECONDS] [bazel flags...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
fuzzers=(request path fields)

targets=()
for name in "${fuzzers[@]}"; do targets+=("//http:${name}_fuzzer"); done
./bazelw build --config=fuzz "$@" "${targets[@]}"
bin="$(./bazelw info --config=fuzz "$@" bazel-bin 2>/dev/null)"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
total=0
for name in "${fuzzers[@]}"; do
  mkdir -p "$scratch/$name"
  log="$scratch/$name.log"
  echo "== fuzz: ${name}_fuzzer for ${seconds}s"
  status=0
  "$bin/http/${name}_fuzzer" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=1024 -print_final_stats=1 \
    "$scratch/$name" "http/fuzz/${name}_corpus" >"$log" 2>&1 || status=$?
  runs="$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)"
  if [ "$status" -ne 0 ] || [ -z "$runs" ]; then
    tail -40 "$log"
    echo "fuzz: ${name}_fuzzer failed (status $status)" >&2
    exit 1
  fi
  echo "fuzz: ${name}_fuzzer: ${runs} executions in ${seconds}s, no crash"
  total=$((total + runs))
done
echo "fuzz: ${total} executions in all"
