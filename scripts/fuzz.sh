#!/usr/bin/env bash
# Fuzzes the whole schemagen pipeline with libFuzzer (cargo-fuzz target `generate` in
# generator/fuzz): each input is taken as a schema's text and run through
# `schemagen::generate_from_text`; generated Rust must parse with syn, generated Markdown tables
# must have the same number of cells in every row, and errors must format. Any panic is a crash.
#
# Usage: scripts/fuzz.sh [SECONDS]      (default 600)
#
# What it does:
#   1. installs cargo-fuzz from crates.io if `cargo fuzz` is missing;
#   2. seeds generator/fuzz/corpus/generate/ with schema/*.json and the test fixtures'
#      schemas (the corpus is kept between runs and is not committed);
#   3. builds and runs the target for SECONDS with the JSON dictionary generator/fuzz/json.dict,
#      in libFuzzer's fork mode so that it keeps going after a crash: every crashing input is
#      saved as generator/fuzz/artifacts/generate/crash-<sha1> (timeouts and OOMs likewise);
#   4. prints one summary line: executions, elapsed time, exec/s, corpus size, crash artifacts.
#
# It works on the stable toolchain: `--sanitizer none` passes only stable codegen flags
# (sancov coverage), so no nightly is needed. Safe Rust gains little from AddressSanitizer;
# FUZZ_SANITIZER=address uses it anyway (it needs -Z flags, so RUSTC_BOOTSTRAP=1 is set, and it
# runs ~25x slower).
#
# Environment: FUZZ_JOBS (parallel fuzzing processes, default 1), FUZZ_TIMEOUT (seconds one
# input may take before it counts as a timeout, default 10), FUZZ_SANITIZER (default none).
#
# Exits 1 when this run produced a new crash, timeout or OOM artifact, or libFuzzer failed.
# Replay a crash with:
#   cd generator && cargo fuzz run --sanitizer none generate fuzz/artifacts/generate/crash-...
set -euo pipefail

duration=${1:-600}
if ! [[ "$duration" =~ ^[0-9]+$ ]] || [ "$duration" -eq 0 ]; then
    echo "usage: $0 [SECONDS]   (a positive whole number of seconds, default 600)" >&2
    exit 2
fi
jobs=${FUZZ_JOBS:-1}
timeout=${FUZZ_TIMEOUT:-10}
sanitizer=${FUZZ_SANITIZER:-none}
if [ "$sanitizer" != none ]; then
    export RUSTC_BOOTSTRAP=1
fi

root=$(cd "$(dirname "$0")/.." && pwd)
fuzz_dir="$root/generator/fuzz"
corpus="$fuzz_dir/corpus/generate"
artifacts="$fuzz_dir/artifacts/generate"
log="$fuzz_dir/target/fuzz-generate.log"

# 1. cargo-fuzz.
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz.sh: installing cargo-fuzz" >&2
    cargo install --locked cargo-fuzz
fi

# 2. Seed corpus (existing files are kept, so the corpus grows from run to run).
mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
cp "$root"/schema/*.json "$root"/generator/tests/fixtures/schemas/*.json "$corpus"/

# 3. Build, then fuzz. Build time is not counted in SECONDS (libFuzzer's -max_total_time).
cd "$root/generator"
cargo fuzz build --sanitizer "$sanitizer" generate

count_artifacts() {
    find "$artifacts" -maxdepth 1 -type f \( -name "$1-*" \) | wc -l
}
crashes_before=$(count_artifacts crash)
others_before=$(( $(count_artifacts timeout) + $(count_artifacts oom) ))
start=$(date +%s)
rc=0
cargo fuzz run --sanitizer "$sanitizer" generate "$corpus" -- \
    -dict="$fuzz_dir/json.dict" \
    -max_total_time="$duration" \
    -timeout="$timeout" \
    -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    2>&1 | tee "$log" || rc=$?
elapsed=$(( $(date +%s) - start ))

# 4. Summary. Fork mode's status lines look like
#    `#129206: cov: 9860 ft: 37765 corp: 1165 exec/s: 3661 oom/timeout/crash: 0/0/0 time: 46s ...`
# (and without fork mode `#75969  DONE   cov: ... exec/s: 2450 ...`).
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
execs=${execs:-0}
fuzz_time=$(grep -oE 'time: [0-9]+s' <<<"$last" | grep -oE '[0-9]+' || true)
fuzz_time=${fuzz_time:-$elapsed}
rate=$(( execs / (fuzz_time > 0 ? fuzz_time : 1) ))
corpus_size=$(find "$corpus" -maxdepth 1 -type f | wc -l)
live_corpus=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || true)
crashes=$(count_artifacts crash)
new_crashes=$(( crashes - crashes_before ))
new_others=$(( $(count_artifacts timeout) + $(count_artifacts oom) - others_before ))
echo "fuzz summary: $execs executions in ${fuzz_time}s of fuzzing (${elapsed}s elapsed), ~$rate exec/s," \
    "corpus $corpus_size files (libFuzzer's set ${live_corpus:-?}), crash artifacts $crashes ($new_crashes new), new timeouts/OOMs $new_others," \
    "in $artifacts; log $log"

if [ "$rc" -ne 0 ] || [ "$new_crashes" -gt 0 ] || [ "$new_others" -gt 0 ]; then
    exit 1
fi
