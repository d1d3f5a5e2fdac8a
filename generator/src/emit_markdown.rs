//! The Markdown emitter: one page per named type in the layout of Speakeasy's SDK model pages,
//! with Rust names and types, and an index. It reads the same model as the Rust emitter.

use serde_json::Value;

use crate::emit_rust::integer_name;
use crate::facts;
use crate::model::{
    Constraints, Docs, Enum, Field, Model, NumberKind, StringFormat, Struct, Tagging, TypeDef,
    TypeId, TypeKind, TypeRef, Union,
};
use crate::names;
use crate::parallel;
use crate::snippet;
use crate::text;

/// What the Markdown emitter needs besides the model.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// The crate the snippets `use` (a Rust identifier: `connect_session`).
    pub crate_name: String,
    /// The first line of every page, an HTML comment that does not render.
    pub header: String,
    /// The title of the index page.
    pub index_title: String,
}

/// A page: its path relative to the docs directory, and its text.
pub type Page = (String, String);

/// The pages of every named type, then the index (`README.md`).
pub fn pages(model: &Model, options: &MarkdownOptions) -> Vec<Page> {
    let ids: Vec<TypeId> = (0..model.types.len()).map(TypeId).collect();
    let mut pages = parallel::map(&ids, |&id| type_page(model, options, id));
    pages.push(("README.md".to_string(), index(model, options)));
    pages
}

/// The page of one type.
fn type_page(model: &Model, options: &MarkdownOptions, id: TypeId) -> Page {
    let def = model.get(id);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_page(model, options, id, s),
        TypeKind::Enum(e) => enum_page(model, options, id, e),
        TypeKind::Map(value) => map_page(model, options, id, value),
        TypeKind::Newtype(inner) => newtype_page(model, options, id, inner),
        TypeKind::Alias(inner) => alias_page(model, options, id, inner),
        TypeKind::Union(u) => union_page(model, options, id, u),
    };
    let mut page = format!("{}\n# {}\n\n", options.header, def.name);
    if let Some(intro) = intro(def) {
        page.push_str(&intro);
        page.push_str("\n\n");
    }
    page.push_str(&body);
    (format!("models/{}", names::page_file(&def.name)), page)
}

fn intro(def: &TypeDef) -> Option<String> {
    let mut parts = Vec::new();
    if def.docs.deprecated {
        parts.push(":warning: **Deprecated**".to_string());
    }
    if let Some(title) = &def.docs.title {
        if title != &def.name {
            parts.push(format!("**{}**", text::paragraph(title)));
        }
    }
    if let Some(description) = &def.docs.description {
        parts.push(text::paragraph(description));
    }
    let format_shown = match &def.kind {
        TypeKind::Newtype(ty) | TypeKind::Alias(ty) => facts::type_shows_format(ty),
        _ => false,
    };
    let facts = facts::sentences(&def.docs, &def.constraints, format_shown, &|s| {
        text::inline_code(s)
    });
    if !facts.is_empty() {
        parts.push(facts.join(" "));
    }
    if def.named_in_schema && def.schema_name != def.name {
        parts.push(format!(
            "In the schema: {}.",
            text::inline_code(&def.schema_name)
        ));
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("\n\n"))
    }
}

fn example_usage(snippet: Option<String>) -> String {
    match snippet {
        Some(snippet) => format!("## Example Usage\n\n```rust\n{snippet}```\n"),
        None => {
            "## Example Usage\n\nNo example can be built: the schema accepts no value here, or gives no example that keeps its rules.\n"
                .to_string()
        }
    }
}

fn struct_page(model: &Model, options: &MarkdownOptions, id: TypeId, s: &Struct) -> String {
    let mut page = example_usage(snippet::for_type(model, &options.crate_name, id));
    page.push_str("\n## Fields\n\n");
    if s.fields.is_empty() {
        page.push_str("This type has no fields");
        if s.deny_unknown_fields {
            page.push_str(", and any key in the JSON object is an error");
        }
        page.push_str(".\n");
        return page;
    }
    let with_examples = s.fields.iter().any(|f| !f.docs.examples.is_empty());
    let mut header = vec!["Field", "Type", "Required", "Description"];
    if with_examples {
        header.push("Example");
    }
    let rows = s
        .fields
        .iter()
        .map(|field| {
            let mut row = vec![
                field_cell(field),
                field_type(model, field),
                if field.required {
                    ":heavy_check_mark:"
                } else {
                    ":heavy_minus_sign:"
                }
                .to_string(),
                description_cell(
                    &field.docs,
                    &field.constraints,
                    facts::type_shows_format(&field.ty),
                ),
            ];
            if with_examples {
                row.push(
                    field
                        .docs
                        .examples
                        .first()
                        .map(example_cell)
                        .unwrap_or_default(),
                );
            }
            row
        })
        .collect::<Vec<_>>();
    let mut rows = rows;
    if let Some(additional) = &s.additional {
        let mut row = vec![
            format!("`{}` (every other key)", additional.name),
            format!(
                "BTreeMap&lt;String, {}&gt;",
                type_cell(model, &additional.value)
            ),
            ":heavy_minus_sign:".to_string(),
            format!(
                "Keys the fields above do not name{}, with their values",
                crate::emit_rust::key_patterns(&model.get(id).constraints.key_patterns, &code_cell)
            ),
        ];
        if with_examples {
            row.push(String::new());
        }
        rows.push(row);
    }
    page.push_str(&table(&header, rows));
    if s.deny_unknown_fields {
        page.push_str("\nKeys not listed here are rejected when deserializing.\n");
    }
    page
}

fn enum_page(model: &Model, options: &MarkdownOptions, id: TypeId, e: &Enum) -> String {
    let def = model.get(id);
    let mut page = example_usage(snippet::for_type(model, &options.crate_name, id));
    page.push_str("\n## Values\n\n");
    if e.open {
        page.push_str(&format!(
            "This is an open enum: a value not listed here is kept as `{}::{}(String)`\nand written back unchanged.\n\n",
            def.name,
            Enum::UNRECOGNIZED
        ));
    }
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
        page.push_str("This enum has no values: nothing deserializes into it.\n");
    } else {
        page.push_str(&table(&["Name", "Value"], rows));
    }
    page
}

fn map_page(model: &Model, options: &MarkdownOptions, id: TypeId, value: &TypeRef) -> String {
    let def = model.get(id);
    let mut page = example_usage(snippet::for_type(model, &options.crate_name, id));
    let holds = match value {
        TypeRef::Any => "any JSON object: keys are strings and values any JSON value".to_string(),
        other => format!(
            "a JSON object whose values are all {}",
            type_cell(model, other)
        ),
    };
    page.push_str(&format!(
        "\n## Contents\n\n`{}` holds {holds}. In Rust it is a newtype over {} that dereferences to it.\n",
        def.name,
        type_cell(model, &TypeRef::Map(Box::new(value.clone())))
    ));
    page
}

fn newtype_page(model: &Model, options: &MarkdownOptions, id: TypeId, inner: &TypeRef) -> String {
    let def = model.get(id);
    let mut page = example_usage(snippet::for_type(model, &options.crate_name, id));
    page.push_str(&format!(
        "\n## Contents\n\n`{}` is a newtype over {} that dereferences to it.\n",
        def.name,
        type_cell(model, inner)
    ));
    if crate::checks::is_checked_newtype(model, def) {
        page.push_str(&format!(
            "\nIts value keeps the rules of the schema: `{0}::new(value)` (and `{0}::try_from(value)`) returns a `ValidationError` for a value that breaks them, and so does reading JSON.\n",
            def.name
        ));
    }
    page
}

fn alias_page(model: &Model, options: &MarkdownOptions, id: TypeId, inner: &TypeRef) -> String {
    let def = model.get(id);
    let mut page = example_usage(snippet::for_type(model, &options.crate_name, id));
    page.push_str(&format!(
        "\n## Contents\n\n`{}` is another name for {}: a type alias, so values of either are the same.\n",
        def.name,
        type_cell(model, inner)
    ));
    page
}

fn union_page(model: &Model, options: &MarkdownOptions, id: TypeId, u: &Union) -> String {
    let def = model.get(id);
    // "`a` selects `A`, `b` or `c` selects `B`": which tags pick which alternative.
    let choices = u
        .variants
        .iter()
        .map(|v| {
            let values: Vec<String> = v.tag_values.iter().map(|t| text::inline_code(t)).collect();
            format!("{} selects `{}`", values.join(" or "), v.name)
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut page = match &u.tagging {
        Tagging::External => format!(
            "A value of one of the types below, written as an object whose one key is the tag of its alternative and whose value is the alternative's value (a bare tag string for alternatives that hold nothing): {choices}.\n\n## Supported Types\n"
        ),
        Tagging::Adjacent { tag, content } => format!(
            "A value of one of the types below, written as an object whose {} property is the tag of its alternative and whose {} property holds the alternative's value: {choices}.\n\n## Supported Types\n",
            text::inline_code(tag),
            text::inline_code(content),
        ),
        Tagging::Internal { property } => format!(
            "A value of one of the types below, chosen by its {} property: {choices}.\n\n## Supported Types\n",
            text::inline_code(property),
        ),
        Tagging::Untagged => format!(
            "A value of one of the types below, tried in this order when deserializing: `{}` holds it in the variant of that type.\n\n## Supported Types\n",
            def.name
        ),
    };
    for (i, variant) in u.variants.iter().enumerate() {
        page.push_str(&format!("\n### `{}`\n\n", variant.name));
        let mut about = if variant.ty == TypeRef::Null && u.tagging != Tagging::Untagged {
            "Holds nothing: its tag alone is the value".to_string()
        } else {
            format!("Holds {}", type_cell(model, &variant.ty))
        };
        if let Some(description) = &variant.docs.description {
            about.push_str(": ");
            about.push_str(&text::paragraph(description));
        } else {
            about.push('.');
        }
        page.push_str(&about);
        match snippet::for_union_variant(model, &options.crate_name, id, i) {
            Some(snippet) => page.push_str(&format!("\n\n```rust\n{snippet}```\n")),
            None => page.push_str("\n\nThis alternative accepts no value.\n"),
        }
    }
    page
}

fn index(model: &Model, options: &MarkdownOptions) -> String {
    let mut page = format!("{}\n# {}\n\n", options.header, options.index_title);
    if model.types.is_empty() {
        page.push_str("The schemas define no types.\n");
        return page;
    }
    let rows = model
        .types
        .iter()
        .map(|def| {
            let kind = match &def.kind {
                TypeKind::Struct(_) => "struct",
                TypeKind::Enum(e) if e.open => "open enum",
                TypeKind::Enum(_) => "enum",
                TypeKind::Map(_) => "free-form object",
                TypeKind::Newtype(_) => "newtype",
                TypeKind::Alias(_) => "alias",
                TypeKind::Union(_) => "union",
            };
            let description = def
                .docs
                .description
                .as_deref()
                .map(text::first_line)
                .unwrap_or("");
            vec![
                format!("[{}](models/{})", def.name, names::page_file(&def.name)),
                kind.to_string(),
                if description.is_empty() {
                    "N/A".to_string()
                } else {
                    text::table_cell(description)
                },
            ]
        })
        .collect();
    page.push_str(&table(&["Type", "Kind", "Description"], rows));
    page
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
fn code_cell(value: &str) -> String {
    text::inline_code(value).replace('|', "\\|")
}

fn field_type(model: &Model, field: &Field) -> String {
    let mut ty = type_cell(model, &field.ty);
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

/// A Rust type for a table: generated types linked to their pages, foreign types to docs.rs, and
/// angle brackets escaped.
fn type_cell(model: &Model, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => format!("[serde_json::Value]({SERDE_JSON}/enum.Value.html)"),
        TypeRef::Null => "()".to_string(),
        TypeRef::Boolean => "bool".to_string(),
        TypeRef::Integer(kind) => integer_name(*kind).to_string(),
        TypeRef::Number(NumberKind::F32) => "f32".to_string(),
        TypeRef::Number(NumberKind::F64) => "f64".to_string(),
        TypeRef::String(StringFormat::Plain) => "String".to_string(),
        TypeRef::String(StringFormat::DateTime) => format!(
            "[chrono::DateTime]({CHRONO}/struct.DateTime.html)&lt;[chrono::Utc]({CHRONO}/offset/struct.Utc.html)&gt;"
        ),
        TypeRef::String(StringFormat::Date) => {
            format!("[chrono::NaiveDate]({CHRONO}/naive/struct.NaiveDate.html)")
        }
        TypeRef::String(StringFormat::Ipv4) => {
            "[std::net::Ipv4Addr](https://doc.rust-lang.org/std/net/struct.Ipv4Addr.html)"
                .to_string()
        }
        TypeRef::String(StringFormat::Ipv6) => {
            "[std::net::Ipv6Addr](https://doc.rust-lang.org/std/net/struct.Ipv6Addr.html)"
                .to_string()
        }
        TypeRef::String(StringFormat::Uuid) => {
            "[uuid::Uuid](https://docs.rs/uuid/latest/uuid/struct.Uuid.html)".to_string()
        }
        TypeRef::String(StringFormat::Custom { rust_type, .. }) => text::table_cell(rust_type),
        TypeRef::Array(inner) => format!("Vec&lt;{}&gt;", type_cell(model, inner)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|item| type_cell(model, item)).collect();
            format!("({})", items.join(", "))
        }
        TypeRef::Map(inner) if **inner == TypeRef::Any => format!(
            "[serde_json::Map]({SERDE_JSON}/struct.Map.html)&lt;String, [serde_json::Value]({SERDE_JSON}/enum.Value.html)&gt;"
        ),
        TypeRef::Map(inner) => format!("BTreeMap&lt;String, {}&gt;", type_cell(model, inner)),
        TypeRef::Nullable(inner) => format!("Option&lt;{}&gt;", type_cell(model, inner)),
        TypeRef::Named(id) => {
            let name = &model.get(*id).name;
            format!("[{name}]({})", names::page_file(name))
        }
    }
}

fn description_cell(docs: &Docs, constraints: &Constraints, format_shown: bool) -> String {
    let mut parts = Vec::new();
    if docs.deprecated {
        parts.push(":warning: **Deprecated**".to_string());
    }
    let facts = facts::sentences(docs, constraints, format_shown, &code_cell).join(" ");
    match &docs.description {
        Some(description) => parts.push(text::table_cell(description)),
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
fn example_cell(example: &Value) -> String {
    match example {
        Value::String(s) => text::table_cell(s),
        Value::Array(_) | Value::Object(_) => {
            let pretty = serde_json::to_string_pretty(example).unwrap_or_default();
            pretty
                .lines()
                .map(|l| text::table_cell(l.trim()))
                .collect::<Vec<_>>()
                .join("<br/>")
        }
        other => text::table_cell(&other.to_string()),
    }
}

/// The widest a table's cells are padded to. A longer cell is written whole, unpadded: padding
/// every cell to the longest text of the schema would make a page grow with rows × columns ×
/// that text (one 100,000-character enum value among 2,000 made a 400 MB page).
const MAX_PADDED_WIDTH: usize = 256;

/// A table whose every cell is padded to one common width, so the raw file reads as a grid.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let width = header
        .iter()
        .map(|h| h.chars().count())
        .chain(rows.iter().flatten().map(|c| c.chars().count()))
        .max()
        .unwrap_or(3)
        .clamp(3, MAX_PADDED_WIDTH);
    let text: usize = rows.iter().flatten().map(String::len).sum();
    let lines = rows.len() + 2;
    let mut out = String::with_capacity(text + lines * (header.len() * (width + 3) + 2));
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push('|');
        for cell in cells {
            out.push(' ');
            out.push_str(cell);
            let pad = width.saturating_sub(cell.chars().count()) + 1;
            out.extend(std::iter::repeat_n(' ', pad));
            out.push('|');
        }
        out.push('\n');
    };
    line(&mut out, &mut header.iter().copied());
    let rule = "-".repeat(width);
    line(&mut out, &mut header.iter().map(|_| rule.as_str()));
    for row in &rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_grids() {
        let out = table(&["A", "Bb"], vec![vec!["x".into(), "long cell".into()]]);
        assert_eq!(
            out,
            "| A         | Bb        |\n| --------- | --------- |\n| x         | long cell |\n"
        );
    }

    #[test]
    fn cells_are_padded_to_a_bounded_width() {
        let long = "x".repeat(MAX_PADDED_WIDTH + 10);
        let out = table(&["A"], vec![vec![long.clone()], vec!["y".into()]]);
        let rows: Vec<&str> = out.lines().collect();
        assert_eq!(rows[2], format!("| {long} |"));
        assert_eq!(rows[3].len(), MAX_PADDED_WIDTH + 4);
    }

    #[test]
    fn examples_render_like_the_seed() {
        assert_eq!(
            example_cell(&serde_json::json!(["ats", "hris"])),
            "[<br/>\"ats\",<br/>\"hris\"<br/>]"
        );
        assert_eq!(example_cell(&serde_json::json!("a|b")), "a\\|b");
        assert_eq!(example_cell(&serde_json::json!(12.5)), "12.5");
    }
}
