#!/usr/bin/env bash
# Benchmarks schemagen against the alternatives, each in the same run on the same machine:
#
#   generator  time and peak memory of `schemagen generate --crate` against typify 0.8's library
#              (bench/'s `typify-gen`) on four real schemas, and schemagen alone on
#              schema/connect_session.schema.json (target: under 5 ms);
#   compile    `cargo check` (and `cargo build --release` for the smaller ones) of the crate each
#              tool's output makes, the dependencies built beforehand;
#   buildrs    a clean `cargo build` of connect-session (its build script checks the digest of
#              schema/ and builds the committed generated/) against a hand-written crate with the
#              same types and dependencies, and the no-op rebuild (which must not run the build
#              script again);
#   serde      criterion: serde_json throughput of the generated ConnectSession against a
#              hand-written struct (bench/benches/serde_throughput.rs).
#
# Usage: scripts/bench.sh [--smoke] [generator|compile|buildrs|serde|all]   (default: all)
#   --smoke    the same steps on tiny inputs, so CI checks the script still runs: generator on
#              connect_session and the Kubernetes definitions, compile on connect_session only,
#              buildrs with one run, serde in criterion's --test mode (each bench runs once).
#
# The corpus is fetched with the registries' own clients (npm pack, pip download) into
# target/bench/corpus, once: @octokit/webhooks-schemas, kubernetes-validate (the newest
# vX-local/_definitions.json), @octokit/openapi (the GitHub REST API description, OpenAPI 3) and
# check-jsonschema (its vendored renovate.json). Nothing downloaded is built or run. Every figure
# goes into target/bench/results.md as Markdown tables, printed at the end, followed by the line
# `bench: N passed, N failed`. Exits non-zero when a step failed; typify refusing or failing on a
# schema is a result reported in the tables, not a failure. Downloads, builds and the first run
# of each generator have timeouts (the timed runs repeat one that finished), so the script ends.
set -euo pipefail

smoke=0
what=all
for arg in "$@"; do
    case "$arg" in
        --smoke) smoke=1 ;;
        generator | compile | buildrs | serde | all) what=$arg ;;
        -h | --help) echo "usage: $0 [--smoke] [generator|compile|buildrs|serde|all]"; exit 0 ;;
        *) echo "usage: $0 [--smoke] [generator|compile|buildrs|serde|all]" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench"
corpus="$work/corpus"
results="$work/results.md"
mkdir -p "$work" "$corpus"
# Short panic messages from typify, no backtrace capture in timed runs.
export RUST_BACKTRACE=0 CARGO_TERM_COLOR=never

# The corpus versions, pinned so that figures from different runs compare.
WEBHOOKS_PKG=@octokit/webhooks-schemas@7.6.1
OPENAPI_PKG=@octokit/openapi@23.0.2
K8S_PKG=kubernetes-validate==1.37.0
CHECK_JSONSCHEMA_PKG=check-jsonschema==0.39.0

GEN_TIMEOUT=600     # one generator run
BUILD_TIMEOUT=1800  # one cargo command
GEN_RUNS=5          # generation timed as the best of this many runs
SMALL_RUNS=20       # ... and of this many on connect_session
BUILDRS_RUNS=3      # clean builds: the median of this many
if [ "$smoke" = 1 ]; then
    BUILDRS_RUNS=1
fi

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAILED: $1" >&2; }

# --- Formatting -----------------------------------------------------------------------------

# Microseconds as "3.21 ms" or "1.23 s".
fmt_us() { awk -v us="$1" 'BEGIN { if (us < 1000000) printf "%.2f ms", us / 1000; else printf "%.2f s", us / 1000000 }'; }
# Seconds (as /usr/bin/time prints them) as "12.3 s".
fmt_s() { awk -v s="$1" 'BEGIN { printf (s < 10 ? "%.2f s" : "%.1f s"), s }'; }
# Kilobytes as "45 MB" or "1.23 GB".
fmt_kb() { awk -v kb="$1" 'BEGIN { if (kb < 1000000) printf "%.0f MB", kb / 1000; else printf "%.2f GB", kb / 1000000 }'; }
# a/b as "0.42x".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "n/a" }'; }
fmt_bytes() { awk -v b="$1" 'BEGIN { if (b < 1000000) printf "%.0f kB", b / 1000; else printf "%.1f MB", b / 1000000 }'; }
lines_of() { if [ -f "$1" ]; then wc -l < "$1" | tr -d ' '; else echo 0; fi; }
# The first line of a log that says what went wrong, shortened for a table cell.
why() {
    local line
    line=$(grep -m1 -E 'typify-gen:|^error|panicked' "$1" 2>/dev/null || true)
    line=${line#*typify-gen: }
    # typify-gen names the schema before its message.
    case $line in /*) line=${line#*.json: } ;; esac
    line=${line//|/\\|}
    printf '%s' "${line:0:140}"
}

section() { printf '\n%s\n\n' "$1" >> "$results"; }
row() { printf '%s\n' "$1" >> "$results"; }

# --- Measuring ------------------------------------------------------------------------------

# measure_gen LOG CLEAN_DIR CMD...: runs CMD once under timeout and /usr/bin/time after removing
# CLEAN_DIR: its exit code, output and peak memory. Sets m_code and m_kb (max RSS). The timed
# runs (time_once) follow when it succeeded, without the wrappers.
measure_gen() {
    local log=$1 clean=$2
    shift 2
    local tf="$work/time.out"
    rm -rf "$clean"
    set +e
    /usr/bin/time -f '%e %M' -o "$tf" timeout "$GEN_TIMEOUT" "$@" > "$log" 2>&1
    m_code=$?
    set -e
    m_kb=$(awk 'END { print $2 + 0 }' "$tf" 2>/dev/null || echo 0)
}

# time_once CLEAN_DIR CMD...: one bare run after removing CLEAN_DIR; sets t_us.
time_once() {
    local clean=$1 start end
    shift
    rm -rf "$clean"
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>&1 || true
    end=$EPOCHREALTIME
    t_us=$(( ${end/./} - ${start/./} ))
}

# measure_cargo LOG CMD...: one run under timeout and /usr/bin/time; sets m_code, m_s (seconds)
# and m_kb (peak RSS of the largest process, rustc).
measure_cargo() {
    local log=$1
    shift
    local tf="$work/time.out"
    set +e
    /usr/bin/time -f '%e %M' -o "$tf" timeout "$BUILD_TIMEOUT" "$@" > "$log" 2>&1
    m_code=$?
    set -e
    m_s=$(awk 'END { print $1 + 0 }' "$tf" 2>/dev/null || echo 0)
    m_kb=$(awk 'END { print $2 + 0 }' "$tf" 2>/dev/null || echo 0)
}

# --- Corpus ---------------------------------------------------------------------------------

# npm_file PACKAGE FILE: the path of FILE inside the npm package's tarball, extracted once into
# corpus/<tarball name>/; prints the path.
npm_file() {
    local pkg=$1 file=$2 tgz dir
    tgz=$(find "$corpus" -maxdepth 1 -name "$(npm_tarball_glob "$pkg")" | sort | tail -n 1)
    if [ -z "$tgz" ]; then
        (cd "$corpus" && timeout 600 npm pack --silent "$pkg" > /dev/null)
        tgz=$(find "$corpus" -maxdepth 1 -name "$(npm_tarball_glob "$pkg")" | sort | tail -n 1)
    fi
    dir="$corpus/$(basename "$tgz" .tgz)"
    if [ ! -f "$dir/$file" ]; then
        mkdir -p "$dir"
        tar -xzf "$tgz" -C "$dir" "$file"
    fi
    printf '%s\n' "$dir/$file"
}
# @scope/name@version -> scope-name-version.tgz, as npm pack names it.
npm_tarball_glob() { local p=${1#@}; p=${p/\//-}; printf '%s.tgz' "${p/@/-}"; }

# pip_wheel REQUIREMENT: downloads the wheel once; prints its path.
pip_wheel() {
    local req=$1 name wheel
    name=${req%%==*}
    name=${name//-/_}
    wheel=$(find "$corpus" -maxdepth 1 -name "${name}-${req##*==}-*.whl" | sort | tail -n 1)
    if [ -z "$wheel" ]; then
        timeout 600 pip download --no-deps --quiet --disable-pip-version-check --dest "$corpus" "$req" > /dev/null
        wheel=$(find "$corpus" -maxdepth 1 -name "${name}-${req##*==}-*.whl" | sort | tail -n 1)
    fi
    printf '%s\n' "$wheel"
}

# wheel_file WHEEL PATTERN: extracts the member matching the Python regular expression PATTERN
# (the newest by version order when several do) into corpus/<wheel name>/; prints its path.
wheel_file() {
    local wheel=$1 pattern=$2 dir
    dir="$corpus/$(basename "$wheel" .whl)"
    python3 - "$wheel" "$pattern" "$dir" <<'PY'
import re, sys, zipfile
wheel, pattern, dest = sys.argv[1:]
names = [n for n in zipfile.ZipFile(wheel).namelist() if re.fullmatch(pattern, n)]
if not names:
    sys.exit(f"{wheel}: no member matches {pattern}")
def version(name):
    return [int(x) if x.isdigit() else x for x in re.findall(r"\d+|[^\d./]+", name)]
name = max(names, key=version)
zipfile.ZipFile(wheel).extract(name, dest)
print(f"{dest}/{name}")
PY
}

# fetch NAME: sets the variable schema_NAME to the schema's path, fetching it if needed.
fetch() {
    local path
    case "$1" in
        webhooks) path=$(npm_file "$WEBHOOKS_PKG" package/schema.json) ;;
        kubernetes)
            path=$(wheel_file "$(pip_wheel "$K8S_PKG")" \
                'kubernetes_validate/kubernetes-json-schema/v[0-9.]+-local/_definitions\.json')
            echo "kubernetes: the newest local definitions are $(basename "$(dirname "$path")")" ;;
        github-rest-api) path=$(npm_file "$OPENAPI_PKG" package/generated/api.github.com.json) ;;
        renovate)
            path=$(wheel_file "$(pip_wheel "$CHECK_JSONSCHEMA_PKG")" \
                'check_jsonschema/builtin_schemas/vendor/renovate\.json') ;;
    esac
    [ -s "$path" ] || return 1
    printf -v "schema_${1//-/_}" '%s' "$path"
}

schema_path() { local var="schema_${1//-/_}"; printf '%s' "${!var}"; }

# --- Tools ----------------------------------------------------------------------------------

schemagen="$work/target-schemagen/release/schemagen"
typify_gen="$work/target-bench/release/typify-gen"
library_time="$work/target-bench/release/library-time"
build_tools() {
    echo "== building schemagen, typify-gen and library-time (release)"
    if CARGO_TARGET_DIR="$work/target-schemagen" timeout "$BUILD_TIMEOUT" \
        cargo build --quiet --release --locked -p json-schemagen --manifest-path "$root/Cargo.toml"; then
        pass "build schemagen"
    else
        fail "build schemagen"
        return 1
    fi
    if CARGO_TARGET_DIR="$work/target-bench" timeout "$BUILD_TIMEOUT" cargo build --quiet --release \
        --locked --features typify --bin typify-gen --bin library-time \
        --manifest-path "$root/bench/Cargo.toml"; then
        pass "build typify-gen and library-time"
    else
        fail "build typify-gen and library-time"
        return 1
    fi
}

# --- generator ------------------------------------------------------------------------------

run_generator() {
    local names=(webhooks kubernetes github-rest-api renovate)
    [ "$smoke" = 1 ] && names=(kubernetes)
    echo "== generator: schemagen against typify"
    # The outputs go to a RAM-backed directory, so that the figures are the generators' work:
    # on this kind of machine's ext4, creating thousands of page files right after the previous
    # run's were deleted costs up to 1 ms each in the kernel (its inode allocator skips inodes
    # freed moments ago), which measured the disk, not the tool. A second table writes to the
    # work disk, a new directory each run.
    local ram=/dev/shm
    if [ ! -d "$ram" ] || [ ! -w "$ram" ]; then ram="$work/gen"; fi
    local ram_dir="$ram/schemagen-bench-$$"
    section "## Generator: time and peak memory"
    row "Wall time: best of $GEN_RUNS runs ($SMALL_RUNS on connect_session) of the bare command, the two tools' runs alternating, both writing their output to \`$ram\` (a tmpfs); peak memory: max RSS from \`/usr/bin/time -f '%e %M'\`. Ratios are schemagen/typify (below 1: schemagen is faster or smaller)."
    row ""
    row "| schema | size | schemagen | typify | time schemagen/typify | RSS schemagen/typify | lines of Rust (schemagen / typify) |"
    row "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    local name schema out log sg_us sg_kb ty_us ty_kb ty_cell time_ratio rss_ratio runs size disk_rows=()
    for name in connect_session "${names[@]}"; do
        if [ "$name" = connect_session ]; then
            schema="$root/schema/connect_session.schema.json"
            runs=$SMALL_RUNS
        else
            schema=$(schema_path "$name")
            runs=$GEN_RUNS
        fi
        out="$ram_dir/$name"
        mkdir -p "$out" "$work/gen/$name"
        log="$work/gen/$name/schemagen.log"
        local sg_cmd=("$schemagen" generate --schema "$schema" --out "$out/schemagen" --crate "bench-$name" -q)
        local ty_cmd=("$typify_gen" "$schema" "$out/typify.rs")
        measure_gen "$log" "$out/schemagen" "${sg_cmd[@]}"
        if [ "$m_code" -ne 0 ]; then
            fail "generator: schemagen on $name (exit $m_code): $(why "$log")"
            row "| $name | | schemagen failed: $(why "$log") | | | | |"
            continue
        fi
        sg_kb=$m_kb
        log="$work/gen/$name/typify.log"
        measure_gen "$log" "$out/typify.rs" "${ty_cmd[@]}"
        ty_kb=$m_kb
        # The timed runs alternate between the two tools, so that a change in the machine's
        # state between runs falls on both.
        local ty_ok=$m_code i
        sg_us=0 ty_us=0
        for ((i = 0; i < runs; i++)); do
            time_once "$out/schemagen" "${sg_cmd[@]}"
            if [ "$sg_us" -eq 0 ] || [ "$t_us" -lt "$sg_us" ]; then sg_us=$t_us; fi
            if [ "$ty_ok" -eq 0 ]; then
                time_once "$out/typify.rs" "${ty_cmd[@]}"
                if [ "$ty_us" -eq 0 ] || [ "$t_us" -lt "$ty_us" ]; then ty_us=$t_us; fi
            fi
        done
        m_code=$ty_ok
        if [ "$m_code" -eq 0 ]; then
            ty_cell="$(fmt_us "$ty_us"), $(fmt_kb "$ty_kb")"
            time_ratio=$(ratio "$sg_us" "$ty_us")
            rss_ratio=$(ratio "$sg_kb" "$ty_kb")
        else
            [ "$m_code" -eq 124 ] && echo "typify-gen: timed out after ${GEN_TIMEOUT} s" >> "$log"
            ty_cell="typify failed: $(why "$log")"
            time_ratio="–" rss_ratio="–"
        fi
        size=$(fmt_bytes "$(wc -c < "$schema")")
        row "| $name | $size | $(fmt_us "$sg_us"), $(fmt_kb "$sg_kb") | $ty_cell | $time_ratio | $rss_ratio | $(lines_of "$out/schemagen/src/lib.rs") / $(lines_of "$out/typify.rs") |"
        printf '  %-16s schemagen %s, %s; typify %s\n' "$name" "$(fmt_us "$sg_us")" "$(fmt_kb "$sg_kb")" \
            "${ty_cell#typify }"
        pass "generator: $name"
        if [ "$name" = connect_session ]; then
            connect_session_us=$sg_us
        fi
        # The same on the work disk: each run into a directory of its own, removed afterwards.
        local disk="$work/gen/$name/disk" sg_disk ty_disk=0 i start end us
        rm -rf "$disk"
        mkdir -p "$disk"
        sg_disk=0
        for ((i = 0; i < runs; i++)); do
            start=$EPOCHREALTIME
            "$schemagen" generate --schema "$schema" --out "$disk/schemagen-$i" --crate "bench-$name" -q > /dev/null 2>&1 || true
            end=$EPOCHREALTIME
            us=$(( ${end/./} - ${start/./} ))
            if [ "$sg_disk" -eq 0 ] || [ "$us" -lt "$sg_disk" ]; then sg_disk=$us; fi
            if [ "$ty_us" -gt 0 ]; then
                start=$EPOCHREALTIME
                "$typify_gen" "$schema" "$disk/typify-$i.rs" > /dev/null 2>&1 || true
                end=$EPOCHREALTIME
                us=$(( ${end/./} - ${start/./} ))
                if [ "$ty_disk" -eq 0 ] || [ "$us" -lt "$ty_disk" ]; then ty_disk=$us; fi
            fi
        done
        local files
        files=$(find "$disk/schemagen-0" -type f 2> /dev/null | wc -l)
        rm -rf "$disk"
        if [ "$ty_disk" -gt 0 ]; then
            disk_rows+=("| $name | $files | $(fmt_us "$sg_disk") | $(fmt_us "$ty_disk") | $(ratio "$sg_disk" "$ty_disk") |")
        else
            disk_rows+=("| $name | $files | $(fmt_us "$sg_disk") | – | – |")
        fi
    done
    rm -rf "$ram_dir"
    if [ -n "${connect_session_us:-}" ]; then
        local verdict="met"
        [ "$connect_session_us" -lt 5000 ] || verdict="NOT met"
        row ""
        row "schemagen on schema/connect_session.schema.json: $(fmt_us "$connect_session_us") (best of $SMALL_RUNS); target under 5 ms: $verdict."
        # What a build script pays: one library call in a fresh process, its start left out.
        local tool best us lib_sg=0 lib_ty=0 i
        for tool in schemagen typify; do
            best=0
            for ((i = 0; i < SMALL_RUNS; i++)); do
                us=$("$library_time" "$tool" "$root/schema/connect_session.schema.json" 2> /dev/null || echo 0)
                if [ "$us" -gt 0 ] && { [ "$best" -eq 0 ] || [ "$us" -lt "$best" ]; }; then best=$us; fi
            done
            if [ "$tool" = schemagen ]; then lib_sg=$best; else lib_ty=$best; fi
        done
        if [ "$lib_sg" -gt 0 ] && [ "$lib_ty" -gt 0 ]; then
            verdict="met"
            [ "$lib_sg" -lt 5000 ] || verdict="NOT met"
            row ""
            row "One library call on schema/connect_session.schema.json, as a build script makes it (\`library-time\`: \`schemagen::generate\` for a whole crate in memory, typify's conversion and printing; a fresh process each time, its start left out; best of $SMALL_RUNS): schemagen $(fmt_us "$lib_sg"), typify $(fmt_us "$lib_ty") ($(ratio "$lib_sg" "$lib_ty")); under 5 ms: $verdict."
            pass "generator: library call"
        else
            fail "generator: library-time failed on connect_session"
        fi
    fi
    row ""
    row "The same commands writing to the work disk (\`$work\`), each run into a new directory (best of the same number of runs): schemagen writes a page per type (the files column), typify one file."
    row ""
    row "| schema | files schemagen writes | schemagen | typify | time schemagen/typify |"
    row "| --- | ---: | ---: | ---: | ---: |"
    local r
    for r in "${disk_rows[@]}"; do row "$r"; done
}

# --- compile --------------------------------------------------------------------------------

# The Cargo.toml of a crate holding typify's output: the dependencies its code refers to.
typify_manifest() {
    local name=$1 code=$2
    cat <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
serde = { version = "1.0.200", features = ["derive"] }
serde_json = "1.0.100"
TOML
    if grep -q 'chrono::' "$code"; then
        echo 'chrono = { version = "0.4.38", default-features = false, features = ["std", "serde"] }'
    fi
    if grep -q 'regress::' "$code"; then echo 'regress = "0.12"'; fi
    if grep -q 'uuid::' "$code"; then echo 'uuid = { version = "1", features = ["serde"] }'; fi
}

# warm_deps DIR FLAGS...: builds the crate's dependencies for each build given (one per
# argument, e.g. "check" or "build --release --features schemars") with an empty src/lib.rs,
# so that the measured build compiles the crate alone.
warm_deps() {
    local dir=$1 build
    shift
    mv "$dir/src/lib.rs" "$dir/src/lib.rs.real"
    : > "$dir/src/lib.rs"
    local ok=0
    for build in "$@"; do
        # shellcheck disable=SC2086
        if ! timeout "$BUILD_TIMEOUT" cargo $build --quiet --manifest-path "$dir/Cargo.toml" \
            > "$dir/warm.log" 2>&1; then
            ok=1
            break
        fi
    done
    mv "$dir/src/lib.rs.real" "$dir/src/lib.rs"
    return $ok
}

# compile_cell DIR BUILD: touches src/lib.rs and measures `cargo BUILD` of the crate; sets
# c_code, c_s, c_kb and c_cell, the table cell.
compile_cell() {
    local dir=$1 build=$2 log
    log="$dir/${build//[ -]/_}.log"
    touch "$dir/src/lib.rs"
    # shellcheck disable=SC2086
    measure_cargo "$log" cargo $build --offline --manifest-path "$dir/Cargo.toml"
    c_code=$m_code c_s=$m_s c_kb=$m_kb
    if [ "$c_code" -eq 0 ]; then
        c_cell="$(fmt_s "$c_s"), $(fmt_kb "$c_kb")"
    elif [ "$c_code" -eq 124 ]; then
        c_cell="timed out after $BUILD_TIMEOUT s"
    else
        c_cell="failed: $(why "$log")"
    fi
}

run_compile() {
    local names=(webhooks kubernetes github-rest-api renovate) release_names=" webhooks kubernetes "
    [ "$smoke" = 1 ] && names=(connect_session) release_names=" connect_session "
    echo "== compile: the crates each tool's output makes"
    section "## Compile: the generated crates"
    row "One run each, the dependencies built beforehand: \`cargo check\` (and \`cargo build --release\`) of the crate alone after \`touch src/lib.rs\`, with \`CARGO_INCREMENTAL=0\` so that every build checks the whole crate; time and peak RSS of the largest process. schemagen's crate with its default features and with \`--features schemars\` (the \`JsonSchema\` derives, off by default); typify's code in a crate with the dependencies it refers to. Ratios are schemagen/typify, time then RSS."
    row ""
    row "| schema | build | schemagen | schemagen with schemars | typify | schemagen/typify | schemagen with schemars/typify |"
    row "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
    export CARGO_TARGET_DIR="$work/target-crates"
    # Incremental compilation would reuse the previous build's results for a touched file.
    export CARGO_INCREMENTAL=0
    local name schema dir sg tdir builds build kind ty_ok ty_why before
    for name in "${names[@]}"; do
        before=$failed
        if [ "$name" = connect_session ]; then
            schema="$root/schema/connect_session.schema.json"
        else
            schema=$(schema_path "$name")
        fi
        dir="$work/compile/$name"
        sg="$dir/schemagen"
        tdir="$dir/typify"
        rm -rf "$dir"
        mkdir -p "$tdir/src"
        echo "  $name: generating"
        if ! timeout "$GEN_TIMEOUT" "$schemagen" generate --schema "$schema" --out "$sg" \
            --crate "bench-$name" -q > "$dir/schemagen.log" 2>&1; then
            fail "compile: schemagen on $name: $(why "$dir/schemagen.log")"
            continue
        fi
        # The same dependency versions as the repository where they overlap.
        cp "$root/Cargo.lock" "$sg/Cargo.lock"
        ty_ok=1 ty_why=""
        if timeout "$GEN_TIMEOUT" "$typify_gen" "$schema" "$tdir/src/lib.rs" > "$dir/typify.log" 2>&1; then
            typify_manifest "bench-$name-typify" "$tdir/src/lib.rs" > "$tdir/Cargo.toml"
            cp "$root/Cargo.lock" "$tdir/Cargo.lock"
        else
            ty_ok=0 ty_why="typify failed: $(why "$dir/typify.log")"
        fi
        builds=(check)
        case "$release_names" in *" $name "*) builds+=("build --release") ;; esac

        echo "  $name: building the dependencies"
        local warm_sg=() warm_ty=()
        for build in "${builds[@]}"; do
            warm_sg+=("$build" "$build --features schemars")
            warm_ty+=("$build")
        done
        if ! warm_deps "$sg" "${warm_sg[@]}"; then
            fail "compile: dependencies of schemagen's $name crate: $(why "$sg/warm.log")"
            continue
        fi
        if [ "$ty_ok" = 1 ] && ! warm_deps "$tdir" "${warm_ty[@]}"; then
            fail "compile: dependencies of typify's $name crate: $(why "$tdir/warm.log")"
            ty_ok=0 ty_why="dependencies failed to build"
        fi

        for build in "${builds[@]}"; do
            kind="\`cargo $build\`"
            echo "  $name: cargo $build"
            local sg_cell sg_s sg_kb sgn_cell sgn_s sgn_kb ty_cell r1="–" r2="–"
            compile_cell "$sg" "$build"
            sg_cell=$c_cell sg_s=$c_s sg_kb=$c_kb
            [ "$c_code" -eq 0 ] || fail "compile: cargo $build of schemagen's $name crate: $sg_cell"
            compile_cell "$sg" "$build --features schemars"
            sgn_cell=$c_cell sgn_s=$c_s sgn_kb=$c_kb
            [ "$c_code" -eq 0 ] ||
                fail "compile: cargo $build --features schemars of schemagen's $name crate: $sgn_cell"
            if [ "$ty_ok" = 1 ]; then
                compile_cell "$tdir" "$build"
                if [ "$c_code" -eq 0 ]; then
                    ty_cell=$c_cell
                    r1="$(ratio "$sg_s" "$c_s") time, $(ratio "$sg_kb" "$c_kb") RSS"
                    r2="$(ratio "$sgn_s" "$c_s") time, $(ratio "$sgn_kb" "$c_kb") RSS"
                else
                    ty_cell="typify's code $c_cell"
                fi
            else
                ty_cell=$ty_why
            fi
            row "| $name | $kind | $sg_cell | $sgn_cell | $ty_cell | $r1 | $r2 |"
            echo "    schemagen $sg_cell; with schemars $sgn_cell; typify $ty_cell"
        done
        [ "$failed" -ne "$before" ] || pass "compile: $name"
    done
    unset CARGO_TARGET_DIR CARGO_INCREMENTAL
}

# --- buildrs --------------------------------------------------------------------------------

# The hand-written twin of connect-session: the root package's [features] and [dependencies]
# (workspace entries resolved), no build script, and the committed generated code as its source.
handwritten_crate() {
    local dir=$1
    mkdir -p "$dir/src"
    python3 - "$root/Cargo.toml" > "$dir/Cargo.toml" <<'PY'
import json, sys, tomllib
manifest = tomllib.load(open(sys.argv[1], "rb"))
shared = manifest["workspace"]["dependencies"]
package = manifest["package"]
def value(v):
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
    return json.dumps(v)
print('[package]\nname = "connect-session-handwritten"\nversion = "0.1.0"')
print(f'edition = "{manifest["workspace"]["package"]["edition"]}"\npublish = false\n\n[workspace]\n')
print("[features]")
# Features of the crate's own dependencies; `regenerate` only adds the build dependency that a
# crate without a build script has no use for.
for name, enables in manifest["features"].items():
    deps = [e.split(":", 1)[1] for e in enables if e.startswith("dep:")]
    if all(d in manifest["dependencies"] for d in deps):
        print(f"{name} = {value(enables)}")
print("\n[dependencies]")
for name, spec in manifest["dependencies"].items():
    if isinstance(spec, dict) and spec.get("workspace"):
        base = shared[name]
        base = dict(base) if isinstance(base, dict) else {"version": base}
        for key, x in spec.items():
            if key == "features":
                base["features"] = base.get("features", []) + x
            elif key != "workspace":
                base[key] = x
        spec = base
    print(f"{name} = {value(spec)}")
PY
    {
        echo '//! connect-session written by hand: the committed copy of the generated types, no build script.'
        echo
        echo 'pub use chrono;'
        echo 'pub use serde_json;'
        echo
        cat "$root/generated/connect_session.rs"
    } > "$dir/src/lib.rs"
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    # Settles the lock file (drops what this crate does not use) before anything is timed.
    timeout "$BUILD_TIMEOUT" cargo metadata --quiet --format-version 1 \
        --manifest-path "$dir/Cargo.toml" > /dev/null
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

run_buildrs() {
    echo "== buildrs: connect-session's build script against a hand-written crate"
    local dir="$work/buildrs" hw="$work/buildrs/handwritten" i log
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! handwritten_crate "$hw" > "$dir/handwritten.log" 2>&1; then
        fail "buildrs: making the hand-written crate: $(why "$dir/handwritten.log")"
        return 0
    fi
    local cs_times=() hw_times=() cs_kb=0 hw_kb=0 before=$failed
    for ((i = 1; i <= BUILDRS_RUNS; i++)); do
        echo "  clean build $i/$BUILDRS_RUNS"
        rm -rf "$dir/target-cs" "$dir/target-hw"
        log="$dir/connect-session.$i.log"
        measure_cargo "$log" env CARGO_TARGET_DIR="$dir/target-cs" \
            cargo build --locked -p connect-session --manifest-path "$root/Cargo.toml"
        if [ "$m_code" -ne 0 ]; then
            fail "buildrs: clean build of connect-session: $(why "$log")"
            return 0
        fi
        cs_times+=("$m_s")
        [ "$m_kb" -le "$cs_kb" ] || cs_kb=$m_kb
        log="$dir/handwritten.$i.log"
        measure_cargo "$log" env CARGO_TARGET_DIR="$dir/target-hw" \
            cargo build --locked --manifest-path "$hw/Cargo.toml"
        if [ "$m_code" -ne 0 ]; then
            fail "buildrs: clean build of the hand-written crate: $(why "$log")"
            return 0
        fi
        hw_times+=("$m_s")
        [ "$m_kb" -le "$hw_kb" ] || hw_kb=$m_kb
    done
    local cs_median hw_median
    cs_median=$(median "${cs_times[@]}")
    hw_median=$(median "${hw_times[@]}")

    # The no-op rebuild: nothing changed, so cargo must not run the build script again.
    local cs_noop=0 hw_noop=0 reran=no
    for ((i = 1; i <= 3; i++)); do
        log="$dir/noop.$i.log"
        measure_cargo "$log" env CARGO_TARGET_DIR="$dir/target-cs" \
            cargo build -v --locked -p connect-session --manifest-path "$root/Cargo.toml"
        if [ "$m_code" -ne 0 ]; then
            fail "buildrs: no-op rebuild of connect-session: $(why "$log")"
            return 0
        fi
        if grep -q 'Running `.*build-script-build' "$log" || ! grep -q 'Fresh connect-session' "$log"; then
            reran=yes
        fi
        if [ "$cs_noop" = 0 ] || awk -v a="$m_s" -v b="$cs_noop" 'BEGIN { exit !(a < b) }'; then cs_noop=$m_s; fi
        measure_cargo "$dir/noop-hw.$i.log" env CARGO_TARGET_DIR="$dir/target-hw" \
            cargo build --locked --manifest-path "$hw/Cargo.toml"
        if [ "$hw_noop" = 0 ] || awk -v a="$m_s" -v b="$hw_noop" 'BEGIN { exit !(a < b) }'; then hw_noop=$m_s; fi
    done
    if [ "$reran" = yes ]; then
        fail "buildrs: the no-op rebuild ran connect-session's build script again (see $dir/noop.*.log)"
    fi

    section "## Build script: connect-session against a hand-written crate"
    row "connect-session's build script checks that the digest in generated/connect_session.rs matches schema/ and builds that committed copy (schemagen is only a build dependency with the feature \`regenerate\`); the hand-written crate has the same types (the committed generated/connect_session.rs), the same [dependencies] and features, and no build script. Debug builds; peak RSS of the largest process."
    row ""
    row "| build | connect-session (build.rs) | hand-written crate | ratio |"
    row "| --- | ---: | ---: | ---: |"
    row "| clean \`cargo build\`, dependencies included (median of $BUILDRS_RUNS; runs: ${cs_times[*]} s / ${hw_times[*]} s) | $(fmt_s "$cs_median"), $(fmt_kb "$cs_kb") | $(fmt_s "$hw_median"), $(fmt_kb "$hw_kb") | $(ratio "$cs_median" "$hw_median") |"
    row "| no-op \`cargo build\` (best of 3) | $(fmt_s "$cs_noop") | $(fmt_s "$hw_noop") | $(ratio "$cs_noop" "$hw_noop") |"
    row ""
    row "The build script ran again on the no-op rebuild: $reran (\`cargo build -v\` says \`Fresh connect-session\`)."
    echo "  clean: $(fmt_s "$cs_median") against $(fmt_s "$hw_median"); no-op: $(fmt_s "$cs_noop") against $(fmt_s "$hw_noop"); build script reran: $reran"
    [ "$failed" -ne "$before" ] || pass "buildrs"
}

# --- serde ----------------------------------------------------------------------------------

run_serde() {
    echo "== serde: the generated ConnectSession against a hand-written struct (criterion)"
    local target="$work/target-bench" log="$work/serde.log"
    local args=()
    [ "$smoke" = 1 ] && args=(-- --test)
    rm -rf "$target/criterion"
    if ! CARGO_TARGET_DIR="$target" timeout "$BUILD_TIMEOUT" cargo bench --locked \
        --manifest-path "$root/bench/Cargo.toml" --bench serde_throughput "${args[@]}" > "$log" 2>&1; then
        fail "serde: cargo bench: $(grep -m1 -E 'panicked|^error' "$log" || tail -n 1 "$log")"
        return 0
    fi
    section "## serde_json throughput: generated ConnectSession against a hand-written struct"
    if [ "$smoke" = 1 ]; then
        row "Smoke run (\`cargo bench -- --test\`): each bench ran once; both types read the batch and wrote the same JSON. No figures."
        pass "serde (test mode)"
        return 0
    fi
    row "criterion, median time of one pass over a batch of 1,000 sessions (a JSON array: a quarter with the required fields only, a quarter with explicit nulls, half with every field). Checked before measuring: both types read the batch and write the same JSON."
    row ""
    if python3 - "$target/criterion" >> "$results" 2> "$work/serde.parse.log" <<'PY'; then
import json, sys
base = sys.argv[1]
def figure(group, name):
    estimates = json.load(open(f"{base}/{group}/{name}/new/estimates.json"))
    bench = json.load(open(f"{base}/{group}/{name}/new/benchmark.json"))
    ns = estimates["median"]["point_estimate"]
    size = (bench.get("throughput") or {}).get("Bytes", 0)
    return ns, size
def cell(ns, size):
    time = f"{ns / 1000:.1f} µs" if ns < 1e6 else f"{ns / 1e6:.2f} ms"
    return f"{time} ({size / ns * 1e9 / 2**20:.0f} MiB/s)" if size else time
print("| operation | generated `connect_session::ConnectSession` | hand-written | generated/hand-written |")
print("| --- | ---: | ---: | ---: |")
for group in ("deserialize", "serialize"):
    g, size = figure(group, "generated")
    h, _ = figure(group, "hand_written")
    print(f"| {group} ({size / 1000:.0f} kB of JSON) | {cell(g, size)} | {cell(h, size)} | {g / h:.2f}x |")
PY
        pass "serde"
    else
        fail "serde: reading criterion's estimates: $(tail -n 1 "$work/serde.parse.log")"
    fi
}

# --- main -----------------------------------------------------------------------------------

start=$SECONDS
wants() { [ "$what" = all ] || [ "$what" = "$1" ]; }
{
    echo "# schemagen benchmarks"
    echo
    echo "Run of \`scripts/bench.sh$([ "$smoke" = 1 ] && echo " --smoke") $what\` on $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown): $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(rustc --version)."
} > "$results"

corpus_names=()
if wants generator || wants compile; then
    if [ "$smoke" = 1 ]; then
        wants generator && corpus_names=(kubernetes)
    else
        corpus_names=(webhooks kubernetes github-rest-api renovate)
    fi
fi
ready=1
if [ "${#corpus_names[@]}" -gt 0 ]; then
    echo "== corpus: ${corpus_names[*]}"
    for name in "${corpus_names[@]}"; do
        if fetch "$name"; then
            echo "  $name: $(schema_path "$name")"
        else
            ready=0
        fi
    done
    if [ "$ready" = 1 ]; then pass "fetch the corpus"; else fail "fetch the corpus"; fi
fi
# timed STEP: runs run_STEP and notes its wall time.
step_times=""
timed() {
    local t=$SECONDS
    "run_$1"
    step_times="$step_times, $1 $((SECONDS - t)) s"
}
if [ "$ready" = 1 ] && { wants generator || wants compile; }; then
    build_tools || ready=0
    step_times="$step_times, fetch and build $((SECONDS - start)) s"
fi
if [ "$ready" = 1 ]; then
    if wants generator; then timed generator; fi
    if wants compile; then timed compile; fi
fi
if wants buildrs; then timed buildrs; fi
if wants serde; then timed serde; fi

section "Wall time of this run: $((SECONDS - start)) s (${step_times#, })."
cat "$results"
echo
for failure in "${failures[@]}"; do
    echo "failed: $failure"
done
echo "bench: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
