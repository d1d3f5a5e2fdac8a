#!/usr/bin/env bash
# Packages schemagen and connect-session as crates.io would receive them, then builds and tests
# the connect-session package on its own, outside this workspace, the way its users get it:
#   1. `cargo package` of both (which also builds each from its package, connect-session
#      against the packaged schemagen);
#   2. the unpacked connect-session, in a workspace of its own: `cargo test` with the committed
#      generated/ (schemagen is not built);
#   3. after a schema edit: the default build stops and says generated/ is stale, and
#      `--features regenerate` generates the types with the unpacked schemagen package.
# Usage: scripts/package.sh (uses CARGO_TARGET_DIR, or target/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
version_of() { cargo pkgid --quiet -p "$1" | sed 's/.*[@#]//'; }
schemagen=json-schemagen-$(version_of json-schemagen)
connect=connect-session-$(version_of connect-session)

echo "-- cargo package: $schemagen, $connect"
cargo package --quiet --locked --allow-dirty -p json-schemagen -p connect-session

work="$target/package-check"
rm -rf "$work"
mkdir -p "$work"
tar xzf "$target/package/$schemagen.crate" -C "$work"
tar xzf "$target/package/$connect.crate" -C "$work"
# A workspace of its own, with the versions the package locked. json-schemagen is not on
# crates.io yet: the patch makes `regenerate` use the package built here.
cat > "$work/Cargo.toml" <<TOML
[workspace]
members = ["$connect"]
resolver = "2"

[patch.crates-io]
json-schemagen = { path = "$schemagen" }
TOML
cp "$work/$connect/Cargo.lock" "$work/Cargo.lock"
manifest="$work/Cargo.toml"
cargo update --quiet --manifest-path "$manifest" -p json-schemagen --precise "${schemagen#json-schemagen-}"
# The packaged schemagen is a path in the lock: no `source` line.
if grep -A2 '^name = "json-schemagen"' "$work/Cargo.lock" | grep -q '^source'; then
    echo "error: the standalone build does not use the packaged $schemagen" >&2
    exit 1
fi

echo "-- the unpacked $connect, as published: cargo test"
cargo test --quiet --manifest-path "$manifest" -p connect-session
if cargo tree --quiet --manifest-path "$manifest" -p connect-session -e build --prefix none | grep -q '^json-schemagen '; then
    echo "error: $connect builds schemagen without the regenerate feature" >&2
    exit 1
fi

echo "-- after a schema edit: the default build stops, --features regenerate generates"
echo >> "$work/$connect/schema/connect_session.schema.json"
if cargo build --quiet --manifest-path "$manifest" -p connect-session > "$work/stale.log" 2>&1; then
    echo "error: the default build of $connect passed with a stale generated/" >&2
    exit 1
fi
if ! grep -q 'generated/ is stale' "$work/stale.log"; then
    echo "error: the default build of $connect failed, but not because generated/ is stale:" >&2
    cat "$work/stale.log" >&2
    exit 1
fi
if ! cargo build --manifest-path "$manifest" -p connect-session --features regenerate > "$work/regenerate.log" 2>&1; then
    cat "$work/regenerate.log" >&2
    echo "error: $connect does not build with --features regenerate" >&2
    exit 1
fi
# Only a build script linked with schemagen says so.
if ! grep -q 'types are generated from schema/ during this build' "$work/regenerate.log"; then
    cat "$work/regenerate.log" >&2
    echo "error: the regenerate build did not generate the types with the packaged schemagen" >&2
    exit 1
fi
echo "ok: $schemagen and $connect package, and $connect builds on its own with and without regenerate"
