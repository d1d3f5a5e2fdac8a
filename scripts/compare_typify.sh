#!/usr/bin/env bash
# Compares schemagen with typify (cargo-typify) on the same real-world schemas, in one run.
#
# Usage: scripts/compare_typify.sh [--smoke]
#   --smoke    only 3 cases, the first of each source (a quick check of the script itself)
#
# The corpus is the one scripts/corpus.sh uses, fetched the same way with the registries' own
# clients (pip download of check-jsonschema and jsonschema-specifications, cargo fetch of typify
# for its test schemas); nothing downloaded is built or run, except cargo-typify, which is
# installed from crates.io into target/compare/tools (nothing global changes). schemagen is built
# from this work tree into target/compare/sg-target.
#
# typify takes one schema file, so only single-file cases are compared (the others are listed as
# skipped). For each case both generators run with a 120 s timeout, timed as the best of 3 runs;
# each output is `cargo check`ed as a crate of its own, all sharing target/compare/check-target.
# It prints one line per case and a summary:
#   schemagen: generated N/M, compiled K/M, panics P, ..., total gen time X s
#   typify:    generated N/M, compiled K/M, panics P, ..., total gen time Y s
# with the typify/schemagen ratios (median and total) of generation time and lines of Rust on
# the cases both generated, then the cases worth a look (typify panics or non-compiling output,
# schemas schemagen did not generate but typify did). The table is also written to
# target/compare/results.tsv, the logs to target/compare/logs/. A case that fails never stops the
# script; it exits non-zero only when the setup (fetch, install, build) fails.
set -euo pipefail

smoke=0
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        -h|--help) echo "usage: $0 [--smoke]"; exit 0 ;;
        *) echo "usage: $0 [--smoke]" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/compare"
corpus="$work/corpus"
start=$(date +%s)

# 1-2. Fetch the corpus and list its cases, as scripts/corpus.sh does (multi-file cases are
#      skipped later: typify takes one file).
# shellcheck source=scripts/corpus_cases.sh
. "$root/scripts/corpus_cases.sh"
corpus_cases "$corpus" 0
cases="$corpus/cases.tsv"

# 3. The tools: cargo-typify from crates.io, schemagen from this tree (own target dirs, no waits
#    on other builds).
typify="$work/tools/bin/cargo-typify"
if [ ! -x "$typify" ]; then
    nice -n 10 cargo install --quiet --locked cargo-typify --root "$work/tools"
fi
CARGO_TARGET_DIR="$work/sg-target" nice -n 10 \
    cargo build --quiet --release --locked -p json-schemagen --manifest-path "$root/Cargo.toml"
schemagen="$work/sg-target/release/schemagen"

# 4. The crate typify's output is checked in: the dependencies its code refers to (versions as in
#    typify's own tests), resolved once and shared by every case through the Cargo.lock.
template="$work/typify-template"
mkdir -p "$template/src"
cat > "$template/Cargo.toml" <<'TOML'
[package]
name = "cmp-typify-template"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", features = ["serde"] }
uuid = { version = "1", features = ["serde"] }
regress = "0.12"
TOML
touch "$template/src/lib.rs"
[ -f "$template/Cargo.lock" ] || cargo generate-lockfile --quiet --manifest-path "$template/Cargo.toml"
cargo fetch --quiet --manifest-path "$template/Cargo.toml"

# 5. Run, check and compare (a failing case is a row of the table, never an exit).
smoke_arg=()
[ "$smoke" = 1 ] && smoke_arg=(--smoke)
python3 "$root/scripts/compare_typify.py" --cases "$cases" --work "$work" \
    --schemagen "$schemagen" --typify "$typify" --typify-template "$template" "${smoke_arg[@]}"
echo "wall time: $(( $(date +%s) - start )) s"
