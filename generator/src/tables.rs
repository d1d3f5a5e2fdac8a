//! The cells of the Fields and Values tables, built once for the two places they are read: the
//! Markdown pages, whose links go to other pages and to docs.rs, and the rustdoc of the generated
//! types, whose links are intra-doc links to the items themselves. Both show the same rows.

use serde_json::Value;

use crate::emit_rust::{integer_name, key_patterns};
use crate::facts;
use crate::model::{
    Constraints, Docs, Enum, Field, Model, NumberKind, StringFormat, Struct, TypeId, TypeRef,
};
use crate::names;
use crate::text;

/// What a type's page and rustdoc say in place of its Example Usage when no value can be built.
pub const NO_EXAMPLE: &str = "No example can be built: the schema accepts no value here, or gives no example that keeps its rules.";

/// What they say after the Fields table of a struct that refuses other keys.
pub const OTHER_KEYS_REFUSED: &str = "Keys not listed here are rejected when deserializing.";

/// What they say in place of the Values table of an enum without values.
pub const NO_VALUES: &str = "This enum has no values: nothing deserializes into it.";

/// Where a table is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// A Markdown page (GitHub-flavoured): generated types link to their pages, foreign types to
    /// docs.rs, marks are GitHub emoji shortcodes.
    Page,
    /// rustdoc: generated and foreign types are intra-doc links, marks are Unicode, and brackets
    /// from the schema are escaped so that none reads as a link.
    Rustdoc,
}

/// A table: its header and its rows, each with as many cells as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The column titles.
    pub header: Vec<&'static str>,
    /// The cells, row by row.
    pub rows: Vec<Vec<String>>,
}

impl Flavour {
    /// The Required cell.
    fn required(self, required: bool) -> &'static str {
        match (self, required) {
            (Flavour::Page, true) => ":heavy_check_mark:",
            (Flavour::Page, false) => ":heavy_minus_sign:",
            (Flavour::Rustdoc, true) => "✔️",
            (Flavour::Rustdoc, false) => "➖",
        }
    }

    /// The mark that opens the description of a deprecated property.
    fn deprecated(self) -> &'static str {
        match self {
            Flavour::Page => ":warning: **Deprecated**",
            Flavour::Rustdoc => "⚠️ **Deprecated**",
        }
    }

    /// Schema text as one cell (see [`text::table_cell`]); for rustdoc, with no brackets that
    /// rustdoc would read as intra-doc links ([`text::rustdoc_cell`]).
    pub fn text(self, value: &str) -> String {
        let cell = text::table_cell(value);
        match self {
            Flavour::Page => cell,
            Flavour::Rustdoc => text::rustdoc_cell(&cell),
        }
    }

    /// A link to the generated type `name`.
    fn named(self, name: &str) -> String {
        match self {
            Flavour::Page => format!("[{name}]({})", names::page_file(name)),
            Flavour::Rustdoc => format!("[`{name}`]"),
        }
    }

    /// A link to a type of another crate, `path` as written in Rust (`chrono::NaiveDate`),
    /// documented at `url` for pages.
    fn foreign(self, path: &str, url: &str) -> String {
        match self {
            Flavour::Page => format!("[{path}]({url})"),
            Flavour::Rustdoc => format!("[{path}]"),
        }
    }
}

/// The Fields table of a struct; `None` when it has no fields to list.
pub fn fields(model: &Model, id: TypeId, s: &Struct, flavour: Flavour) -> Option<Table> {
    if s.fields.is_empty() {
        return None;
    }
    let with_examples = s.fields.iter().any(|f| !f.docs.examples.is_empty());
    let mut header = vec!["Field", "Type", "Required", "Description"];
    if with_examples {
        header.push("Example");
    }
    let mut rows: Vec<Vec<String>> = s
        .fields
        .iter()
        .map(|field| {
            let mut row = vec![
                field_cell(field),
                field_type(model, field, flavour),
                flavour.required(field.required).to_string(),
                description_cell(
                    &field.docs,
                    &field.constraints,
                    facts::type_shows_format(&field.ty),
                    flavour,
                ),
            ];
            if with_examples {
                let example = field.docs.examples.first();
                row.push(
                    example
                        .map(|e| example_cell(e, flavour))
                        .unwrap_or_default(),
                );
            }
            row
        })
        .collect();
    if let Some(additional) = &s.additional {
        let mut row = vec![
            format!("`{}` (every other key)", additional.name),
            format!(
                "BTreeMap&lt;String, {}&gt;",
                type_cell(model, &additional.value, flavour)
            ),
            flavour.required(false).to_string(),
            format!(
                "Keys the fields above do not name{}, with their values",
                key_patterns(&model.get(id).constraints.key_patterns, &code_cell)
            ),
        ];
        if with_examples {
            row.push(String::new());
        }
        rows.push(row);
    }
    Some(Table { header, rows })
}

/// The Values table of a string enum (the `Unrecognized` row last for an open one); `None` when
/// it has no row.
pub fn values(e: &Enum) -> Option<Table> {
    let mut rows: Vec<Vec<String>> = e
        .variants
        .iter()
        .map(|v| vec![format!("`{}`", v.name), code_cell(&v.value)])
        .collect();
    if e.open {
        rows.push(vec![
            "-".to_string(),
            format!("`{}(String)`", Enum::UNRECOGNIZED),
        ]);
    }
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        header: vec!["Name", "Value"],
        rows,
    })
}

/// The Field cell: the Rust name, and the JSON key where it differs.
fn field_cell(field: &Field) -> String {
    let rust = format!("`{}`", field.name);
    if names::unraw(&field.name) == field.key && !field.name.starts_with("r#") {
        rust
    } else {
        format!("{rust} (JSON key {})", code_cell(&field.key))
    }
}

/// A code span inside a table cell.
pub fn code_cell(value: &str) -> String {
    text::inline_code(value).replace('|', "\\|")
}

/// The Type cell of a field: its type as the struct writes it.
fn field_type(model: &Model, field: &Field, flavour: Flavour) -> String {
    let mut ty = type_cell(model, &field.ty, flavour);
    if field.boxed {
        ty = format!("Box&lt;{ty}&gt;");
    }
    if field.tri_state {
        ty = format!("Nullable&lt;{ty}&gt;");
    } else if field.is_option() {
        ty = format!("Option&lt;{ty}&gt;");
    }
    ty
}

const CHRONO: &str = "https://docs.rs/chrono/latest/chrono";
const SERDE_JSON: &str = "https://docs.rs/serde_json/latest/serde_json";

/// A Rust type for a table: generated and foreign types linked, angle brackets escaped.
pub fn type_cell(model: &Model, ty: &TypeRef, flavour: Flavour) -> String {
    let value = || {
        flavour.foreign(
            "serde_json::Value",
            &format!("{SERDE_JSON}/enum.Value.html"),
        )
    };
    match ty {
        TypeRef::Any => value(),
        TypeRef::Null => "()".to_string(),
        TypeRef::Boolean => "bool".to_string(),
        TypeRef::Integer(kind) => integer_name(*kind).to_string(),
        TypeRef::Number(NumberKind::F32) => "f32".to_string(),
        TypeRef::Number(NumberKind::F64) => "f64".to_string(),
        TypeRef::String(StringFormat::Plain) => "String".to_string(),
        TypeRef::String(StringFormat::DateTime) => format!(
            "{}&lt;{}&gt;",
            flavour.foreign(
                "chrono::DateTime",
                &format!("{CHRONO}/struct.DateTime.html")
            ),
            flavour.foreign("chrono::Utc", &format!("{CHRONO}/offset/struct.Utc.html"))
        ),
        TypeRef::String(StringFormat::Date) => flavour.foreign(
            "chrono::NaiveDate",
            &format!("{CHRONO}/naive/struct.NaiveDate.html"),
        ),
        TypeRef::String(StringFormat::Ipv4) => flavour.foreign(
            "std::net::Ipv4Addr",
            "https://doc.rust-lang.org/std/net/struct.Ipv4Addr.html",
        ),
        TypeRef::String(StringFormat::Ipv6) => flavour.foreign(
            "std::net::Ipv6Addr",
            "https://doc.rust-lang.org/std/net/struct.Ipv6Addr.html",
        ),
        TypeRef::String(StringFormat::Uuid) => flavour.foreign(
            "uuid::Uuid",
            "https://docs.rs/uuid/latest/uuid/struct.Uuid.html",
        ),
        TypeRef::String(StringFormat::Custom { rust_type, .. }) => flavour.text(rust_type),
        TypeRef::Array(inner) => format!("Vec&lt;{}&gt;", type_cell(model, inner, flavour)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|item| type_cell(model, item, flavour))
                .collect();
            format!("({})", items.join(", "))
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => format!(
            "{}&lt;String, {}&gt;",
            flavour.foreign("serde_json::Map", &format!("{SERDE_JSON}/struct.Map.html")),
            value()
        ),
        TypeRef::Map(inner) => format!(
            "BTreeMap&lt;String, {}&gt;",
            type_cell(model, inner, flavour)
        ),
        TypeRef::Nullable(inner) => format!("Option&lt;{}&gt;", type_cell(model, inner, flavour)),
        TypeRef::Named(id) => flavour.named(&model.get(*id).name),
    }
}

/// The Description cell: deprecation, the description (or `N/A`), then the facts.
fn description_cell(
    docs: &Docs,
    constraints: &Constraints,
    format_shown: bool,
    flavour: Flavour,
) -> String {
    let mut parts = Vec::new();
    if docs.deprecated {
        parts.push(flavour.deprecated().to_string());
    }
    // A code span keeps brackets as they are, in both flavours.
    let facts = facts::sentences(docs, constraints, format_shown, &code_cell).join(" ");
    match &docs.description {
        Some(description) => parts.push(flavour.text(description)),
        None if parts.is_empty() && facts.is_empty() => parts.push("N/A".to_string()),
        None => {}
    }
    let mut cell = parts.join(": ");
    if !facts.is_empty() {
        if !cell.is_empty() {
            cell.push_str("<br/>");
        }
        cell.push_str(&facts);
    }
    cell
}

/// An example for the table: strings raw, numbers and booleans as written, arrays and objects as
/// indented JSON with each line trimmed and joined by `<br/>`.
pub fn example_cell(example: &Value, flavour: Flavour) -> String {
    match example {
        Value::String(s) => flavour.text(s),
        Value::Array(_) | Value::Object(_) => {
            let pretty = serde_json::to_string_pretty(example).unwrap_or_default();
            pretty
                .lines()
                .map(|l| flavour.text(l.trim()))
                .collect::<Vec<_>>()
                .join("<br/>")
        }
        other => flavour.text(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_render_like_the_seed() {
        assert_eq!(
            example_cell(&serde_json::json!(["ats", "hris"]), Flavour::Page),
            "[<br/>\"ats\",<br/>\"hris\"<br/>]"
        );
        assert_eq!(
            example_cell(&serde_json::json!("a|b"), Flavour::Page),
            "a\\|b"
        );
        assert_eq!(
            example_cell(&serde_json::json!(12.5), Flavour::Page),
            "12.5"
        );
    }

    #[test]
    fn rustdoc_cells_hold_no_links_from_the_schema() {
        assert_eq!(
            example_cell(&serde_json::json!(["ats"]), Flavour::Rustdoc),
            "\\[<br/>\"ats\"<br/>\\]"
        );
        assert_eq!(
            Flavour::Rustdoc.text("see [`Other`] <b>"),
            "see \\[\\`Other\\`\\] &lt;b&gt;"
        );
    }
}
