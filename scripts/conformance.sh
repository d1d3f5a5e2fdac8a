#!/usr/bin/env bash
# Runs the official JSON-Schema-Test-Suite through schemagen: per draft, one Rust type per test
# group, all compiled in one crate, and `serde_json::from_value::<T>(instance).is_ok()` compared
# with each case's `valid` (see CONFORMANCE.md).
#
# Usage: scripts/conformance.sh [--smoke] [--draft D]... [--optional]
#   --smoke     one draft (2020-12) on a few files, for CI; fails when a generated crate does
#               not compile or a case panics
#   --draft D   only this draft (draft4, draft6, draft7, draft2019-09, draft2020-12); repeatable
#   --optional  the suite's optional/ tests too (formats, bignums, ...)
#
# The suite is the copy in the source distribution of PyPI's `jsonschema` 4.23.0 (it has drafts
# 4, 6, 7, 2019-09 and 2020-12 and the `remotes/` folder), fetched with `pip download` and cached
# under target/conformance/. Results go to target/conformance/results.md (per-file table,
# refused groups, every disagreement) and results.json (every case's outcome).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/conformance"
version=4.23.0
args=()
smoke=0
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        --optional) args+=(--optional) ;;
        --draft) args+=(--draft) ; expect_draft=1; continue ;;
        draft*) if [ "${expect_draft:-0}" = 1 ]; then args+=("$arg"); else echo "usage: $0 [--smoke] [--draft D]... [--optional]" >&2; exit 2; fi ;;
        *) echo "usage: $0 [--smoke] [--draft D]... [--optional]" >&2; exit 2 ;;
    esac
    expect_draft=0
done

suite="$work/jsonschema-$version/json"
if [ ! -d "$suite/tests" ]; then
    if ! command -v pip >/dev/null 2>&1; then
        echo "error: pip is needed to fetch the test suite (apt-get install python3-pip)" >&2
        exit 2
    fi
    mkdir -p "$work/downloads"
    pip download --quiet --no-deps --no-binary :all: --dest "$work/downloads" "jsonschema==$version"
    tar -xzf "$work/downloads/jsonschema-$version.tar.gz" -C "$work" "jsonschema-$version/json"
fi

# The meta-schemas, which groups such as "remote ref, containing refs itself" refer to, are read
# from the copies in PyPI's `jsonschema-specifications`, as a validator has them built in.
specs=$(ls -d "$work"/jsonschema_specifications-*/jsonschema_specifications/schemas 2>/dev/null | head -n 1 || true)
if [ -z "$specs" ]; then
    pip download --quiet --no-deps --dest "$work/downloads" jsonschema-specifications
    wheel=$(ls "$work"/downloads/jsonschema_specifications-*.whl | head -n 1)
    python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$wheel" "$work/$(basename "$wheel" .whl)"
    specs=$(ls -d "$work"/jsonschema_specifications-*/jsonschema_specifications/schemas | head -n 1)
fi
maps=()
for draft in 4 6 7; do
    maps+=(--map-ref "http://json-schema.org/draft-0$draft/schema=$specs/draft$draft/metaschema.json")
done
for draft in 2019-09 2020-12; do
    maps+=(--map-ref "https://json-schema.org/draft/$draft/schema=$specs/draft${draft/-/}/metaschema.json")
    maps+=(--map-ref "https://json-schema.org/draft/$draft/meta/=$specs/draft${draft/-/}/vocabularies/")
done

if [ "$smoke" = 1 ]; then
    args=(--draft draft2020-12 --files type.json,properties.json,items.json,ref.json,anyOf.json --strict)
fi

start=$(date +%s)
cargo build --quiet --locked -p json-schemagen --example conformance --manifest-path "$root/Cargo.toml"
harness="${CARGO_TARGET_DIR:-$root/target}/debug/examples/conformance"
"$harness" --suite "$suite" --out "$work" --lock "$root/Cargo.lock" "${maps[@]}" "${args[@]}"
echo "conformance: done in $(( $(date +%s) - start ))s"
