//! Golden tests: each schema in `tests/fixtures/schemas/` against its committed output in
//! `tests/fixtures/src/<name>/` (Rust, pages and warnings), and the ConnectSession schema against
//! the repository's `generated/`. The fixtures crate compiles every expected `.rs` under
//! `#![deny(warnings)]` and clippy, and runs the Example Usage snippets in the types' rustdoc as
//! doctests; a test here checks that those are the snippets the pages show.
//!
//! After an intended change of output: `UPDATE_GOLDEN=1 cargo test -p json-schemagen --test golden`.

use std::fs;
use std::path::{Path, PathBuf};

use schemagen::{Config, FileKind, Generated, write};

const UPDATE: &str = "UPDATE_GOLDEN=1 cargo test -p json-schemagen --test golden";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures_dir().join("schemas"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            let stem = file
                .strip_suffix(".json")
                .or_else(|| file.strip_suffix(".yaml"))?;
            Some(stem.to_string())
        })
        .collect();
    names.sort();
    names
}

fn generate_fixture(name: &str) -> Generated {
    let dir = fixtures_dir();
    let schemas = dir.join("schemas");
    let file = ["json", "yaml"]
        .iter()
        .map(|ext| schemas.join(format!("{name}.{ext}")))
        .find(|p| p.exists())
        .unwrap();
    let mut config = Config::new([file])
        .base_dir(&dir)
        .crate_name(&format!("schemagen_fixtures::{name}"))
        .rust_file("mod.rs")
        .regenerate_command(UPDATE);
    if name == "connect_session_lossless" {
        // The ConnectSession schema with both settings that keep everything on a round trip.
        config = config.keep_unknown(true).absent_vs_null(true);
    }
    if name == "formats" {
        // A type of the user's choice for one format, and a built-in one turned off.
        config = config
            .format_type("uri", "std::path::PathBuf")
            .format_type("date", "String");
    }
    schemagen::generate(&config)
        .unwrap_or_else(|err| panic!("fixture {name} does not generate:\n{err}"))
}

fn rendered_warnings(generated: &Generated) -> String {
    generated
        .warnings
        .iter()
        .map(|w| format!("{w}\n\n"))
        .collect()
}

/// The fixtures crate's lib.rs: one module per fixture.
fn fixtures_lib(names: &[String]) -> String {
    let mut lib = format!(
        "//! The golden fixtures of schemagen: every expected output compiled under `deny(warnings)`,\n//! every Example Usage snippet run as a doctest. Written by `{UPDATE}`.\n\n#![deny(warnings, missing_docs)]\n"
    );
    for name in names {
        lib.push_str(&format!(
            "\n/// The types of `schemas/{name}.json`.\n#[rustfmt::skip]\npub mod {name};\n"
        ));
    }
    lib.push_str(REGISTRY_SUPPORT);
    lib
}

/// The part of the fixtures crate's lib.rs that the registry uses.
const REGISTRY_SUPPORT: &str = r#"
/// Every type of the fixtures with where its schema is.
#[rustfmt::skip]
pub mod registry;

/// A generated type, for the tests that read instances of its schema.
pub struct Entry {
    /// The fixture (the schema file's stem).
    pub fixture: &'static str,
    /// The Rust name of the type.
    pub name: &'static str,
    /// The schema file, relative to the fixtures directory.
    pub file: &'static str,
    /// The JSON pointer of the type's schema in `file`.
    pub pointer: &'static str,
    /// Reads JSON with the type and writes it back.
    pub read_write: fn(serde_json::Value) -> Result<serde_json::Value, String>,
    /// The schema schemars derives for the type.
    #[cfg(feature = "schemars")]
    pub schema: fn() -> serde_json::Value,
}

/// Reads `json` as a `T` and writes it back.
pub fn read_write<T: serde::de::DeserializeOwned + serde::Serialize>(
    json: serde_json::Value,
) -> Result<serde_json::Value, String> {
    let value: T = serde_json::from_value(json).map_err(|e| e.to_string())?;
    serde_json::to_value(value).map_err(|e| e.to_string())
}
"#;

/// The fixtures crate's registry.rs: every type of every fixture with where its schema is, for
/// the tests that generate instances of the schemas and read them with the types.
fn fixtures_registry(fixtures: &[(String, Generated)]) -> String {
    let mut out = format!(
        "//! Every generated type of the fixtures, with the schema it comes from. Written by `{UPDATE}`.\n\n\
         use crate::{{Entry, read_write}};\n\n\
         /// One entry per type that is not an alias, fixture by fixture.\n\
         pub const ENTRIES: &[Entry] = &[\n"
    );
    for (name, generated) in fixtures {
        for def in &generated.model.types {
            if matches!(def.kind, schemagen::model::TypeKind::Alias(_)) {
                continue;
            }
            let path = format!("crate::{name}::{}", def.name);
            out.push_str(&format!(
                "    Entry {{\n        fixture: {name:?},\n        name: {:?},\n        file: {:?},\n        pointer: {:?},\n        read_write: read_write::<{path}>,\n        #[cfg(feature = \"schemars\")]\n        schema: || serde_json::to_value(schemars::schema_for!({path})).unwrap_or_default(),\n    }},\n",
                def.name, def.origin.file, def.origin.pointer
            ));
        }
    }
    out.push_str("];\n");
    out
}

/// The Rust code blocks of a Markdown page.
fn rust_blocks(page: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in page.lines() {
        match &mut current {
            None if line == "```rust" => current = Some(String::new()),
            None => {}
            Some(block) if line == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
        }
    }
    blocks
}

/// The doctests of a Rust file: the code blocks of its `///` comments, with the `##` that keeps
/// a line starting with `#` from being hidden read back as `#`.
fn doctests(rust: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    // The fence that opened the block, and the block when it is Rust (not `text`).
    let mut current: Option<(String, Option<String>)> = None;
    for line in rust.lines() {
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            continue;
        };
        let doc = doc.strip_prefix(' ').unwrap_or(doc);
        match &mut current {
            None if doc.starts_with("```") => {
                let info = doc.trim_start_matches('`');
                let fence = doc[..doc.len() - info.len()].to_string();
                let rust = info.is_empty() || info == "rust";
                current = Some((fence, rust.then(String::new)));
            }
            None => {}
            Some((fence, block)) if doc == fence.as_str() => {
                blocks.extend(block.take());
                current = None;
            }
            Some((_, None)) => {}
            Some((_, Some(block))) => {
                let indent = doc.len() - doc.trim_start().len();
                match doc[indent..].strip_prefix("##") {
                    Some(rest) => block.push_str(&format!("{}#{rest}", &doc[..indent])),
                    None => block.push_str(doc),
                }
                block.push('\n');
            }
        }
    }
    blocks
}

/// Every snippet a page shows is a doctest of the generated Rust (which is what runs them), once.
fn assert_pages_snippets_are_doctests(what: &str, generated: &Generated) {
    let rust = generated
        .files
        .iter()
        .find(|f| f.kind == schemagen::FileKind::Rust)
        .unwrap();
    let mut tests = doctests(&rust.contents);
    let mut shown = 0;
    for page in generated
        .files
        .iter()
        .filter(|f| f.kind == schemagen::FileKind::Markdown)
    {
        for block in rust_blocks(&page.contents) {
            let Some(i) = tests.iter().position(|t| *t == block) else {
                panic!(
                    "{what}: a snippet of {} is not a doctest of {}:\n{block}",
                    page.path, rust.path
                );
            };
            tests.swap_remove(i);
            shown += 1;
        }
    }
    assert!(
        tests.is_empty(),
        "{what}: doctests that no page shows: {tests:?}"
    );
    // Only a type that no value can be made of (the schema `false`) has no snippet.
    let unmakeable =
        |t: &schemagen::model::TypeDef| t.constraints.extra == Some(serde_json::Value::Bool(false));
    assert!(
        shown > 0 || generated.model.types.iter().all(unmakeable),
        "{what}"
    );
}

#[test]
fn every_snippet_of_the_pages_runs_as_a_doctest() {
    for name in fixture_names() {
        assert_pages_snippets_are_doctests(&name, &generate_fixture(&name));
    }
}

#[test]
fn fixtures_match_their_golden_output() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    let names = fixture_names();
    let mut all = Vec::new();
    for name in &names {
        let generated = generate_fixture(name);
        let out = fixtures_dir().join("src").join(name);
        // Of the mdBook files, the fixtures keep the one that depends on the schema: the others
        // differ only by their header, and generated/ holds a copy of each.
        let mut files: Vec<schemagen::GeneratedFile> = generated
            .files
            .iter()
            .filter(|f| f.kind != schemagen::FileKind::Book || f.path.ends_with("/SUMMARY.md"))
            .cloned()
            .collect();
        files.push(schemagen::GeneratedFile {
            path: "warnings.txt".to_string(),
            contents: rendered_warnings(&generated),
            kind: schemagen::FileKind::Markdown,
        });
        if update {
            write::write_all(&out, &files).unwrap();
        }
        for difference in write::differences(&out, &files) {
            stale.push(format!("{name}/{}", difference.path));
        }
        all.push((name.clone(), generated));
    }
    for (file, text) in [
        ("lib.rs", fixtures_lib(&names)),
        ("registry.rs", fixtures_registry(&all)),
    ] {
        let path = fixtures_dir().join("src").join(file);
        if update {
            write::write_if_changed(&path, &text).unwrap();
        }
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(file.to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "golden output differs for {stale:?}; review the change, then run `{UPDATE}`"
    );
}

#[test]
fn connect_session_matches_the_committed_generated_directory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let schemas = schemagen::schema_files(&root.join("schema")).unwrap();
    let config = Config::new(&schemas)
        .base_dir(&root)
        .crate_name("connect-session")
        .regenerate_command("cargo run -p json-schemagen -- generate");
    let generated = schemagen::generate(&config).unwrap();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_pages_snippets_are_doctests("connect-session", &generated);
    let names: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "connect_session.rs",
            "docs/models/connectsession.md",
            "docs/models/categories.md",
            "docs/models/connectsessiontype.md",
            "docs/models/metadata.md",
            "docs/README.md",
            "docs/book.toml",
            "docs/SUMMARY.md",
            "docs/emoji.js",
            "docs/.gitignore"
        ]
    );
    let stale: Vec<String> = write::differences(&root.join("generated"), &generated.files)
        .into_iter()
        .map(|d| d.path)
        .collect();
    assert!(
        stale.is_empty(),
        "generated/ differs in {stale:?}: run `cargo run -p json-schemagen -- generate`"
    );
}

/// The Rust of every fixture printed with every item through `syn` and `prettyplease` is the
/// Rust generated, where the serde impls of structs and the items of closed enums are
/// written out as text ([`schemagen::serde_text`], [`schemagen::enum_text`]).
#[test]
fn items_written_as_text_are_what_prettyplease_prints() {
    let (mut enums, mut open_enums) = (0, 0);
    for name in fixture_names() {
        let generated = generate_fixture(&name);
        let rust = generated
            .files
            .iter()
            .find(|f| f.kind == FileKind::Rust)
            .unwrap();
        let crate_name = format!("schemagen_fixtures::{name}");
        let snippets = schemagen::snippet::Snippets::of(&generated.model, &crate_name);
        let options = schemagen::emit_rust::RustOptions {
            header: Vec::new(),
            schemars_feature: Some("schemars".to_string()),
            crate_docs: Vec::new(),
            crate_name,
            prettyplease_only: true,
        };
        let expected = schemagen::emit_rust::emit(&generated.model, &options, &snippets).unwrap();
        let body = |text: &str| -> String {
            text.lines()
                .skip_while(|line| line.starts_with("//"))
                .map(|line| format!("{line}\n"))
                .collect()
        };
        let (actual, expected) = (body(&rust.contents), body(&expected));
        if let Some(line) = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
        {
            let around = |text: &str| {
                text.lines()
                    .skip(line.saturating_sub(3))
                    .take(8)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{name}: the text differs from prettyplease's at line {}:\n--- text\n{}\n--- prettyplease\n{}",
                line + 1,
                around(&actual),
                around(&expected)
            );
        }
        assert_eq!(actual.len(), expected.len(), "{name}");
        enums += actual.matches("impl __private::ClosedEnum for").count();
        open_enums += actual
            .matches("Unrecognized(::std::string::String),")
            .count();
    }
    assert!(enums > 20, "only {enums} closed enums in the fixtures");
    assert!(
        open_enums >= 5,
        "only {open_enums} open enums in the fixtures"
    );
}

#[test]
fn generation_is_deterministic() {
    for name in fixture_names() {
        let first = generate_fixture(&name);
        let second = generate_fixture(&name);
        assert_eq!(first.files, second.files, "{name}");
        assert_eq!(first.warnings, second.warnings, "{name}");
    }
}

#[test]
fn the_lossless_fixture_is_the_connect_session_schema() {
    // `connect_session_lossless` shows the ConnectSession types with `keep_unknown` and
    // `absent_vs_null`: its schema must stay the project's own.
    let project =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/connect_session.schema.json");
    let copy = fixtures_dir().join("schemas/connect_session_lossless.json");
    assert_eq!(
        fs::read_to_string(copy).unwrap(),
        fs::read_to_string(project).unwrap(),
        "copy schema/connect_session.schema.json to tests/fixtures/schemas/connect_session_lossless.json"
    );
}
