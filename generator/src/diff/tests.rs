//! The rules, one tiny schema pair each: what changed, and its verdicts.

use super::{Api, ChangeKind, Diff, Semver, Wire};
use crate::{Config, Model, generate_from_text};

/// The model of a schema given as JSON text.
fn model(text: &str) -> Model {
    match generate_from_text(&Config::new(["t.json"]), "t.json", text) {
        Ok(generated) => generated.model,
        Err(err) => panic!("the test schema does not build: {err}\n{text}"),
    }
}

/// The diff of two versions of a schema given as JSON text.
fn diff(old: &str, new: &str) -> Diff {
    super::diff(&model(old), &model(new))
}

/// `(path, change, api, old readers, old writers)` of every change.
fn check(old: &str, new: &str, expect: &[(&str, ChangeKind, Api, Wire, Wire)]) {
    let diff = diff(old, new);
    let got: Vec<(&str, ChangeKind, Api, Wire, Wire)> = diff
        .changes
        .iter()
        .map(|c| (c.path.as_str(), c.kind, c.api, c.old_readers, c.old_writers))
        .collect();
    assert_eq!(got, expect, "\n{}", diff.lines().join("\n"));
}

fn object(properties: &str, required: &str, extra: &str) -> String {
    format!(
        r#"{{"title": "Thing", "type": "object", "properties": {{{properties}}}, "required": [{required}]{extra}}}"#
    )
}

use Api::{Additive, Breaking};
use ChangeKind::*;
use Wire::{Breaking as Breaks, Compatible as Reads};

#[test]
fn optional_field_added_breaks_struct_literals_only() {
    let old = object(r#""a": {"type": "string"}"#, r#""a""#, "");
    let new = object(
        r#""a": {"type": "string"}, "b": {"type": "integer"}"#,
        r#""a""#,
        "",
    );
    check(
        &old,
        &new,
        &[("Thing.b", FieldAdded, Breaking, Reads, Reads)],
    );
    assert_eq!(diff(&old, &new).semver(), Semver::Major);
}

#[test]
fn field_added_to_a_struct_that_denies_unknown_keys_breaks_old_readers() {
    let closed = r#", "additionalProperties": false"#;
    let old = object(r#""a": {"type": "string"}"#, "", closed);
    let new = object(
        r#""a": {"type": "string"}, "b": {"type": "string"}"#,
        "",
        closed,
    );
    check(
        &old,
        &new,
        &[("Thing.b", FieldAdded, Breaking, Breaks, Reads)],
    );
}

#[test]
fn required_field_added_breaks_old_writers() {
    let old = object(r#""a": {"type": "string"}"#, "", "");
    let new = object(
        r#""a": {"type": "string"}, "b": {"type": "string"}"#,
        r#""b""#,
        "",
    );
    check(
        &old,
        &new,
        &[("Thing.b", FieldAdded, Breaking, Reads, Breaks)],
    );
}

#[test]
fn field_removed() {
    let old = object(
        r#""a": {"type": "string"}, "b": {"type": "string"}"#,
        r#""b""#,
        "",
    );
    let new = object(r#""a": {"type": "string"}"#, "", "");
    // New writers leave out what old readers require; old writers' key is dropped.
    check(
        &old,
        &new,
        &[("Thing.b", FieldRemoved, Breaking, Breaks, Reads)],
    );
}

#[test]
fn optional_to_required_breaks_old_writers_and_required_to_optional_old_readers() {
    let optional = object(r#""a": {"type": "string"}"#, "", "");
    let required = object(r#""a": {"type": "string"}"#, r#""a""#, "");
    check(
        &optional,
        &required,
        &[("Thing.a", FieldRequired, Breaking, Reads, Breaks)],
    );
    check(
        &required,
        &optional,
        &[("Thing.a", FieldOptional, Breaking, Breaks, Reads)],
    );
}

#[test]
fn nullability_of_an_optional_field_is_not_in_the_api() {
    let plain = object(r#""a": {"type": "string"}"#, "", "");
    let nullable = object(r#""a": {"type": ["string", "null"]}"#, "", "");
    check(
        &plain,
        &nullable,
        &[("Thing.a", FieldNullable, Api::None, Breaks, Reads)],
    );
    check(
        &nullable,
        &plain,
        &[("Thing.a", FieldNotNullable, Api::None, Reads, Breaks)],
    );
    let required = object(r#""a": {"type": "string"}"#, r#""a""#, "");
    let required_nullable = object(r#""a": {"type": ["string", "null"]}"#, r#""a""#, "");
    check(
        &required,
        &required_nullable,
        &[("Thing.a", FieldNullable, Breaking, Breaks, Reads)],
    );
}

#[test]
fn type_changes_are_judged_in_each_direction() {
    let field = |schema: &str| object(&format!(r#""a": {schema}"#), r#""a""#, "");
    // Both directions fail.
    check(
        &field(r#"{"type": "string"}"#),
        &field(r#"{"type": "number"}"#),
        &[("Thing.a", FieldTypeChanged, Breaking, Breaks, Breaks)],
    );
    // Wider integers: old readers overflow, old writers fit.
    check(
        &field(r#"{"type": "integer", "format": "int32"}"#),
        &field(r#"{"type": "integer", "format": "int64"}"#),
        &[("Thing.a", FieldTypeChanged, Breaking, Breaks, Reads)],
    );
    // An integer reads as a number; a number does not read as an integer.
    check(
        &field(r#"{"type": "number"}"#),
        &field(r#"{"type": "integer"}"#),
        &[("Thing.a", FieldTypeChanged, Breaking, Reads, Breaks)],
    );
    // Any string reads as String; not every string is a date-time.
    check(
        &field(r#"{"type": "string"}"#),
        &field(r#"{"type": "string", "format": "date-time"}"#),
        &[("Thing.a", FieldTypeChanged, Breaking, Reads, Breaks)],
    );
}

#[test]
fn value_added_to_a_closed_enum_breaks_old_readers_and_to_an_open_one_does_not() {
    let closed =
        |values: &str| format!(r#"{{"title": "Kind", "type": "string", "enum": [{values}]}}"#);
    check(
        &closed(r#""a""#),
        &closed(r#""a", "b""#),
        &[("Kind::B", VariantAdded, Breaking, Breaks, Reads)],
    );
    check(
        &closed(r#""a", "b""#),
        &closed(r#""a""#),
        &[("Kind::B", VariantRemoved, Breaking, Reads, Breaks)],
    );
    let open = |values: &str| {
        format!(
            r#"{{"title": "Kind", "type": "string", "enum": [{values}], "x-speakeasy-unknown-values": "allow"}}"#
        )
    };
    // `Unrecognized(String)` keeps the new value on the wire; matches are still exhaustive.
    check(
        &open(r#""a""#),
        &open(r#""a", "b""#),
        &[("Kind::B", VariantAdded, Breaking, Reads, Reads)],
    );
    check(
        &open(r#""a", "b""#),
        &open(r#""a""#),
        &[("Kind::B", VariantRemoved, Breaking, Reads, Reads)],
    );
    check(
        &closed(r#""a""#),
        &open(r#""a""#),
        &[("Kind", EnumOpened, Breaking, Breaks, Reads)],
    );
}

#[test]
fn new_type_is_additive_and_docs_are_a_patch() {
    let one = r#"{"$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}"#;
    let two = r#"{"$defs": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}, "B": {"type": "object", "properties": {"y": {"type": "string"}}}}}"#;
    check(one, two, &[("B", TypeAdded, Additive, Reads, Reads)]);
    assert_eq!(diff(one, two).semver(), Semver::Minor);
    assert!(!diff(one, two).is_breaking());
    let described = r#"{"$defs": {"A": {"type": "object", "description": "An A.", "properties": {"x": {"type": "string"}}}}}"#;
    check(
        one,
        described,
        &[("A", DocsChanged, Api::None, Reads, Reads)],
    );
    assert_eq!(diff(one, described).semver(), Semver::Patch);
    assert!(diff(one, one).changes.is_empty());
}

#[test]
fn type_renamed_keeps_the_wire() {
    let old = r##"{"type": "object", "title": "Root", "properties": {"p": {"$ref": "#/$defs/Point"}}, "$defs": {"Point": {"type": "object", "properties": {"x": {"type": "number"}}}}}"##;
    let new = r##"{"type": "object", "title": "Root", "properties": {"p": {"$ref": "#/$defs/Position"}}, "$defs": {"Position": {"type": "object", "properties": {"x": {"type": "number"}}}}}"##;
    check(
        old,
        new,
        &[
            ("Root.p", FieldTypeChanged, Breaking, Reads, Reads),
            ("Point", TypeRenamed, Breaking, Reads, Reads),
        ],
    );
}

#[test]
fn denying_unknown_keys_breaks_old_writers() {
    let open = object(r#""a": {"type": "string"}"#, "", "");
    let closed = object(
        r#""a": {"type": "string"}"#,
        "",
        r#", "additionalProperties": false"#,
    );
    check(
        &open,
        &closed,
        &[("Thing", UnknownFieldsDenied, Api::None, Reads, Breaks)],
    );
    check(
        &closed,
        &open,
        &[("Thing", UnknownFieldsAllowed, Api::None, Breaks, Reads)],
    );
}

#[test]
fn union_widened_from_a_number() {
    let field = |schema: &str| object(&format!(r#""id": {schema}"#), r#""id""#, "");
    let number = field(r#"{"type": "number"}"#);
    let either = field(r#"{"oneOf": [{"type": "string"}, {"type": "number"}]}"#);
    let diff = diff(&number, &either);
    let change = diff.at("Thing.id").next().expect("a change of Thing.id");
    assert_eq!(change.kind, FieldTypeChanged);
    // Old readers (f64) cannot read a string id; new readers read every old number.
    assert_eq!((change.old_readers, change.old_writers), (Breaks, Reads));
    let back = super::diff(&model(&either), &model(&number));
    let change = back.at("Thing.id").next().expect("a change of Thing.id");
    assert_eq!((change.old_readers, change.old_writers), (Reads, Breaks));
}

#[test]
fn json_report_has_the_documented_shape() {
    let old = object(r#""a": {"type": "string"}"#, "", "");
    let new = object(r#""a": {"type": "number"}"#, "", "");
    let json = diff(&old, &new).to_json();
    assert_eq!(json["semver"], "major");
    assert_eq!(json["breaking"], true);
    assert_eq!(json["changes"][0]["path"], "Thing.a");
    assert_eq!(json["changes"][0]["change"], "field-type-changed");
    assert_eq!(json["changes"][0]["api"], "breaking");
    assert_eq!(json["changes"][0]["wire"], "breaking");
    assert_eq!(json["changes"][0]["detail"], "type String → f64");
}

#[test]
fn deprecation_is_documentation_only() {
    let old = object(r#""a": {"type": "string"}"#, "", "");
    let new = object(r#""a": {"type": "string", "deprecated": true}"#, "", "");
    check(
        &old,
        &new,
        &[("Thing.a", Deprecated, Api::None, Reads, Reads)],
    );
    assert_eq!(diff(&old, &new).semver(), Semver::Patch);
}

#[test]
fn checked_rules_tightened_break_old_writers_and_loosened_ones_old_readers() {
    let with = |rule: &str| object(&format!(r#""a": {{"type": "string"{rule}}}"#), r#""a""#, "");
    let api = Api::None;
    check(
        &with(r#", "maxLength": 10"#),
        &with(r#", "maxLength": 5"#),
        &[("Thing.a", ConstraintsChanged, api, Reads, Breaks)],
    );
    check(
        &with(r#", "maxLength": 5"#),
        &with(""),
        &[("Thing.a", ConstraintsChanged, api, Breaks, Reads)],
    );
    check(
        &with(r#", "pattern": "^a""#),
        &with(r#", "pattern": "^b""#),
        &[("Thing.a", ConstraintsChanged, api, Breaks, Breaks)],
    );
}
