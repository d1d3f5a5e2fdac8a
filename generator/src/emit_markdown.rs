//! The Markdown emitter: one page per named type in the layout of Speakeasy's SDK model pages,
//! with Rust names and types, and an index. It reads the same model as the Rust emitter.

use crate::facts;
use crate::model::{Enum, Model, Struct, Tagging, TypeDef, TypeId, TypeKind, TypeRef, Union};
use crate::names;
use crate::parallel;
use crate::snippet::Snippets;
use crate::tables::{self, Flavour, type_cell};
use crate::text;

/// What the Markdown emitter needs besides the model.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// The Example Usage snippets, made once for the pages and the rustdoc.
    pub snippets: std::sync::Arc<Snippets>,
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
        None => format!("## Example Usage\n\n{}\n", tables::NO_EXAMPLE),
    }
}

fn struct_page(model: &Model, options: &MarkdownOptions, id: TypeId, s: &Struct) -> String {
    let mut page = example_usage(options.snippets.for_type(id).map(str::to_string));
    page.push_str("\n## Fields\n\n");
    let Some(fields) = tables::fields(model, id, s, Flavour::Page) else {
        page.push_str("This type has no fields");
        if s.deny_unknown_fields {
            page.push_str(", and any key in the JSON object is an error");
        }
        page.push_str(".\n");
        return page;
    };
    page.push_str(&table(&fields.header, fields.rows));
    if s.deny_unknown_fields {
        page.push_str(&format!("\n{}\n", tables::OTHER_KEYS_REFUSED));
    }
    page
}

fn enum_page(model: &Model, options: &MarkdownOptions, id: TypeId, e: &Enum) -> String {
    let def = model.get(id);
    let mut page = example_usage(options.snippets.for_type(id).map(str::to_string));
    page.push_str("\n## Values\n\n");
    if e.open {
        page.push_str(&format!(
            "This is an open enum: a value not listed here is kept as `{}::{}(String)`\nand written back unchanged.\n\n",
            def.name,
            Enum::UNRECOGNIZED
        ));
    }
    match tables::values(e) {
        Some(values) => page.push_str(&table(&values.header, values.rows)),
        None => page.push_str(&format!("{}\n", tables::NO_VALUES)),
    }
    page
}

fn map_page(model: &Model, options: &MarkdownOptions, id: TypeId, value: &TypeRef) -> String {
    let def = model.get(id);
    let mut page = example_usage(options.snippets.for_type(id).map(str::to_string));
    let holds = match value {
        TypeRef::Any => "any JSON object: keys are strings and values any JSON value".to_string(),
        other => format!(
            "a JSON object whose values are all {}",
            type_cell(model, other, Flavour::Page)
        ),
    };
    page.push_str(&format!(
        "\n## Contents\n\n`{}` holds {holds}. In Rust it is a newtype over {} that dereferences to it.\n",
        def.name,
        type_cell(model, &TypeRef::Map(Box::new(value.clone())), Flavour::Page)
    ));
    page
}

fn newtype_page(model: &Model, options: &MarkdownOptions, id: TypeId, inner: &TypeRef) -> String {
    let def = model.get(id);
    let mut page = example_usage(options.snippets.for_type(id).map(str::to_string));
    page.push_str(&format!(
        "\n## Contents\n\n`{}` is a newtype over {} that dereferences to it.\n",
        def.name,
        type_cell(model, inner, Flavour::Page)
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
    let mut page = example_usage(options.snippets.for_type(id).map(str::to_string));
    page.push_str(&format!(
        "\n## Contents\n\n`{}` is another name for {}: a type alias, so values of either are the same.\n",
        def.name,
        type_cell(model, inner, Flavour::Page)
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
            format!("Holds {}", type_cell(model, &variant.ty, Flavour::Page))
        };
        if let Some(description) = &variant.docs.description {
            about.push_str(": ");
            about.push_str(&text::paragraph(description));
        } else {
            about.push('.');
        }
        page.push_str(&about);
        match options.snippets.for_union_variant(id, i) {
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
}
