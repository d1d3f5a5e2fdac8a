//! What the benchmarks compare generated code with: [`ConnectSession`] as a person would write
//! it by hand from `schema/connect_session.schema.json` (plain serde derives, the same fields and
//! field types as the generated `connect_session::ConnectSession`), and [`session_batch`], the
//! JSON that both read and write in `benches/serde_throughput.rs`.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A connect session, written by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConnectSession {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<Category>>,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_trigger_token: Option<String>,
    pub id: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
    pub organization_id: String,
    pub origin_owner_id: String,
    pub origin_owner_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin_username: Option<String>,
    pub project_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub session_type: Option<SessionType>,
}

/// A category of integrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Ats,
    Hris,
    HrisLegacy,
    Crm,
    Iam,
    Marketing,
    Lms,
    Stackone,
    Documents,
    Ticketing,
    Screening,
    Messaging,
    Accounting,
    Scheduling,
}

/// The account type; the schema allows values it does not list, kept in `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionType {
    Production,
    Test,
    UnmappedValue,
    #[serde(untagged)]
    Other(String),
}

const PROVIDERS: [&str; 8] = [
    "workday",
    "bamboohr",
    "greenhouse",
    "salesforce",
    "hubspot",
    "okta",
    "lever",
    "personio",
];
const TYPES: [&str; 4] = ["production", "test", "unmapped_value", "sandbox"];

/// A JSON array of `count` sessions, the same for every call: a mix of sessions with every
/// field, with only the required ones, and with optional fields given as `null`; several
/// categories, providers and account types (one not listed by the schema), dates with and
/// without fractional seconds, integer and fractional ids, and nested metadata.
pub fn session_batch(count: usize) -> String {
    // A small linear congruential generator: deterministic without a dependency.
    let mut state: u64 = 0x5eed_c0de;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    let mut sessions = Vec::with_capacity(count);
    for i in 0..count {
        let day = 1 + next(28);
        let created_at = if i % 2 == 0 {
            format!(
                "2024-{:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
                1 + next(12),
                next(24),
                next(60),
                next(60),
                next(1000)
            )
        } else {
            format!(
                "2025-{:02}-{day:02}T{:02}:{:02}:{:02}Z",
                1 + next(12),
                next(24),
                next(60),
                next(60)
            )
        };
        let id = if i % 3 == 0 {
            Value::from(i as f64 + 0.25)
        } else {
            Value::from(10_000 + i as u64)
        };
        let mut session = Map::new();
        session.insert("id".into(), id);
        session.insert("organization_id".into(), format!("org-{}", next(50)).into());
        session.insert("project_id".into(), format!("project-{}", next(200)).into());
        session.insert(
            "origin_owner_id".into(),
            format!("owner-{}", next(500)).into(),
        );
        session.insert(
            "origin_owner_name".into(),
            format!("Acme Holdings {}", next(500)).into(),
        );
        session.insert("created_at".into(), created_at.into());
        match i % 4 {
            // Only the required fields.
            0 => {}
            // Optional fields given as null.
            1 => {
                for key in [
                    "account_id",
                    "categories",
                    "label",
                    "metadata",
                    "provider",
                    "type",
                ] {
                    session.insert(key.into(), Value::Null);
                }
                session.insert(
                    "origin_username".into(),
                    format!("user{}@example.com", next(1000)).into(),
                );
            }
            // Every field.
            _ => {
                let mut categories = Vec::new();
                for _ in 0..1 + next(5) {
                    let all = connect_session::Categories::ALL;
                    categories.push(Value::from(all[next(all.len() as u64) as usize].as_str()));
                }
                let mut metadata = Map::new();
                metadata.insert(
                    "plan".into(),
                    ["free", "team", "enterprise"][next(3) as usize].into(),
                );
                metadata.insert("seats".into(), next(5000).into());
                metadata.insert("trial".into(), (next(2) == 0).into());
                let mut tags = String::new();
                for t in 0..next(3) {
                    let _ = write!(tags, "{}tag-{t}", if t > 0 { "," } else { "" });
                }
                metadata.insert(
                    "nested".into(),
                    serde_json::json!({ "tags": tags, "region": "eu-west-1", "score": 0.5 }),
                );
                let token = format!(
                    "{:08x}-2178-5423-8c81-b81d6c9da{:03x}",
                    next(u32::MAX as u64),
                    next(4096)
                );
                session.insert("account_id".into(), format!("acc-{}", next(100_000)).into());
                session.insert("categories".into(), categories.into());
                session.insert("external_trigger_token".into(), token.into());
                session.insert(
                    "integration_id".into(),
                    format!("3f2a{:04x}-1c2b-4d5e-8f90-0a1b2c3d4e5f", next(65536)).into(),
                );
                session.insert(
                    "label".into(),
                    format!("Session {i} for the \"HR\" team").into(),
                );
                session.insert("metadata".into(), metadata.into());
                session.insert(
                    "origin_username".into(),
                    format!("user{}@example.com", next(1000)).into(),
                );
                session.insert("provider".into(), PROVIDERS[next(8) as usize].into());
                session.insert("type".into(), TYPES[next(4) as usize].into());
            }
        }
        sessions.push(Value::Object(session));
    }
    serde_json::to_string(&sessions).expect("a Value serializes")
}
