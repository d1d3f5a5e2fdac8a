//! The rustdoc of the generated items. A type's docs carry what its Markdown page carries, in the
//! same order: the description, the Example Usage snippet (a doctest, so the snippet the page
//! shows is compiled and run), and the Fields or Values table, built by [`crate::tables`] from
//! the same rows as the page's, with intra-doc links.

use proc_macro2::TokenStream;
use quote::quote;

use crate::facts;
use crate::model::{Constraints, Docs, Enum, Field, Model, TypeDef, TypeId, TypeKind};
use crate::snippet::Snippets;
use crate::tables::{self, Flavour, Table};
use crate::text;

/// The rustdoc of an item: its lines, the first `described` of which say what the schema says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDocs {
    /// Every line, in order.
    pub lines: Vec<String>,
    /// How many lines, from the first, come from the schema's own documentation: what a
    /// `schemars` derive should read as the title and description, rather than the sections
    /// that follow them.
    pub described: usize,
}

impl ItemDocs {
    /// The title and description `schemars` reads from the schema's lines, as its derive reads
    /// them from a doc comment (a first line starting with `#` is the title); `None` when the
    /// doc comment holds nothing more, so that the derive reads the same from it.
    pub fn schemars_metadata(&self) -> Option<(String, String)> {
        if self.described == self.lines.len() {
            return None;
        }
        let doc = self.lines[..self.described].join("\n");
        let doc = doc.trim();
        Some(match doc.strip_prefix('#') {
            Some(_) => {
                let (title, description) = doc.split_once('\n').unwrap_or((doc, ""));
                (
                    title.trim_start_matches('#').trim().to_string(),
                    description.trim().to_string(),
                )
            }
            None => (String::new(), doc.to_string()),
        })
    }
}

/// The docs of the type `id`: its description, then its Example Usage, then its table.
pub fn type_docs(model: &Model, snippets: &Snippets, id: TypeId) -> ItemDocs {
    let def = model.get(id);
    let mut lines = described(def);
    if let TypeKind::Enum(e) = &def.kind {
        if e.open {
            paragraph(
                &mut lines,
                [format!(
                    "An open enum: a value not listed here is kept in `{}` and written back unchanged.",
                    Enum::UNRECOGNIZED
                )],
            );
        }
    }
    let described = lines.len();
    // A union has one snippet per alternative, on the alternative's own docs.
    if !matches!(def.kind, TypeKind::Union(_)) {
        paragraph(&mut lines, ["# Example Usage".to_string()]);
        match snippets.for_type(id) {
            Some(snippet) => paragraph(&mut lines, code_block(snippet)),
            None => paragraph(&mut lines, [tables::NO_EXAMPLE.to_string()]),
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => {
            paragraph(&mut lines, ["# Fields".to_string()]);
            match tables::fields(model, id, s, Flavour::Rustdoc) {
                Some(fields) => paragraph(&mut lines, table(&fields)),
                None => paragraph(&mut lines, ["This type has no fields.".to_string()]),
            }
            if s.deny_unknown_fields {
                paragraph(&mut lines, [tables::OTHER_KEYS_REFUSED.to_string()]);
            }
        }
        TypeKind::Enum(e) => {
            paragraph(&mut lines, ["# Values".to_string()]);
            match tables::values(e) {
                Some(values) => paragraph(&mut lines, table(&values)),
                None => paragraph(&mut lines, [tables::NO_VALUES.to_string()]),
            }
        }
        TypeKind::Map(_) | TypeKind::Newtype(_) | TypeKind::Alias(_) | TypeKind::Union(_) => {}
    }
    ItemDocs { lines, described }
}

/// The docs of the alternative `variant` of the union `id`: its description, then its snippet.
pub fn variant_docs(model: &Model, snippets: &Snippets, id: TypeId, variant: usize) -> ItemDocs {
    let mut lines = Vec::new();
    if let TypeKind::Union(u) = &model.get(id).kind {
        if let Some(v) = u.variants.get(variant) {
            lines = doc_lines(
                &v.docs,
                &Constraints::default(),
                facts::type_shows_format(&v.ty),
            );
        }
    }
    let described = lines.len();
    if let Some(snippet) = snippets.for_union_variant(id, variant) {
        paragraph(&mut lines, code_block(snippet));
    }
    ItemDocs { lines, described }
}

/// Rustdoc for a field.
pub fn field_docs(field: &Field) -> Vec<String> {
    doc_lines(
        &field.docs,
        &field.constraints,
        facts::type_shows_format(&field.ty),
    )
}

/// `#[allow(missing_docs)]` where the schema documents nothing: inventing descriptions would
/// put text into the docs (and into `schemars` output) that the schema does not have.
pub fn allow_missing_docs(undocumented: bool) -> TokenStream {
    if undocumented {
        quote!(#[allow(missing_docs)])
    } else {
        TokenStream::new()
    }
}

/// The doc comment of a field or variant, as one placeholder attribute that the printer
/// replaces with the lines (see [`take_doc_lines`]). Written as `#[doc]` attributes, the lines
/// (most of them a union variant's snippet) would be quoted, parsed by `syn` and printed by
/// `prettyplease`, only to come out as the same `///` lines.
pub fn doc_attrs(lines: &[String]) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    let marker = PENDING_DOCS.with(|pending| {
        let mut pending = pending.borrow_mut();
        pending.push(lines.to_vec());
        format!("{DOC_MARKER}{}", pending.len() - 1)
    });
    quote!(#[doc = #marker])
}

/// What a placeholder doc comment starts with: a control character, which no doc line holds
/// ([`crate::text`] removes them).
pub const DOC_MARKER: char = '\u{1}';

thread_local! {
    /// The lines of the placeholders [`doc_attrs`] made on this thread and that are not
    /// printed yet.
    static PENDING_DOCS: std::cell::RefCell<Vec<Vec<String>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The lines of the placeholders made on this thread since the last call, by number.
pub fn take_doc_lines() -> Vec<Vec<String>> {
    PENDING_DOCS.with(|pending| std::mem::take(&mut *pending.borrow_mut()))
}

/// Appends `lines` as `///` comments indented by `indent` spaces, as `prettyplease` prints
/// `#[doc]` attributes.
pub fn push_doc_comment(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        out.push_str(indent);
        out.push_str("///");
        let line = line.trim_end_matches(' ');
        if !line.is_empty() {
            out.push(' ');
            // A carriage return may not stand in a doc comment; a newline would end it.
            out.extend(line.chars().map(|c| match c {
                '\r' | '\n' => ' ',
                c => c,
            }));
        }
        out.push('\n');
    }
}

/// Doc lines of a named type from its schema: its description and examples (a title equal to
/// the name adds nothing).
fn described(def: &TypeDef) -> Vec<String> {
    let mut docs = def.docs.clone();
    if docs.title.as_deref() == Some(def.schema_name.as_str())
        || docs.title.as_deref() == Some(def.name.as_str())
    {
        docs.title = None;
    }
    let format_shown = match &def.kind {
        TypeKind::Newtype(ty) | TypeKind::Alias(ty) => facts::type_shows_format(ty),
        _ => false,
    };
    doc_lines(&docs, &def.constraints, format_shown)
}

/// Rustdoc for a piece of documentation, safe to paste into `///` comments; `format_shown` when
/// the Rust type already says what `format` says.
fn doc_lines(docs: &Docs, constraints: &Constraints, format_shown: bool) -> Vec<String> {
    let mut lines = Vec::new();
    if docs.deprecated {
        lines.push("**Deprecated.**".to_string());
    }
    if let Some(title) = &docs.title {
        lines.extend(text::rustdoc(title).lines().map(str::to_string));
    }
    if let Some(description) = &docs.description {
        paragraph(
            &mut lines,
            text::rustdoc(description).lines().map(str::to_string),
        );
    }
    let mut facts = facts::sentences(docs, constraints, format_shown, &|s| text::inline_code(s));
    if !docs.examples.is_empty() {
        let label = if docs.examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        let list: Vec<String> = docs
            .examples
            .iter()
            .map(|e| text::inline_code(&facts::compact_json(e)))
            .collect();
        facts.push(format!("{label}: {}.", list.join(", ")));
    }
    paragraph(&mut lines, facts);
    lines
}

/// Appends `more` as a paragraph of its own: after a blank line when `lines` has some already.
fn paragraph(lines: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    let mut more = more.into_iter().peekable();
    if more.peek().is_some() && !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(more);
}

/// A snippet as a doctest: fenced by more backticks than it holds in a row, and with every line
/// that starts with `#` written `##`, which rustdoc shows as `#` rather than hiding the line.
fn code_block(snippet: &str) -> Vec<String> {
    let fence = "`".repeat(text::longest_run(snippet, '`').max(2) + 1);
    let mut lines = vec![fence.clone()];
    lines.extend(snippet.lines().map(|line| {
        let indent = line.len() - line.trim_start().len();
        if line[indent..].starts_with('#') {
            format!("{}#{}", &line[..indent], &line[indent..])
        } else {
            line.to_string()
        }
    }));
    lines.push(fence);
    lines
}

/// A table as rustdoc Markdown: cells are not padded (rustdoc lays the table out).
fn table(table: &Table) -> Vec<String> {
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut line = String::from("|");
        for cell in cells {
            line.push(' ');
            line.push_str(cell);
            line.push_str(" |");
        }
        line
    };
    let mut lines = vec![
        line(&mut table.header.iter().copied()),
        line(&mut table.header.iter().map(|_| "---")),
    ];
    lines.extend(
        table
            .rows
            .iter()
            .map(|row| line(&mut row.iter().map(String::as_str))),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemars_reads_only_what_the_schema_says() {
        let docs = |lines: &[&str], described| ItemDocs {
            lines: lines.iter().map(|l| l.to_string()).collect(),
            described,
        };
        assert_eq!(docs(&["A thing."], 1).schemars_metadata(), None);
        assert_eq!(
            docs(&["A thing.", "", "# Fields"], 1).schemars_metadata(),
            Some((String::new(), "A thing.".to_string()))
        );
        assert_eq!(
            docs(&["# Title", "Text.", "", "# Fields"], 2).schemars_metadata(),
            Some(("Title".to_string(), "Text.".to_string()))
        );
        assert_eq!(
            docs(&["# Example Usage"], 0).schemars_metadata(),
            Some((String::new(), String::new()))
        );
    }

    #[test]
    fn snippets_keep_their_hash_lines_and_fences() {
        assert_eq!(
            code_block("let a = 1;\n  # b\n#[x]\n"),
            ["```", "let a = 1;", "  ## b", "##[x]", "```"]
        );
        assert_eq!(code_block("let s = \"````\";\n")[0], "`````");
    }

    #[test]
    fn tables_are_not_padded() {
        let t = Table {
            header: vec!["A", "B"],
            rows: vec![vec!["x".into(), String::new()]],
        };
        assert_eq!(table(&t), ["| A | B |", "| --- | --- |", "| x |  |"]);
    }
}
