#!/usr/bin/env bash
# Checks the Rust-API verdicts of `schemagen diff` against cargo-semver-checks, on the real
# ConnectSession history (generator/tests/history/).
#
# Usage: scripts/semver-history.sh
#
# For each consecutive pair of versions, both are generated as crates (`schemagen generate
# --crate`, the same package name, version 1.0.0 so that semver-checks tells a major bump from a
# minor one: on 0.x Cargo folds the two together) and
#   cargo semver-checks check-release --manifest-path NEW/Cargo.toml --baseline-root OLD --release-type patch
# says whether the new crate needs a major version. `schemagen diff OLD NEW --format json` must
# say `"semver": "major"` exactly when it does, except for the pairs listed in `differs` below,
# where a rule of ours is stricter on purpose (README.md, "What schemagen diff checks"); those
# must still differ, so that the list stays true. Exits 1 on any disagreement, and when
# cargo-semver-checks is missing (`cargo install --locked cargo-semver-checks`; .ci/run installs it).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if ! cargo semver-checks --version >/dev/null 2>&1; then
    echo "error: cargo-semver-checks is not installed: run \`cargo install --locked cargo-semver-checks\` (.ci/run does it when it is missing)" >&2
    exit 1
fi

# Pairs where our verdict is major and cargo-semver-checks' is not, and why.
declare -A differs=(
    ["v7 v8"]="a field's type changed (f64 -> OrganizationId): cargo-semver-checks has no lint for the type of a public field"
)

target=${CARGO_TARGET_DIR:-$root/target}
work="$target/semver-history"
cargo build --quiet --locked -p json-schemagen --manifest-path "$root/Cargo.toml"
schemagen="$target/debug/schemagen"

mapfile -t versions < <(ls "$root"/generator/tests/history/v*.json | sort -V)
rm -rf "$work/crates"
mkdir -p "$work/crates"
for file in "${versions[@]}"; do
    name=$(basename "$file" .json)
    "$schemagen" generate --quiet --schema "$file" --out "$work/crates/$name" --crate connect-session-history
    sed -i 's/^version = "0.1.0"$/version = "1.0.0"/' "$work/crates/$name/Cargo.toml"
done

# One target directory for every crate: the dependencies build once.
export CARGO_TARGET_DIR="$work/target"
failures=0
start=$SECONDS
for ((i = 1; i < ${#versions[@]}; i++)); do
    old=$(basename "${versions[i - 1]}" .json)
    new=$(basename "${versions[i]}" .json)
    pair="${old%%-*} ${new%%-*}"
    set +e
    ours=$("$schemagen" diff "${versions[i - 1]}" "${versions[i]}" --format json)
    ours_code=$?
    report=$(cargo semver-checks check-release --manifest-path "$work/crates/$new/Cargo.toml" \
        --baseline-root "$work/crates/$old" --release-type patch 2>&1)
    theirs_code=$?
    set -e
    if [ "$ours_code" != 0 ] && [ "$ours_code" != 3 ]; then
        echo "FAIL $pair: schemagen diff exited $ours_code" >&2
        failures=$((failures + 1))
        continue
    fi
    ours=$(sed -n 's/.*"semver":"\([a-z]*\)".*/\1/p' <<<"$ours")
    if [ "$theirs_code" = 0 ]; then
        theirs=patch
    elif grep -q "requires new major version" <<<"$report"; then
        theirs=major
    elif grep -q "requires new minor version" <<<"$report"; then
        theirs=minor
    else
        echo "FAIL $pair: cargo semver-checks did not run:" >&2
        echo "$report" >&2
        failures=$((failures + 1))
        continue
    fi
    lints=$(grep -oE '^--- failure [a-z_]+' <<<"$report" | sed 's/--- failure //' | sort -u | tr '\n' ' ' | sed 's/ $//' || true)
    agree=$([ "$ours" = major ] && [ "$theirs" = major ] || { [ "$ours" != major ] && [ "$theirs" != major ]; } && echo yes || echo no)
    if [ -n "${differs[$pair]:-}" ]; then
        if [ "$agree" = yes ]; then
            echo "FAIL $pair: ours $ours, cargo-semver-checks $theirs: listed as differing (${differs[$pair]}) but they agree now; remove it from the list and from README.md" >&2
            failures=$((failures + 1))
        else
            echo "ok   $pair: ours $ours, cargo-semver-checks $theirs (differs on purpose: ${differs[$pair]})"
        fi
    elif [ "$agree" = yes ]; then
        echo "ok   $pair: ours $ours, cargo-semver-checks $theirs ${lints:+($lints)}"
    else
        echo "FAIL $pair: ours $ours, cargo-semver-checks $theirs ${lints:+($lints)}" >&2
        echo "$report" >&2
        failures=$((failures + 1))
    fi
done
echo "$(( ${#versions[@]} - 1 )) pairs, $failures disagreements, $((SECONDS - start)) s"
[ "$failures" = 0 ]
