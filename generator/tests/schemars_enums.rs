//! Enums in every serde representation, described by schemars and read back by schemagen: each
//! must come back in the representation it was written in, with the same tags.

use schemagen::Config;
use schemagen::model::{Tagging, TypeKind, TypeRef, Union};
use schemars::JsonSchema;

#[allow(dead_code)]
#[derive(JsonSchema)]
enum External {
    Empty,
    Other,
    /// A circle, by its radius.
    Circle {
        radius: f64,
    },
    Square(f64),
    Pair(i64, i64),
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(tag = "kind", content = "data")]
enum Adjacent {
    Text(String),
    Ping,
    Move { x: i64, y: i64 },
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(tag = "type")]
enum Internal {
    Start { at: String },
    Stop { code: i64 },
}

#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum Untagged {
    Number(f64),
    Text(String),
}

/// The union schemagen makes of `T`'s schema.
fn union_of<T: JsonSchema>() -> (Union, Vec<String>) {
    let schema = serde_json::to_string_pretty(&schemars::schema_for!(T)).unwrap();
    let config = Config::new(["enum.json"]).crate_name("enums");
    let generated = schemagen::generate_from_text(&config, "enum.json", &schema)
        .unwrap_or_else(|err| panic!("{err}\n{schema}"));
    let root = generated
        .model
        .types
        .iter()
        .find(|d| d.name == T::schema_name())
        .unwrap_or_else(|| panic!("no type {} in\n{schema}", T::schema_name()));
    let TypeKind::Union(union) = &root.kind else {
        panic!("{} is not a union: {:?}\n{schema}", root.name, root.kind);
    };
    let rust = generated.files[0].contents.clone();
    (union.clone(), vec![rust, schema])
}

fn tags(union: &Union) -> Vec<&str> {
    union
        .variants
        .iter()
        .flat_map(|v| v.tag_values.iter().map(String::as_str))
        .collect()
}

#[test]
fn externally_tagged_enums_come_back_externally_tagged() {
    let (union, text) = union_of::<External>();
    assert_eq!(union.tagging, Tagging::External, "{text:?}");
    assert_eq!(
        tags(&union),
        ["Empty", "Other", "Circle", "Square", "Pair"],
        "{text:?}"
    );
    let units: Vec<&str> = union
        .variants
        .iter()
        .filter(|v| v.ty == TypeRef::Null)
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(units, ["Empty", "Other"]);
    assert!(text[0].contains("Square(f64)"), "{}", text[0]);
    assert!(text[0].contains("Pair((i64, i64))"), "{}", text[0]);
}

#[test]
fn adjacently_tagged_enums_come_back_adjacently_tagged() {
    let (union, text) = union_of::<Adjacent>();
    assert_eq!(
        union.tagging,
        Tagging::Adjacent {
            tag: "kind".to_string(),
            content: "data".to_string()
        },
        "{text:?}"
    );
    assert_eq!(tags(&union), ["Text", "Ping", "Move"]);
    assert!(
        text[0].contains("#[serde(tag = \"kind\", content = \"data\")]"),
        "{}",
        text[0]
    );
}

#[test]
fn internally_tagged_and_untagged_enums_keep_their_representation() {
    let (union, text) = union_of::<Internal>();
    assert_eq!(
        union.tagging,
        Tagging::Internal {
            property: "type".to_string()
        },
        "{text:?}"
    );
    assert_eq!(tags(&union), ["Start", "Stop"]);
    let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Start", "Stop"]);
    assert!(text[0].contains("Start(InternalStart)"), "{}", text[0]);
    let (union, text) = union_of::<Untagged>();
    assert_eq!(union.tagging, Tagging::Untagged, "{text:?}");
}
