//! What a schema edit does: the changes between two [`Model`]s, each classified for the Rust API
//! of the generated crate and for the data on the wire.
//!
//! Types are matched by their Rust name, struct fields by their JSON key and enum variants by
//! their JSON value, so that the verdicts are about the code really generated: a schema edit
//! that changes nothing in the model changes nothing here. [`compare`] walks the two models,
//! [`wire`] decides whether data written under one version reads under the other, [`rust`]
//! prints the Rust types compared, [`report`] prints the result and [`git`] reads the schemas
//! of a git revision.

pub mod compare;
pub mod git;
pub mod report;
pub mod rust;
pub mod wire;

#[cfg(test)]
mod tests;

use crate::model::Model;

/// What a change does to the Rust API of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// Code that compiled against the old crate may not compile against the new one.
    Breaking,
    /// Something new that no old code can name.
    Additive,
    /// The API is the same (documentation, constraints, the wire alone).
    None,
}

/// What a change does to data exchanged between programs built from the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Wire {
    /// Some data valid under one version is refused (or read wrongly) by code built from the
    /// other.
    Breaking,
    /// Everything still reads.
    Compatible,
}

impl Wire {
    fn from_ok(ok: bool) -> Wire {
        if ok { Wire::Compatible } else { Wire::Breaking }
    }
}

/// The version bump a set of changes asks of the generated crate. For a `0.x` crate, Cargo
/// reads the first non-zero number as the major one: `Major` means `0.x` → `0.(x+1)` there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    /// A breaking change to the API.
    Major,
    /// An addition only.
    Minor,
    /// Nothing the API shows (or nothing at all).
    Patch,
}

/// What changed, as a stable tag (the `change` of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum ChangeKind {
    TypeAdded,
    TypeRemoved,
    TypeRenamed,
    KindChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldTypeChanged,
    FieldBoxed,
    FieldUnboxed,
    FieldRequired,
    FieldOptional,
    FieldNullable,
    FieldNotNullable,
    DefaultChanged,
    UnknownFieldsDenied,
    UnknownFieldsAllowed,
    AdditionalAdded,
    AdditionalRemoved,
    AdditionalChanged,
    VariantAdded,
    VariantRemoved,
    VariantRenamed,
    VariantTypeChanged,
    VariantTagsChanged,
    TaggingChanged,
    EnumOpened,
    EnumClosed,
    TargetChanged,
    Deprecated,
    Undeprecated,
    DocsChanged,
    ConstraintsChanged,
}

impl ChangeKind {
    /// The tag, in kebab case.
    pub fn as_str(self) -> &'static str {
        use ChangeKind::*;
        match self {
            TypeAdded => "type-added",
            TypeRemoved => "type-removed",
            TypeRenamed => "type-renamed",
            KindChanged => "kind-changed",
            FieldAdded => "field-added",
            FieldRemoved => "field-removed",
            FieldRenamed => "field-renamed",
            FieldTypeChanged => "field-type-changed",
            FieldBoxed => "field-boxed",
            FieldUnboxed => "field-unboxed",
            FieldRequired => "field-required",
            FieldOptional => "field-optional",
            FieldNullable => "field-nullable",
            FieldNotNullable => "field-not-nullable",
            DefaultChanged => "default-changed",
            UnknownFieldsDenied => "unknown-fields-denied",
            UnknownFieldsAllowed => "unknown-fields-allowed",
            AdditionalAdded => "additional-properties-added",
            AdditionalRemoved => "additional-properties-removed",
            AdditionalChanged => "additional-properties-type-changed",
            VariantAdded => "variant-added",
            VariantRemoved => "variant-removed",
            VariantRenamed => "variant-renamed",
            VariantTypeChanged => "variant-type-changed",
            VariantTagsChanged => "variant-tags-changed",
            TaggingChanged => "tagging-changed",
            EnumOpened => "enum-opened",
            EnumClosed => "enum-closed",
            TargetChanged => "target-changed",
            Deprecated => "deprecated",
            Undeprecated => "undeprecated",
            DocsChanged => "docs-changed",
            ConstraintsChanged => "constraints-changed",
        }
    }
}

/// One change between two versions, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where: `Type`, `Type.json_key` (a field), `Type::value` (an enum value) or
    /// `Type::Variant` (a union alternative).
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The change in words (`f64 → String`).
    pub detail: String,
    /// The effect on the Rust API.
    pub api: Api,
    /// Whether data written under the new schema still reads with code built from the old one.
    pub old_readers: Wire,
    /// Whether data written under the old schema still reads with code built from the new one.
    pub old_writers: Wire,
}

impl Change {
    /// Breaking on the wire in either direction.
    pub fn wire(&self) -> Wire {
        self.old_readers.min(self.old_writers)
    }

    /// Breaking for the API or for the wire.
    pub fn is_breaking(&self) -> bool {
        self.api == Api::Breaking || self.wire() == Wire::Breaking
    }
}

/// Every change between two versions, in a deterministic order (the old model's type order,
/// then new types).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Diff {
    /// The bump the API changes ask for.
    pub fn semver(&self) -> Semver {
        let api = self.changes.iter().map(|c| c.api).min();
        match api {
            Some(Api::Breaking) => Semver::Major,
            Some(Api::Additive) => Semver::Minor,
            _ => Semver::Patch,
        }
    }

    /// Whether some change breaks the API or the wire.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }

    /// The changes at `path`.
    pub fn at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Change> + 'a {
        self.changes.iter().filter(move |c| c.path == path)
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &Model, new: &Model) -> Diff {
    Diff {
        changes: compare::changes(old, new),
    }
}
