//! Property test: every valid ConnectSession instance (any strings, numbers, timestamps,
//! categories, metadata, known and unknown session types, present, `null` or absent optional
//! fields) deserializes, and serializing gives the same JSON back, except that a `null`
//! optional field is written as an absent key (both read as `None`).

use connect_session::ConnectSession;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

const CATEGORIES: [&str; 14] = [
    "ats",
    "hris",
    "hris-legacy",
    "crm",
    "iam",
    "marketing",
    "lms",
    "stackone",
    "documents",
    "ticketing",
    "screening",
    "messaging",
    "accounting",
    "scheduling",
];

/// Any JSON value, a few levels deep (metadata holds anything).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An optional, nullable property: absent (`None`), `null`, or a value.
fn optional(value: impl Strategy<Value = Value>) -> impl Strategy<Value = Option<Value>> {
    prop_oneof![Just(None), Just(Some(Value::Null)), value.prop_map(Some)]
}

/// An RFC 3339 timestamp as chrono writes it (UTC, `Z`, milliseconds when there are any).
fn timestamp() -> impl Strategy<Value = Value> {
    (
        1970u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        0u32..1000,
    )
        .prop_map(|(y, mo, d, h, mi, s, ms)| {
            let fraction = if ms == 0 {
                String::new()
            } else {
                format!(".{ms:03}")
            };
            Value::from(format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{fraction}Z"
            ))
        })
}

fn session() -> impl Strategy<Value = Value> {
    let text = || ".{0,16}".prop_map(Value::from);
    let required = (
        timestamp(),
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
        (text(), text(), text(), text()),
    );
    let categories =
        prop::collection::vec(prop::sample::select(&CATEGORIES[..]), 0..5).prop_map(|c| json!(c));
    let session_type = prop_oneof![
        prop::sample::select(&["production", "test", "unmapped_value"][..]).prop_map(Value::from),
        "[a-z_]{1,10}".prop_map(Value::from),
    ];
    let metadata = prop::collection::btree_map("[a-z]{1,6}", any_json(), 0..4)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    let optionals = (
        optional(text()),
        optional(categories),
        optional(text()),
        optional(text()),
        optional(text()),
        optional(metadata),
        optional(text()),
        optional(text()),
        optional(session_type),
    );
    (required, optionals).prop_map(
        |((created_at, id, (org, owner, owner_name, project)), opt)| {
            let mut object = Map::new();
            object.insert("created_at".into(), created_at);
            object.insert("id".into(), Value::from(id));
            object.insert("organization_id".into(), org);
            object.insert("origin_owner_id".into(), owner);
            object.insert("origin_owner_name".into(), owner_name);
            object.insert("project_id".into(), project);
            let (account, categories, token, integration, label, metadata, username, provider, ty) =
                opt;
            for (key, value) in [
                ("account_id", account),
                ("categories", categories),
                ("external_trigger_token", token),
                ("integration_id", integration),
                ("label", label),
                ("metadata", metadata),
                ("origin_username", username),
                ("provider", provider),
                ("type", ty),
            ] {
                if let Some(value) = value {
                    object.insert(key.into(), value);
                }
            }
            Value::Object(object)
        },
    )
}

proptest! {
    #[test]
    fn every_valid_session_reads_and_writes_back_the_same_json(input in session()) {
        let session: ConnectSession = serde_json::from_value(input.clone())
            .map_err(|e| TestCaseError::fail(format!("{e}: {input}")))?;
        let written = serde_json::to_value(&session).unwrap();
        let mut expected = input.as_object().unwrap().clone();
        expected.retain(|_, value| !value.is_null());
        prop_assert_eq!(written, Value::Object(expected));
    }
}
