//! The serde impls of structs are printed as text ([`schemagen::serde_text`]); this holds that
//! text equal, byte for byte, to what `prettyplease` prints for the tokens of the same impls
//! ([`schemagen::serde_impls`]), on every struct of the fixture schemas (with each setting that
//! changes the impls) and on structs made to break lines: long keys, names and types, keys that
//! need escapes, closed objects, kept unknown keys, defaults and rules.

use std::fs;
use std::path::{Path, PathBuf};

use schemagen::model::{Model, TypeKind};
use schemagen::{Config, checks, serde_impls, serde_text};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What `prettyplease` prints for the tokens of a struct's serde impls, each impl after a
/// blank line as the Rust emitter joins them.
fn through_prettyplease(tokens: proc_macro2::TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the serde impls parse");
    let mut out = String::new();
    for item in file.items {
        out.push('\n');
        out.push_str(&prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        }));
    }
    out
}

/// Compares the two printings for every struct of `model`; returns how many structs took the
/// text path.
fn assert_same_text(what: &str, model: &Model) -> usize {
    let mut printed = 0;
    for def in &model.types {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let checked = checks::struct_has_own_rules(model, def);
        let text = serde_text::struct_impls(model, def, s, checked)
            .unwrap_or_else(|err| panic!("{what}: {}: {err}", def.name));
        let Some(text) = text else {
            continue;
        };
        let mut tokens = serde_impls::serialize_struct(def, s);
        tokens.extend(serde_impls::deserialize_struct(model, def, s, checked));
        let expected = through_prettyplease(tokens);
        if text != expected {
            let line = text
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{what}: the text of {}'s serde impls differs from prettyplease's at line {}:\n--- text\n{text}\n--- prettyplease\n{expected}",
                def.name,
                line + 1
            );
        }
        printed += 1;
    }
    printed
}

fn model_of(config: &Config) -> Model {
    schemagen::build_model(config)
        .unwrap_or_else(|err| panic!("{:?} does not build: {err}", config.schemas))
        .model
}

#[test]
fn struct_impls_print_as_prettyplease_prints_them_on_the_fixtures() {
    let dir = fixtures_dir();
    let mut schemas: Vec<PathBuf> = fs::read_dir(dir.join("schemas"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    schemas.sort();
    assert!(schemas.len() > 10, "the fixture schemas are missing");
    let mut printed = 0;
    for schema in &schemas {
        let base = Config::new([schema]).base_dir(&dir);
        for (setting, config) in [
            ("default", base.clone()),
            ("keep_unknown", base.clone().keep_unknown(true)),
            ("absent_vs_null", base.clone().absent_vs_null(true)),
        ] {
            let what = format!("{} ({setting})", schema.display());
            printed += assert_same_text(&what, &model_of(&config));
        }
    }
    assert!(printed > 100, "only {printed} structs took the text path");
}

#[test]
fn struct_impls_print_as_prettyplease_prints_them_where_lines_break() {
    let long = "a_property_whose_name_is_long_enough_to_break_the_line_of_its_match_arm";
    let schema = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Root",
        "type": "object",
        "required": ["id", long, "quote\"d", "tab\tkey"],
        "properties": {
            "id": {"type": "integer"},
            long: {"type": "array", "items": {"type": "array", "items": {"type": "string", "format": "date-time"}}},
            "quote\"d": {"type": "string", "minLength": 2},
            "tab\tkey": {"type": ["string", "null"]},
            "a_medium_sized_key_of_twenty_nine": {"type": "string"},
            "with_default": {"type": "integer", "default": 3},
            "nullable_optional": {"type": ["object", "null"], "properties": {"x": {"type": "string"}}},
            "type": {"type": "string"},
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string", "format": "uuid"}], "items": false},
            "single": {"type": "array", "prefixItems": [{"type": "boolean"}], "items": false},
            "map_of_dates": {"type": "object", "additionalProperties": {"type": "string", "format": "date"}},
            "ThisKeyIsLongAndNeedsRenamingBecauseItIsCamelCaseAndWide": {"type": "number"},
            "closed": {"$ref": "#/$defs/ClosedObjectWithALongNameThatFillsTheHeader"},
            "open": {"$ref": "#/$defs/Open"},
            "long_name": {"$ref": "#/$defs/TheNameOfThisStructIsSoLongThatItsImplHeadersCannotFitOnOneLineOfTheFileAtAll"}
        },
        "$defs": {
            "ClosedObjectWithALongNameThatFillsTheHeader": {
                "type": "object",
                "additionalProperties": false,
                "required": ["first_required_property_with_a_long_name", "second_required_property_with_a_long_name"],
                "properties": {
                    "first_required_property_with_a_long_name": {"type": "string"},
                    "second_required_property_with_a_long_name": {"type": "string"},
                    "optional": {"type": "boolean"}
                }
            },
            "Open": {
                "type": "object",
                "additionalProperties": {"type": "integer"},
                "properties": {"known_key_of_an_open_object_with_a_long_name": {"type": "string"}}
            },
            "TheNameOfThisStructIsSoLongThatItsImplHeadersCannotFitOnOneLineOfTheFileAtAll": {
                "type": "object",
                "properties": {"x": {"type": "string"}}
            }
        }
    });
    let dir = std::env::temp_dir().join(format!("schemagen-serde-text-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("breaks.json");
    fs::write(&file, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    let base = Config::new([&file]).base_dir(&dir);
    let mut printed = 0;
    for config in [base.clone(), base.keep_unknown(true).absent_vs_null(true)] {
        printed += assert_same_text("breaks.json", &model_of(&config));
    }
    fs::remove_dir_all(&dir).unwrap();
    assert!(printed >= 6, "only {printed} structs took the text path");
}
