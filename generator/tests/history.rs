//! The real history of the ConnectSession component (`tests/history/`, from StackOne's published
//! OpenAPI snapshots; see its README), each consecutive pair of versions diffed and every change
//! checked with its verdicts: `(path, change, api, old readers, old writers)`, where the last two
//! say whether data written under the new version reads with code built from the old one, and
//! the other way round.

use std::path::{Path, PathBuf};

use schemagen::diff::{Diff, Semver};
use schemagen::{Config, Model, build_model};

fn history_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/history")
}

/// The versions in order: `v0-2023-11-13.json`, ...
fn versions() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(history_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort_by_key(|p| {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        name[1..name.find('-').unwrap()].parse::<u32>().unwrap()
    });
    files
}

fn model(file: &Path) -> Model {
    let config = Config::new([file]).base_dir(history_dir());
    match build_model(&config) {
        Ok(built) => built.model,
        Err(err) => panic!("{}: {err}", file.display()),
    }
}

fn diff(from: usize) -> Diff {
    let files = versions();
    schemagen::diff::diff(&model(&files[from]), &model(&files[from + 1]))
}

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn check(from: usize, expect: &[Row]) {
    let diff = diff(from);
    let got: Vec<(&str, &str, &str, &str, &str)> = diff
        .changes
        .iter()
        .map(|c| {
            (
                c.path.as_str(),
                c.kind.as_str(),
                c.api.as_str(),
                c.old_readers.as_str(),
                c.old_writers.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        expect,
        "v{from} → v{}:\n{}",
        from + 1,
        diff.lines().join("\n")
    );
}

const B: &str = "breaking";
const OK: &str = "compatible";
const NONE: &str = "none";
const ADD: &str = "additive";

#[test]
fn there_are_ten_versions() {
    assert_eq!(versions().len(), 10);
}

#[test]
fn v0_to_v1_ids_become_numbers_provider_optional_fields_nullable() {
    check(
        0,
        &[
            // Old readers require `provider` and refuse null; new writers may do either.
            ("ConnectSession.provider", "field-optional", B, B, OK),
            ("ConnectSession.provider", "field-nullable", B, B, OK),
            // The items may now be null: `Vec<Option<CategoriesItem>>`.
            ("ConnectSession.categories", "field-type-changed", B, B, OK),
            // Already an `Option`: nullability is not in the API.
            ("ConnectSession.categories", "field-nullable", NONE, B, OK),
            ("ConnectSession.categories", "docs-changed", NONE, OK, OK),
            // A string id does not read as a number, nor the other way round.
            ("ConnectSession.id", "field-type-changed", B, B, B),
            (
                "ConnectSession.organization_id",
                "field-type-changed",
                B,
                B,
                B,
            ),
            (
                "ConnectSession.origin_username",
                "field-nullable",
                NONE,
                B,
                OK,
            ),
            // New optional fields: old readers drop them, struct literals miss them.
            ("ConnectSession.account_id", "field-added", B, OK, OK),
            ("ConnectSession.label", "field-added", B, OK, OK),
            // `x-speakeasy-unknown-values` sits on the array, not on the enum: the enum is
            // closed, so old readers refuse the new values.
            ("CategoriesItem::Iam", "variant-added", B, B, OK),
            ("CategoriesItem::Lms", "variant-added", B, B, OK),
            ("CategoriesItem::Documents", "variant-added", B, B, OK),
        ],
    );
}

#[test]
fn v1_to_v2_metadata_and_two_categories() {
    check(
        1,
        &[
            ("ConnectSession.categories", "docs-changed", NONE, OK, OK),
            ("ConnectSession.metadata", "field-added", B, OK, OK),
            ("CategoriesItem::Ticketing", "variant-added", B, B, OK),
            ("CategoriesItem::Screening", "variant-added", B, B, OK),
        ],
    );
}

#[test]
fn v2_to_v3_external_trigger_token() {
    check(
        2,
        &[(
            "ConnectSession.external_trigger_token",
            "field-added",
            B,
            OK,
            OK,
        )],
    );
}

#[test]
fn v3_to_v4_messaging() {
    check(
        3,
        &[
            ("ConnectSession.categories", "docs-changed", NONE, OK, OK),
            ("CategoriesItem::Messaging", "variant-added", B, B, OK),
        ],
    );
}

#[test]
fn v4_to_v5_type_an_open_enum_and_accounting() {
    check(
        4,
        &[
            ("ConnectSession.categories", "docs-changed", NONE, OK, OK),
            ("ConnectSession.type", "field-added", B, OK, OK),
            ("CategoriesItem::Accounting", "variant-added", B, B, OK),
            ("ConnectSessionType", "type-added", ADD, OK, OK),
        ],
    );
}

#[test]
fn v5_to_v6_scheduling() {
    check(
        5,
        &[
            ("ConnectSession.categories", "docs-changed", NONE, OK, OK),
            ("CategoriesItem::Scheduling", "variant-added", B, B, OK),
        ],
    );
}

#[test]
fn v6_to_v7_integration_id() {
    check(
        6,
        &[("ConnectSession.integration_id", "field-added", B, OK, OK)],
    );
}

#[test]
fn v7_to_v8_organization_id_number_to_string_or_number() {
    check(
        7,
        &[
            // New readers read every old number; old readers (f64) refuse a string.
            (
                "ConnectSession.organization_id",
                "field-type-changed",
                B,
                B,
                OK,
            ),
            ("OrganizationId", "type-added", ADD, OK, OK),
        ],
    );
}

#[test]
fn v8_to_v9_organization_id_string_or_number_to_string() {
    check(
        8,
        &[
            // Old readers read a string; new readers (String) refuse an old number.
            (
                "ConnectSession.organization_id",
                "field-type-changed",
                B,
                OK,
                B,
            ),
            ("OrganizationId", "type-removed", B, OK, OK),
        ],
    );
}

#[test]
fn every_pair_needs_a_major_bump_and_a_version_against_itself_none() {
    for from in 0..versions().len() - 1 {
        let diff = diff(from);
        assert_eq!(diff.semver(), Semver::Major, "v{from}");
        assert!(diff.is_breaking(), "v{from}");
    }
    for file in versions() {
        let same = schemagen::diff::diff(&model(&file), &model(&file));
        assert!(same.changes.is_empty(), "{}", file.display());
        assert_eq!(same.semver(), Semver::Patch);
    }
}
