//! Property test (proptest): random schemas, valid and not, never make the generator panic;
//! whatever it emits parses as Rust and renders as Markdown tables that hold together, and
//! whatever it refuses comes with located diagnostics. A failure shrinks to a small schema.
//!
//! `PROPTEST_CASES=20000 cargo test --release -p json-schemagen --test random_schemas` for a long run.

use proptest::prelude::*;
use proptest::sample::select;
use schemagen::{Config, Error, FileKind};
use serde_json::{Map, Value, json};

const NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "a-b",
    "a_b",
    "aB",
    "",
    "+1",
    "-1",
    "3d",
    "größe",
    "名前",
    "*/",
    "|",
    "`x`",
    "Option",
    "String",
    "value",
    "Value",
    "ParseEnumError",
    "<script>",
];
const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null", "strnig",
];
const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "uuid",
    "int32",
    "uint8",
    "float",
    "ipv4",
    "nonsense",
];
const TEXTS: &[&str] = &[
    "plain",
    "a | b",
    "*/ \"# ```",
    "<b>x</b>",
    "line\nbreak",
    "\u{7}bell",
    "    indented",
];
const REFS: &[&str] = &[
    "#/$defs/a",
    "#/$defs/b",
    "#/$defs/missing",
    "#",
    "#/properties",
    "https://example.com/x.json",
];

fn name() -> impl Strategy<Value = String> {
    select(NAMES).prop_map(str::to_string)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-500i64..500).prop_map(Value::from),
        (-5.0f64..5.0).prop_map(Value::from),
        select(TEXTS).prop_map(Value::from),
        name().prop_map(Value::from),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        select(TYPES).prop_map(|t| json!({ "type": t })),
        (select(TYPES), select(FORMATS)).prop_map(|(t, f)| json!({ "type": t, "format": f })),
        select(REFS).prop_map(|r| json!({ "$ref": r })),
    ]
}

/// Adds annotations to a schema object: descriptions, examples, nullability, deprecation.
fn annotate(
    mut schema: Value,
    description: Option<&str>,
    example: Option<Value>,
    nullable: bool,
) -> Value {
    if let Value::Object(map) = &mut schema {
        if let Some(text) = description {
            map.insert("description".into(), json!(text));
        }
        if let Some(example) = example {
            map.insert("examples".into(), json!([example]));
        }
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
    }
    schema
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            (
                prop::collection::vec((name(), inner.clone()), 0..5),
                any::<bool>(),
                any::<bool>()
            )
                .prop_map(|(props, require_first, closed)| {
                    let required: Vec<&String> = props
                        .iter()
                        .map(|(k, _)| k)
                        .take(usize::from(require_first))
                        .collect();
                    let properties: Map<String, Value> = props.iter().cloned().collect();
                    let mut object =
                        json!({ "type": "object", "properties": properties, "required": required });
                    if closed {
                        object["additionalProperties"] = json!(false);
                    }
                    object
                }),
            inner
                .clone()
                .prop_map(|items| json!({ "type": "array", "items": items })),
            prop::collection::vec(
                prop_oneof![3 => name().prop_map(Value::from), 1 => scalar()],
                0..5
            )
            .prop_map(|values| json!({ "enum": values })),
            prop::collection::vec(name(), 1..4).prop_map(|values| json!({
                "enum": values, "x-speakeasy-unknown-values": "allow"
            })),
            (
                select(&["oneOf", "anyOf", "allOf"][..]),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(keyword, branches)| json!({ keyword: branches })),
            prop::collection::vec(select(TYPES), 1..4).prop_map(|types| json!({ "type": types })),
            scalar().prop_map(|value| json!({ "const": value })),
            inner
                .clone()
                .prop_map(|values| json!({ "type": "object", "additionalProperties": values })),
            (inner.clone(), inner.clone()).prop_map(|(reference, extra)| json!({
                "$ref": "#/$defs/a", "properties": { "extra": extra }, "allOf": [reference]
            })),
            (
                inner.clone(),
                proptest::option::of(select(TEXTS)),
                proptest::option::of(scalar()),
                any::<bool>()
            )
                .prop_map(|(schema, text, example, nullable)| annotate(
                    schema, text, example, nullable
                )),
            inner.clone().prop_map(|schema| json!({ "not": schema, "if": { "type": "string" } })),
            (prop::collection::vec(inner.clone(), 0..3), any::<bool>()).prop_map(|(items, closed)| {
                let length = items.len();
                json!({ "type": "array", "prefixItems": items, "items": !closed, "minItems": length })
            }),
            (prop::collection::vec(select(REFS), 1..4), name(), proptest::option::of(name())).prop_map(
                |(refs, property, mapped)| {
                    let branches: Vec<Value> = refs.iter().map(|r| json!({ "$ref": r })).collect();
                    let mut discriminator = json!({ "propertyName": property });
                    if let Some(value) = mapped {
                        discriminator["mapping"] = json!({ value: refs[0] });
                    }
                    json!({ "oneOf": branches, "discriminator": discriminator })
                }
            ),
            (name(), inner).prop_map(|(key, values)| json!({
                "type": "object", "properties": { key: { "type": "string" } }, "additionalProperties": values
            })),
        ]
    })
}

fn document() -> impl Strategy<Value = Value> {
    (
        schema(),
        prop::collection::vec(schema(), 0..3),
        proptest::option::of(name()),
    )
        .prop_map(|(root, defs, title)| {
            let mut root = match root {
                Value::Object(map) => Value::Object(map),
                other => json!({ "properties": { "only": other } }),
            };
            let definitions: Map<String, Value> = ["a", "b", "c"]
                .iter()
                .map(|n| n.to_string())
                .zip(defs)
                .collect();
            root["$defs"] = Value::Object(definitions);
            if let Some(title) = title {
                root["title"] = json!(title);
            }
            root
        })
}

fn assert_tables_intact(path: &str, page: &str) {
    let mut columns = None;
    for line in page.lines() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        let bars = line.matches('|').count() - line.matches("\\|").count();
        assert_eq!(bars, *columns.get_or_insert(bars), "{path}: {line:?}");
    }
}

fn config() -> Config {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("random-schemas");
    std::fs::create_dir_all(&dir).unwrap();
    Config::new(Vec::<std::path::PathBuf>::new())
        .base_dir(&dir)
        .crate_name("random")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_schemas_never_panic_and_emit_valid_output(schema in document()) {
        let text = schema.to_string();
        match schemagen::generate_from_text(&config(), "random.json", &text) {
            Ok(output) => {
                for file in &output.files {
                    match file.kind {
                        FileKind::Rust => {
                            if let Err(err) = syn::parse_file(&file.contents) {
                                panic!("{} does not parse: {err}", file.path);
                            }
                        }
                        FileKind::Markdown => assert_tables_intact(&file.path, &file.contents),
                        FileKind::Manifest | FileKind::Book => {}
                    }
                }
            }
            Err(Error::Schema { diagnostics }) => {
                prop_assert!(!diagnostics.is_empty(), "an error without diagnostics");
                for d in &diagnostics {
                    prop_assert_eq!(&d.location.file, "random.json");
                    prop_assert!(!d.message.is_empty());
                }
            }
            Err(other) => panic!("unexpected error {other}"),
        }
    }
}
