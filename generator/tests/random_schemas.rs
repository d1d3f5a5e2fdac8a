//! Property test: random schemas, valid and not, never make the generator panic; whatever it
//! emits parses as Rust and renders as Markdown tables that hold together, and whatever it
//! refuses comes with a located message.
//!
//! The schemas come from a small seeded generator, so every run checks the same cases and a
//! failure names the seed that reproduces it.

use schemagen::{Config, Error, FileKind};
use serde_json::{Map, Value, json};

/// xorshift64*: small, deterministic, good enough to pick shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

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
    "email",
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

fn name(rng: &mut Rng) -> String {
    let base = rng.pick(NAMES).to_string();
    if rng.below(3) == 0 {
        format!("{base}{}", rng.below(3))
    } else {
        base
    }
}

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.below(1000) as i64 - 500),
        3 => json!(rng.below(1000) as f64 / 7.0),
        4 => json!(rng.pick(TEXTS)),
        _ => json!(name(rng)),
    }
}

/// A random schema; `defs` are the definition names a `$ref` may point to (or miss).
fn schema(rng: &mut Rng, depth: usize, defs: &[String]) -> Value {
    if depth == 0 || rng.below(4) == 0 {
        return match rng.below(6) {
            0 => json!(true),
            1 if !defs.is_empty() => json!({"$ref": format!("#/$defs/{}", rng.pick(defs))}),
            2 => json!({"$ref": "#/$defs/missing"}),
            3 => json!({"type": rng.pick(TYPES), "format": rng.pick(FORMATS)}),
            _ => json!({"type": rng.pick(&TYPES[..4])}),
        };
    }
    let mut map = Map::new();
    match rng.below(9) {
        0 | 1 => {
            map.insert("type".into(), json!("object"));
            let mut properties = Map::new();
            for _ in 0..rng.below(5) {
                properties.insert(name(rng), schema(rng, depth - 1, defs));
            }
            let keys: Vec<String> = properties.keys().cloned().collect();
            if !keys.is_empty() && rng.below(2) == 0 {
                map.insert("required".into(), json!([rng.pick(&keys)]));
            }
            map.insert("properties".into(), Value::Object(properties));
            if rng.below(4) == 0 {
                map.insert(
                    "additionalProperties".into(),
                    if rng.below(2) == 0 {
                        json!(false)
                    } else {
                        schema(rng, depth - 1, defs)
                    },
                );
            }
        }
        2 => {
            map.insert("type".into(), json!("array"));
            map.insert("items".into(), schema(rng, depth - 1, defs));
        }
        3 => {
            let values: Vec<Value> = (0..rng.below(5))
                .map(|_| {
                    if rng.below(4) == 0 {
                        scalar(rng)
                    } else {
                        json!(name(rng))
                    }
                })
                .collect();
            map.insert("enum".into(), Value::Array(values));
            if rng.below(3) == 0 {
                map.insert("x-speakeasy-unknown-values".into(), json!("allow"));
            }
        }
        4 => {
            let key = *rng.pick(&["oneOf", "anyOf", "allOf"]);
            let branches: Vec<Value> = (0..rng.below(4))
                .map(|_| schema(rng, depth - 1, defs))
                .collect();
            map.insert(key.into(), Value::Array(branches));
        }
        5 => {
            let types: Vec<&str> = (0..1 + rng.below(3)).map(|_| *rng.pick(TYPES)).collect();
            map.insert("type".into(), json!(types));
        }
        6 => {
            map.insert("const".into(), scalar(rng));
        }
        7 => {
            map.insert("type".into(), json!("object"));
            map.insert("additionalProperties".into(), schema(rng, depth - 1, defs));
        }
        _ => {
            map.insert("not".into(), schema(rng, depth - 1, defs));
            map.insert("if".into(), json!({"type": "string"}));
        }
    }
    if rng.below(3) == 0 {
        map.insert("description".into(), json!(rng.pick(TEXTS)));
    }
    if rng.below(4) == 0 {
        map.insert("examples".into(), json!([scalar(rng)]));
    }
    if rng.below(8) == 0 {
        map.insert("nullable".into(), json!(true));
    }
    if rng.below(10) == 0 {
        map.insert("deprecated".into(), json!(true));
    }
    Value::Object(map)
}

fn document(seed: u64) -> Value {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let defs: Vec<String> = (0..rng.below(4))
        .map(|i| format!("{}{i}", name(&mut rng)))
        .collect();
    let mut root = schema(&mut rng, 4, &defs);
    if let Value::Object(map) = &mut root {
        let mut definitions = Map::new();
        for def in &defs {
            definitions.insert(def.clone(), schema(&mut rng, 3, &defs));
        }
        map.insert("$defs".into(), Value::Object(definitions));
        if rng.below(2) == 0 {
            map.insert("title".into(), json!(name(&mut rng)));
        }
    }
    root
}

fn table_rows_intact(path: &str, page: &str) {
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

#[test]
fn random_schemas_never_panic_and_emit_valid_output() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("random-schemas");
    std::fs::create_dir_all(&dir).unwrap();
    let config = Config::new(Vec::<std::path::PathBuf>::new())
        .base_dir(&dir)
        .crate_name("random");
    let (mut generated, mut refused) = (0, 0);
    // `RANDOM_SCHEMA_CASES=100000` for a longer run.
    let cases: u64 = std::env::var("RANDOM_SCHEMA_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    for seed in 0..cases {
        let schema = document(seed).to_string();
        if std::env::var_os("RANDOM_SCHEMA_VERBOSE").is_some() {
            eprintln!("seed {seed}: {schema}");
        }
        match schemagen::generate_from_text(&config, "random.json", &schema) {
            Ok(output) => {
                generated += 1;
                for file in &output.files {
                    match file.kind {
                        FileKind::Rust => {
                            if let Err(err) = syn::parse_file(&file.contents) {
                                panic!(
                                    "seed {seed}: {} does not parse: {err}\n{schema}",
                                    file.path
                                );
                            }
                        }
                        FileKind::Markdown => table_rows_intact(&file.path, &file.contents),
                        FileKind::Manifest => {}
                    }
                }
            }
            Err(Error::Schema { diagnostics }) => {
                refused += 1;
                assert!(
                    !diagnostics.is_empty(),
                    "seed {seed}: an error without diagnostics"
                );
                for d in &diagnostics {
                    assert_eq!(d.location.file, "random.json", "seed {seed}: {d}");
                    assert!(!d.message.is_empty());
                }
            }
            Err(other) => panic!("seed {seed}: unexpected error {other}\n{schema}"),
        }
    }
    // The generator exercises both paths: most random schemas generate, some are refused.
    assert!(
        generated > 100 && refused > 20,
        "generated {generated}, refused {refused}"
    );
}
