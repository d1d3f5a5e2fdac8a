# Sourced by scripts/corpus.sh and scripts/compare_typify.sh: fetches the real-world corpus with
# the registries' own clients (pip download, cargo fetch; nothing downloaded is built or run) and
# lists its cases.
#
#   corpus_cases WORK LIMIT   fetches into WORK and writes WORK/cases.tsv, one case per line:
#                             "name<TAB>file [file...]"; LIMIT > 0 keeps the first LIMIT of each
#                             source and one meta-schema, 0 keeps everything.

corpus_cases() {
    local work=$1 limit=$2
    mkdir -p "$work/downloads" "$work/src" "$work/typify-fetch/src"
    pip download --no-deps --quiet --dest "$work/downloads" check-jsonschema jsonschema-specifications
    local wheel name
    for wheel in "$work"/downloads/*.whl; do
        name=$(basename "$wheel" .whl)
        [ -d "$work/src/$name" ] || python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" "$wheel" "$work/src/$name"
    done
    cat > "$work/typify-fetch/Cargo.toml" <<'TOML'
[package]
name = "typify-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
typify = "0"
TOML
    touch "$work/typify-fetch/src/lib.rs"
    cargo fetch --quiet --manifest-path "$work/typify-fetch/Cargo.toml"
    local typify_dirs
    typify_dirs=$(cargo metadata --format-version 1 --manifest-path "$work/typify-fetch/Cargo.toml" |
        python3 -c 'import json, os, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] in ("typify", "typify-impl"):
        print(os.path.dirname(p["manifest_path"]))')

    local cases="$work/cases.tsv"
    : > "$cases"
    add_cases() { # source-label, files...
        local label=$1; shift
        local count=0 file stem
        for file in "$@"; do
            [ -f "$file" ] || continue
            count=$((count + 1))
            if [ "$limit" -gt 0 ] && [ "$count" -gt "$limit" ]; then break; fi
            stem=$(basename "$file" .json | tr -c 'a-zA-Z0-9\n' '-')
            printf '%s-%s\t%s\n' "$label" "$stem" "$file" >> "$cases"
        done
    }
    local vendor specs dir draft files count=0
    vendor=$(ls -d "$work"/src/check_jsonschema-*/check_jsonschema/builtin_schemas/vendor | head -n 1)
    add_cases schemastore "$vendor"/*.json
    for dir in $typify_dirs; do
        add_cases typify "$dir"/tests/schemas/*.json
        add_cases typify "$dir"/tests/github.json "$dir"/tests/vega.json
    done
    specs=$(ls -d "$work"/src/jsonschema_specifications-*/jsonschema_specifications/schemas | head -n 1)
    for draft in draft3 draft4 draft6 draft7 draft201909 draft202012; do
        count=$((count + 1))
        if [ "$limit" -gt 0 ] && [ "$count" -gt 1 ]; then break; fi
        files="$specs/$draft/metaschema.json"
        if [ -d "$specs/$draft/vocabularies" ]; then
            files="$files $(ls "$specs/$draft/vocabularies"/* | tr '\n' ' ')"
        fi
        printf 'metaschema-%s\t%s\n' "$draft" "$files" >> "$cases"
    done
}
