//! The generated ConnectSession types on real data: the seed page's example values, all fields,
//! only the required ones, explicit nulls, unknown enum values, and hostile input.

use connect_session::{Categories, ConnectSession, ConnectSessionType, Metadata};
use serde_json::{Value, json};

/// The values of the seed page's Example Usage, with the wire names of the real API.
fn seed_example() -> Value {
    json!({
        "categories": [
            "ats", "hris", "hris", "crm", "iam", "marketing", "lms", "hris", "documents",
            "ticketing", "screening", "messaging", "accounting", "scheduling"
        ],
        "created_at": "2024-07-18T04:50:46.002Z",
        "external_trigger_token": "f0bc3d88-2178-5423-8c81-b81d6c9da824",
        "id": 8267.13,
        "organization_id": "<id>",
        "origin_owner_id": "<id>",
        "origin_owner_name": "<value>",
        "project_id": "<id>",
        "type": "unmapped_value"
    })
}

fn required_only() -> Value {
    json!({
        "created_at": "2024-07-18T04:50:46.002Z",
        "id": 1.5,
        "organization_id": "org",
        "origin_owner_id": "owner",
        "origin_owner_name": "Owner",
        "project_id": "project"
    })
}

fn all_fields() -> Value {
    json!({
        "account_id": "acc_1",
        "categories": ["hris-legacy", "stackone"],
        "created_at": "2024-07-18T04:50:46.002Z",
        "external_trigger_token": "token",
        "id": 42.0,
        "integration_id": "6f1c2a64-8a27-4d55-b7f8-1b2b5c4a9d10",
        "label": "Acme HR",
        "metadata": {"plan": "enterprise", "seats": 250, "nested": {"a": [1, null, true]}},
        "organization_id": "org",
        "origin_owner_id": "owner",
        "origin_owner_name": "Owner",
        "origin_username": "jane",
        "project_id": "project",
        "provider": "workday",
        "type": "test"
    })
}

fn round_trip(input: &Value) -> Value {
    let session: ConnectSession = serde_json::from_value(input.clone()).expect("deserializes");
    serde_json::to_value(&session).expect("serializes")
}

#[test]
fn seed_example_round_trips() {
    let input = seed_example();
    let session: ConnectSession = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(session.id, 8267.13);
    assert_eq!(session.r#type, Some(ConnectSessionType::UnmappedValue));
    assert_eq!(session.categories.as_ref().map(Vec::len), Some(14));
    assert_eq!(
        session.created_at.to_rfc3339(),
        "2024-07-18T04:50:46.002+00:00"
    );
    assert_eq!(round_trip(&input), input);
}

#[test]
fn all_fields_round_trip() {
    let input = all_fields();
    let session: ConnectSession = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        session.categories,
        Some(vec![Categories::HrisLegacy, Categories::Stackone])
    );
    assert_eq!(
        session.metadata.as_ref().and_then(|m| m.get("seats")),
        Some(&json!(250))
    );
    assert_eq!(round_trip(&input), input);
}

#[test]
fn required_fields_alone_round_trip_and_optional_ones_stay_absent() {
    let input = required_only();
    let session: ConnectSession = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(session.account_id, None);
    assert_eq!(session.metadata, None);
    assert_eq!(round_trip(&input), input);
}

#[test]
fn explicit_nulls_read_as_none() {
    let mut input = required_only();
    for key in [
        "account_id",
        "categories",
        "external_trigger_token",
        "integration_id",
        "label",
        "metadata",
        "origin_username",
        "provider",
        "type",
    ] {
        input[key] = Value::Null;
    }
    let session: ConnectSession = serde_json::from_value(input).unwrap();
    assert_eq!(session.r#type, None);
    assert_eq!(session.categories, None);
    // Absent and null are one state today: None is written as an absent key.
    assert_eq!(serde_json::to_value(&session).unwrap(), required_only());
}

#[test]
fn a_missing_required_field_is_an_error_naming_it() {
    let mut input = required_only();
    input.as_object_mut().unwrap().remove("project_id");
    let err = serde_json::from_value::<ConnectSession>(input).unwrap_err();
    assert_eq!(err.to_string(), "missing field `project_id`");
}

#[test]
fn unknown_session_type_survives_a_round_trip() {
    let mut input = required_only();
    input["type"] = json!("sandbox");
    let session: ConnectSession = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        session.r#type,
        Some(ConnectSessionType::Unrecognized("sandbox".to_owned()))
    );
    assert_eq!(
        session.r#type.as_ref().map(ConnectSessionType::as_str),
        Some("sandbox")
    );
    assert_eq!(round_trip(&input), input);
    assert_eq!(
        "sandbox".parse::<ConnectSessionType>(),
        Ok(ConnectSessionType::Unrecognized("sandbox".into()))
    );
    assert_eq!(
        "test".parse::<ConnectSessionType>(),
        Ok(ConnectSessionType::Test)
    );
}

#[test]
fn unknown_category_is_a_clear_error() {
    let mut input = required_only();
    input["categories"] = json!(["ats", "hrisLegacy"]);
    let err = serde_json::from_value::<ConnectSession>(input)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "unknown variant `hrisLegacy`, expected one of `ats`, `hris`, `hris-legacy`"
        ),
        "{err}"
    );

    let err = "stackOne".parse::<Categories>().unwrap_err();
    assert_eq!(err.to_string(), "unknown Categories value \"stackOne\"");
    assert_eq!(err.value(), "stackOne");
}

#[test]
fn enums_display_and_parse_their_wire_values() {
    for category in Categories::ALL {
        assert_eq!(category.to_string().parse::<Categories>(), Ok(*category));
        assert_eq!(
            serde_json::to_value(category).unwrap(),
            json!(category.as_str())
        );
    }
    assert_eq!(Categories::HrisLegacy.to_string(), "hris-legacy");
    assert_eq!(
        ConnectSessionType::UnmappedValue.to_string(),
        "unmapped_value"
    );
}

#[test]
fn metadata_is_a_json_object() {
    let mut metadata = Metadata::default();
    metadata.insert("plan".to_owned(), json!("enterprise"));
    assert_eq!(
        serde_json::to_value(&metadata).unwrap(),
        json!({"plan": "enterprise"})
    );
    let err = serde_json::from_value::<Metadata>(json!(["not", "an", "object"])).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid type: sequence, expected a map"),
        "{err}"
    );
}

#[test]
fn invalid_dates_and_numbers_are_errors() {
    for (key, value) in [
        ("created_at", json!("2024-13-45T99:00:00Z")),
        ("created_at", json!("yesterday")),
        ("created_at", json!(1721278246)),
        ("id", json!("8267")),
        ("id", json!(null)),
    ] {
        let mut input = required_only();
        input[key] = value.clone();
        let result = serde_json::from_value::<ConnectSession>(input);
        assert!(result.is_err(), "{key} = {value} was accepted");
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let text = required_only().to_string().replacen(
        '{',
        &format!("{{\"metadata\": {{\"x\": {nested}}},"),
        1,
    );
    let err = serde_json::from_str::<ConnectSession>(&text).unwrap_err();
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
}

#[test]
fn malformed_and_truncated_json_are_errors() {
    let full = all_fields().to_string();
    for cut in [1, full.len() / 3, full.len() / 2, full.len() - 1] {
        assert!(
            serde_json::from_str::<ConnectSession>(&full[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    assert!(serde_json::from_str::<ConnectSession>("[]").is_err());
    assert!(serde_json::from_str::<ConnectSession>("null").is_err());
}

#[test]
fn a_large_document_deserializes() {
    let mut input = all_fields();
    let metadata: serde_json::Map<String, Value> = (0..50_000)
        .map(|i| (format!("key{i}"), json!({"index": i, "tags": ["a", "b"]})))
        .collect();
    input["metadata"] = Value::Object(metadata);
    let session: ConnectSession = serde_json::from_value(input).unwrap();
    assert_eq!(session.metadata.map(|m| m.len()), Some(50_000));
}

#[cfg(feature = "schemars")]
#[test]
fn schemars_agrees_with_the_source_schema() {
    use std::collections::BTreeSet;

    let source: Value =
        serde_json::from_str(include_str!("../schema/connect_session.schema.json")).unwrap();
    let generated = serde_json::to_value(schemars::schema_for!(ConnectSession)).unwrap();

    let keys = |schema: &Value| -> BTreeSet<String> {
        schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let strings = |value: &Value| -> BTreeSet<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(keys(&generated), keys(&source));
    assert_eq!(
        strings(&generated["required"]),
        strings(&source["required"])
    );

    let defs = generated
        .get("$defs")
        .expect("schemars puts named types in $defs");
    assert_eq!(
        strings(&defs["Categories"]["enum"]),
        strings(&source["$defs"]["Categories"]["enum"])
    );
    assert_eq!(
        strings(&defs["ConnectSessionType"]["anyOf"][0]["enum"]),
        strings(&source["$defs"]["ConnectSessionType"]["enum"])
    );
    assert_eq!(defs["Metadata"]["type"], json!("object"));
}
