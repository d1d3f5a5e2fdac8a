//! Hostile input: every entry of the catalogue gets a clear error, or output that parses and
//! renders, and never a panic. Error messages are compared in full, so that they stay good.

use std::fs;
use std::path::{Path, PathBuf};

use schemagen::{Config, Error, Generated, Severity};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `files` into a fresh directory and generates from the first one.
fn run(name: &str, files: &[(&str, &str)]) -> Result<Generated, Error> {
    let dir = scratch(name);
    for (file, text) in files {
        let path = dir.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let config = Config::new([dir.join(files[0].0)])
        .base_dir(&dir)
        .crate_name("hostile");
    schemagen::generate(&config)
}

fn one(name: &str, schema: &str) -> Result<Generated, Error> {
    run(name, &[("schema.json", schema)])
}

/// Compares a message with its snapshot in `tests/snapshots/<name>.txt`; with `UPDATE_GOLDEN=1`
/// in the environment, writes it instead.
fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "snapshot {name} differs; review, then run `UPDATE_GOLDEN=1 cargo test -p json-schemagen --test hostile`"
    );
}

/// The full error report of a generation that must fail.
fn error_of(result: Result<Generated, Error>) -> String {
    match result {
        Ok(generated) => panic!("expected an error, got {} files", generated.files.len()),
        Err(err) => err.to_string(),
    }
}

fn warnings_of(generated: &Generated) -> Vec<String> {
    generated
        .warnings
        .iter()
        .filter(|w| w.severity == Severity::Warning)
        .map(|w| w.to_string())
        .collect()
}

/// Every table row of every page has exactly one more unescaped `|` than the table has columns,
/// and no page holds raw HTML from the schema.
fn assert_pages_intact(generated: &Generated) {
    for file in generated.files.iter().filter(|f| f.path.ends_with(".md")) {
        let mut columns = None;
        for line in file.contents.lines() {
            if !line.starts_with('|') {
                columns = None;
                continue;
            }
            let bars = line.len() - line.replace('|', "").len() - line.matches("\\|").count();
            let expected = *columns.get_or_insert(bars);
            assert_eq!(bars, expected, "{}: broken table row {line:?}", file.path);
        }
        let prose: String = file
            .contents
            .lines()
            .map(outside_code)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !prose.contains("<script"),
            "{}: raw HTML outside code: {prose}",
            file.path
        );
        assert!(!prose.contains("<img"), "{}", file.path);
    }
}

/// A line without its code spans and fenced-code lines (where `<` renders as itself).
fn outside_code(line: &str) -> String {
    if line.starts_with("```")
        || line.starts_with("use ")
        || line.starts_with("let ")
        || line.starts_with("    ")
    {
        return String::new();
    }
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let ticks = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = "`".repeat(ticks);
        let after = &rest[start + ticks..];
        match after.find(fence.as_str()) {
            Some(end) => rest = &after[end + ticks..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn invalid_json_names_the_position() {
    let err = error_of(one("invalid-json", "{\n  \"type\": \"object\",,\n}"));
    assert_snapshot("invalid_json", &err);
}

#[test]
fn a_root_that_is_not_an_object_is_refused() {
    for (i, root) in ["[]", "\"string\"", "42", "null"].iter().enumerate() {
        let err = error_of(one(&format!("root-{i}"), root));
        assert!(
            err.starts_with(
                "error: the document must be a JSON Schema object or a boolean, found "
            ),
            "{err}"
        );
        assert!(
            err.contains("--> schema.json:1:1 at (document root)"),
            "{err}"
        );
        if i == 0 {
            assert_snapshot("root_not_an_object", &err);
        }
    }
}

#[test]
fn unknown_types_and_bad_keywords_are_errors_reported_together() {
    let err = error_of(one(
        "unknown-type",
        r#"{"properties": {"a": {"type": "strng"}, "b": {"type": 7}, "c": {"enum": "x"}, "d": 5}}"#,
    ));
    assert_snapshot("unknown_type_and_bad_keywords", &err);
}

#[test]
fn an_empty_enum_generates_an_uninhabited_type_with_a_warning() {
    let generated = one(
        "empty-enum",
        r#"{"title": "T", "properties": {"e": {"enum": []}}}"#,
    )
    .unwrap();
    assert_eq!(warnings_of(&generated).len(), 1);
    assert!(
        generated.files[0].contents.contains("pub enum TE {}"),
        "{}",
        generated.files[0].contents
    );
}

#[test]
fn a_dangling_ref_is_an_error_with_a_suggestion() {
    let err = error_of(one(
        "dangling",
        r##"{"properties": {"a": {"$ref": "#/definitions/Thing"}}, "$defs": {"Thing": {"type": "string"}}}"##,
    ));
    assert_snapshot("dangling_ref", &err);
}

#[test]
fn reference_cycles_without_a_base_case_are_errors() {
    let err = error_of(one("self-ref", r##"{"$ref": "#"}"##));
    assert_snapshot("ref_cycle_self", &err);
    let err = error_of(one(
        "ab-cycle",
        r##"{"properties": {"x": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}}"##,
    ));
    assert!(
        err.contains("error: `$ref` cycle with no base case"),
        "{err}"
    );
}

#[test]
fn recursion_through_structure_is_fine() {
    let generated = one(
        "recursive",
        r##"{"title": "Node", "properties": {"next": {"$ref": "#"}, "kids": {"type": "array", "items": {"$ref": "#"}}}}"##,
    )
    .unwrap();
    let rust = &generated.files[0].contents;
    assert!(
        rust.contains("pub next: ::std::option::Option<::std::boxed::Box<Node>>,"),
        "{rust}"
    );
    assert!(
        rust.contains("pub kids: ::std::option::Option<::std::vec::Vec<Node>>,"),
        "{rust}"
    );
}

#[test]
fn remote_refs_are_refused() {
    for reference in [
        "https://example.com/schema.json",
        "http://example.com/s.json#/$defs/A",
        "urn:example:thing",
    ] {
        let schema = format!(r#"{{"properties": {{"a": {{"$ref": "{reference}"}}}}}}"#);
        let err = error_of(one("remote", &schema));
        assert!(err.contains("remote references are not fetched"), "{err}");
        assert!(err.contains("at /properties/a/$ref"), "{err}");
        if reference.starts_with("https") {
            assert_snapshot("remote_ref", &err);
        }
    }
    // Many references to one remote document: one error, which counts the others.
    let schema = r##"{"properties": {"a": {"$ref": "https://x.test/s.json#/a"},
        "b": {"$ref": "https://x.test/s.json#/b"}, "c": {"$ref": "https://x.test/s.json"},
        "d": {"$ref": "https://y.test/t.json"}}}"##;
    let err = error_of(one("remote-many", schema));
    assert!(
        err.contains("`$ref` to `https://x.test/s.json`: remote references are not fetched (2 other references to it)"),
        "{err}"
    );
    assert!(err.contains("2 errors in the schema"), "{err}");
}

#[test]
fn file_refs_cannot_leave_the_schema_directory() {
    let err = error_of(one(
        "escape-dots",
        r#"{"properties": {"a": {"$ref": "../../../../../../etc/passwd"}}}"#,
    ));
    assert!(
        err.contains("leaves the schema directory") || err.contains("cannot open"),
        "{err}"
    );
    assert!(
        !err.contains("root:"),
        "nothing of the file is shown: {err}"
    );

    let err = error_of(one(
        "escape-absolute",
        r#"{"properties": {"a": {"$ref": "/etc/passwd"}}}"#,
    ));
    assert_snapshot("absolute_file_ref", &err);

    let dir = scratch("escape-symlink");
    let outside = scratch("escape-symlink-target");
    fs::write(outside.join("secret.json"), r#"{"type": "string"}"#).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.json"), dir.join("link.json")).unwrap();
    fs::write(
        dir.join("schema.json"),
        r#"{"properties": {"a": {"$ref": "link.json"}}}"#,
    )
    .unwrap();
    let config = Config::new([dir.join("schema.json")]).base_dir(&dir);
    let err = error_of(schemagen::generate(&config));
    assert!(err.contains("leaves the schema directory"), "{err}");
}

#[test]
fn files_next_to_the_schema_are_followed() {
    let generated = run(
        "sibling-file",
        &[
            (
                "schema.json",
                r#"{"title": "Root", "properties": {"p": {"$ref": "defs/point.json"}}}"#,
            ),
            (
                "defs/point.json",
                r#"{"title": "Point", "properties": {"x": {"type": "number"}}}"#,
            ),
        ],
    )
    .unwrap();
    assert!(
        generated.files[0]
            .contents
            .contains("pub p: ::std::option::Option<Point>,")
    );
}

#[test]
fn deep_json_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 20_000;
    let schema = format!("{}{}", r#"{"items":"#.repeat(depth), "}".repeat(depth));
    let err = error_of(one("deep-json", &schema));
    assert!(
        err.contains("invalid JSON: recursion limit exceeded"),
        "{err}"
    );
}

/// A chain of `count` definitions, each a reference to the next, ending in an object.
fn ref_chain(count: usize) -> String {
    let defs: Vec<String> = (0..count)
        .map(|i| {
            if i + 1 < count {
                format!(r##""d{i}": {{"$ref": "#/$defs/d{}"}}"##, i + 1)
            } else {
                format!(
                    r#""d{i}": {{"type": "object", "properties": {{"x": {{"type": "string"}}}}}}"#
                )
            }
        })
        .collect();
    format!(
        r##"{{"properties": {{"a": {{"$ref": "#/$defs/d0"}}}}, "$defs": {{{}}}}}"##,
        defs.join(",")
    )
}

#[test]
fn long_ref_chains_generate_without_a_stack_overflow() {
    // Definitions reached deep in a chain are converted later from a queue, so the stack stays
    // shallow (and the test thread's 2 MiB suffice) however long the chain.
    for length in [5_000, 50_000] {
        let generated = one(&format!("ref-chain-{length}"), &ref_chain(length)).unwrap();
        let last = format!("pub a: ::std::option::Option<D{}>,", length - 1);
        assert!(generated.files[0].contents.contains(&last), "{length}");
    }
}

#[test]
fn a_long_cycle_of_types_is_boxed_once_per_edge() {
    let defs: Vec<String> = (0..3_000)
        // A property of its own in each, so that no two are the same type.
        .map(|i| format!(r##""T{i}": {{"type": "object", "properties": {{"next": {{"$ref": "#/$defs/T{}"}}, "n{i}": {{"type": "integer"}}}}, "required": ["next"]}}"##, (i + 1) % 3_000))
        .collect();
    let schema = format!(
        r##"{{"title": "Ring", "properties": {{"t": {{"$ref": "#/$defs/T0"}}}}, "$defs": {{{}}}}}"##,
        defs.join(",")
    );
    let generated = one("ring", &schema).unwrap();
    let rust = &generated.files[0].contents;
    assert_eq!(rust.matches("pub next: ::std::boxed::Box<").count(), 3_000);
    assert!(
        rust.contains("pub t: ::std::option::Option<T0>,"),
        "the root is not in the cycle"
    );
}

#[test]
fn a_ring_of_identical_types_is_one_type() {
    let defs: Vec<String> = (0..3_000)
        .map(|i| format!(r##""T{i}": {{"type": "object", "properties": {{"next": {{"$ref": "#/$defs/T{}"}}}}}}"##, (i + 1) % 3_000))
        .collect();
    let schema = format!(
        r##"{{"title": "Ring", "properties": {{"t": {{"$ref": "#/$defs/T0"}}}}, "$defs": {{{}}}}}"##,
        defs.join(",")
    );
    let generated = one("identical-ring", &schema).unwrap();
    let rust = &generated.files[0].contents;
    assert_eq!(rust.matches("pub struct T").count(), 1, "one ring type");
    assert!(rust.contains("pub next: ::std::option::Option<::std::boxed::Box<T0>>,"));
    assert_eq!(rust.matches("pub type T").count(), 2_999);
    assert!(rust.contains("pub type T2999 = T0;"));
}

#[test]
fn a_large_schema_generates() {
    let defs: Vec<String> = (0..2_000)
        .map(|i| {
            format!(
                r##""Type{i}": {{"type": "object", "description": "Definition {i}.", "properties": {{"id": {{"type": "integer"}}, "name": {{"type": "string"}}, "next": {{"$ref": "#/$defs/Type{}"}}}}, "required": ["id"]}}"##,
                (i + 1) % 2_000
            )
        })
        .collect();
    let schema = format!(
        r##"{{"title": "Big", "properties": {{"first": {{"$ref": "#/$defs/Type0"}}}}, "$defs": {{{}}}}}"##,
        defs.join(",")
    );
    let generated = one("large", &schema).unwrap();
    assert_eq!(generated.model.types.len(), 2_001);
    assert!(
        generated.files[0]
            .contents
            .contains("pub next: ::std::option::Option<::std::boxed::Box<Type0>>,")
    );
}

#[test]
fn an_enum_with_ten_thousand_values_generates() {
    let values: Vec<String> = (0..10_000).map(|i| format!("\"value-{i}\"")).collect();
    let schema = format!(
        r#"{{"title": "Huge", "type": "string", "enum": [{}]}}"#,
        values.join(",")
    );
    let generated = one("huge-enum", &schema).unwrap();
    let rust = &generated.files[0].contents;
    assert!(rust.contains("Value9999,"), "last variant present");
    assert_pages_intact(&generated);
}

#[test]
fn colliding_and_awkward_names_stay_distinct() {
    let generated = one(
        "names",
        r#"{"title": "N", "properties": {"a-b": {"type": "string"}, "a_b": {"type": "string"}, "aB": {"type": "string"},
            "": {"type": "string"}, "!!!": {"type": "string"}, "fn": {"type": "string"}, "Self": {"type": "string"},
            "ключ": {"type": "string"}, "1st": {"type": "string"}},
            "$defs": {"n": {"type": "object", "properties": {"x": {"type": "string"}}}}}"#,
    )
    .unwrap();
    let rust = &generated.files[0].contents;
    for field in [
        "pub a_b:",
        "pub a_b2:",
        "pub a_b3:",
        "pub field:",
        "pub field2:",
        "pub r#fn:",
        "pub self_:",
        "pub field3:",
        "pub field_1st:",
    ] {
        assert!(rust.contains(field), "{field} in {rust}");
    }
    // The definition `n` and the root `N` cannot share a name (nor a page file).
    assert!(
        rust.contains("pub struct N {") && rust.contains("pub struct N2 {"),
        "{rust}"
    );
    assert_pages_intact(&generated);
}

#[test]
fn conflicting_all_of_branches_are_approximated_with_a_warning() {
    let generated = one(
        "all-of-conflict",
        r#"{"title": "C", "properties": {
            "both": {"allOf": [{"type": "string"}, {"type": "integer"}]},
            "refined": {"allOf": [{"type": "string"}, {"minLength": 1}]},
            "objects": {"allOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"a": {"type": "integer"}}}]}
        }}"#,
    )
    .unwrap();
    let rust = &generated.files[0].contents;
    assert!(
        rust.contains("pub both: ::std::option::Option<::serde_json::Value>,"),
        "{rust}"
    );
    assert!(
        rust.contains("pub refined: ::std::option::Option<::std::string::String>,"),
        "{rust}"
    );
    assert!(
        rust.contains("pub a: ::std::option::Option<i64>,"),
        "{rust}"
    );
    let warnings = warnings_of(&generated).join("\n");
    assert!(warnings.contains("require different types"), "{warnings}");
    assert!(
        warnings.contains("defined by several `allOf` branches"),
        "{warnings}"
    );
}

#[test]
fn hostile_descriptions_cannot_break_pages_or_code() {
    let text = "*/ \"# ``` | <script>alert(1)</script> \u{0} \u{7}\r\n    indented {} \n```rust\npanic!()\n```";
    let schema = serde_json::json!({
        "title": "H",
        "description": text,
        "properties": {
            "p": {"type": "string", "description": text, "examples": [text]},
            text: {"type": "string", "enum": [text, "|", "`"]}
        }
    });
    let generated = one("hostile-text", &schema.to_string()).unwrap();
    assert_pages_intact(&generated);
    let rust = &generated.files[0].contents;
    assert!(syn::parse_file(rust).is_ok());
    // Every code block rustdoc could see opens as `text`, except the Example Usage snippets the
    // generator writes (which the pages show too): no doctest can be injected.
    let snippets: Vec<String> = generated
        .files
        .iter()
        .filter(|f| f.path.ends_with(".md"))
        .flat_map(|f| f.contents.split("```rust\n").skip(1))
        .filter_map(|rest| rest.split_once("```\n").map(|(block, _)| block.to_string()))
        .collect();
    assert!(!snippets.is_empty(), "the pages show snippets");
    // The fence that is open, and the doctest it holds (`None` for `text`).
    let mut open: Option<(String, Option<String>)> = None;
    for line in rust.lines() {
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        let trimmed = doc.trim_start();
        match &mut open {
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                let info = trimmed.trim_start_matches(['`', '~']);
                let fence = trimmed[..trimmed.len() - info.len()].to_string();
                assert!(
                    info == "text" || info.is_empty(),
                    "fence opens as {trimmed:?}"
                );
                open = Some((fence, info.is_empty().then(String::new)));
            }
            None => assert!(!doc.starts_with("    "), "no indented code block: {doc:?}"),
            Some((fence, block)) if trimmed == fence.as_str() => {
                if let Some(block) = block.take() {
                    assert!(
                        snippets.contains(&block),
                        "a doctest that is no snippet of the pages:\n{block}"
                    );
                }
                open = None;
            }
            Some((_, block)) => {
                if let Some(block) = block {
                    block.push_str(doc);
                    block.push('\n');
                }
            }
        }
    }
    assert!(
        open.is_none(),
        "an unclosed fence would swallow the following docs"
    );
}

#[test]
fn keyword_typos_are_warned_about_with_the_likely_keyword() {
    let generated = one(
        "typos",
        "{\n  \"titel\": \"T\",\n  \"properties\": {\n    \"a\": {\"tpye\": \"string\", \"readonly\": true, \"note\": \"custom\"}\n  }\n}",
    )
    .unwrap();
    assert_snapshot("keyword_typos", &warnings_of(&generated).join("\n\n"));
}

#[test]
fn a_union_that_holds_itself_is_checked_without_endless_recursion() {
    // Found by the random-schema test (seed 980): validating the example recursed through the
    // union's own variant until the stack overflowed.
    let generated = one(
        "self-union",
        r##"{"$defs": {"U": {"oneOf": [{"$ref": "#/$defs/U"}, {"type": ["number", "array", "object"]}], "examples": [130.7], "nullable": true}}}"##,
    )
    .unwrap();
    assert!(
        generated.files[0].contents.contains("pub enum U {"),
        "{}",
        generated.files[0].contents
    );
}

#[test]
fn invalid_yaml_names_the_position() {
    let err = error_of(run(
        "invalid-yaml",
        &[(
            "schema.yaml",
            "type: object\nproperties:\n  a: {type: string\n  b: 1\n",
        )],
    ));
    assert_snapshot("invalid_yaml", &err);
}

#[test]
fn yaml_schemas_generate_like_json() {
    let yaml = "title: Thing\ntype: object\nproperties:\n  size:\n    type: integer\n  200:\n    type: string\nrequired: [size]\n";
    let generated = run("yaml", &[("thing.yaml", yaml)]).unwrap();
    let rust = &generated.files[0].contents;
    assert!(rust.contains("pub size: i64,"), "{rust}");
    assert!(
        rust.contains("rename = \"200\"") && rust.contains("pub field_200:"),
        "numeric keys become string keys: {rust}"
    );
}

#[test]
fn yaml_diagnostics_have_lines_columns_and_excerpts() {
    let err = error_of(run(
        "yaml-located",
        &[(
            "schema.yaml",
            "type: object\nproperties:\n  a:\n    type: strnig\n  b:\n    tpye: string\n",
        )],
    ));
    assert_snapshot("yaml_located", &err);
}

#[test]
fn checking_an_example_against_unions_of_unions_ends_quickly() {
    // Found by the proptest: a union listing itself several times made the example check try
    // every path through it (3^256 of them).
    let started = std::time::Instant::now();
    let generated = one(
        "union-paths",
        r##"{"$defs": {"U": {"oneOf": [{"$ref": "#/$defs/U"}, {"$ref": "#/$defs/U"}, {"$ref": "#/$defs/V"}], "examples": [{"x": 1}]},
             "V": {"anyOf": [{"$ref": "#/$defs/U"}, {"$ref": "#/$defs/V"}, {"type": "object", "properties": {"y": {"type": "string"}}, "required": ["y"]}]}}}"##,
    )
    .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(
        warnings_of(&generated)
            .iter()
            .filter(|w| w.contains("does not match its schema"))
            .count(),
        1
    );
}

/// Rust caps `format!` widths and precisions at 65,535: a page padded that way would panic on a
/// longer text, so every place a schema string lands is given one longer than that.
#[test]
fn texts_longer_than_sixty_five_thousand_characters_generate() {
    let long = "x".repeat(70_000);
    let schema = serde_json::json!({
        "title": "Long",
        "description": long,
        "properties": {
            "described": {"type": "string", "description": long, "title": long, "examples": [long]},
            "listed": {"type": "string", "enum": [long, "short"], "default": long},
            long.clone(): {"type": "integer", "examples": [1]},
            "nested": {"type": "array", "items": {"type": "string"}, "examples": [[long]]},
            "pattern": {"type": "string", "pattern": format!("^{long}$"), "format": long}
        },
        "required": [long]
    });
    let generated = one("long-texts", &schema.to_string()).unwrap();
    assert_pages_intact(&generated);
    assert!(syn::parse_file(&generated.files[0].contents).is_ok());
    let page = page_of(&generated, "models/long.md");
    assert!(
        page.contains(&format!("| {long} ")),
        "the description cell, whole"
    );
    assert!(
        page.contains(&format!("`{long}`")),
        "the long key, in its Field cell"
    );
}

/// Every cell of a table is padded to the common width; a single very long cell must not make
/// every other cell that long, or a page grows with rows × columns × the longest text.
#[test]
fn one_long_cell_does_not_pad_the_whole_table() {
    let long = "v".repeat(100_000);
    let values: Vec<String> = (0..2_000)
        .map(|i| format!("value-{i}"))
        .chain([long.clone()])
        .collect();
    let schema = serde_json::json!({"title": "Wide", "type": "string", "enum": values});
    let generated = one("wide-table", &schema.to_string()).unwrap();
    assert_pages_intact(&generated);
    let page = page_of(&generated, "models/wide.md");
    assert!(page.contains(&long));
    // The values and the long one, with room for padding to a readable width: not 2,000 rows
    // of 100,000 spaces.
    assert!(
        page.len() < 3 * long.len() + 2_000 * 1_000,
        "page of {} bytes",
        page.len()
    );
}

fn page_of<'a>(generated: &'a Generated, path: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with(path))
        .map(|f| f.contents.as_str())
        .unwrap_or_else(|| panic!("no page {path}"))
}

/// A Rust tuple longer than 12 items has no `Debug` or `PartialEq`: a `prefixItems` that long
/// becomes a `Vec` with a warning instead of code that does not compile.
#[test]
fn a_tuple_longer_than_the_standard_library_supports_is_a_vec() {
    let items: Vec<serde_json::Value> = (0..13)
        .map(|_| serde_json::json!({"type": "integer"}))
        .collect();
    let schema = serde_json::json!({
        "title": "T",
        "properties": {
            "long": {"type": "array", "prefixItems": items, "items": false, "minItems": 13},
            "short": {"type": "array", "prefixItems": items[..12], "items": false, "minItems": 12}
        }
    });
    let generated = one("long-tuple", &schema.to_string()).unwrap();
    let rust = &generated.files[0].contents;
    assert!(
        rust.contains("pub long: ::std::option::Option<::std::vec::Vec<::serde_json::Value>>"),
        "{rust}"
    );
    assert!(
        rust.contains("(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)"),
        "{rust}"
    );
    let warnings = warnings_of(&generated).join("\n");
    assert!(warnings.contains("a tuple of 13 items"), "{warnings}");
}
