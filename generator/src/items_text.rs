//! Items printed through `syn` and `prettyplease`, with their doc comments written out as
//! `///` lines rather than parsed and printed: a type's docs, and the placeholders that stand
//! for the docs of its fields and variants ([`rustdoc::doc_attrs`]).

use proc_macro2::TokenStream;

use crate::error::Error;
use crate::rustdoc;

/// Parses `tokens` as items and appends them, each after a blank line.
pub fn print_items(out: &mut String, tokens: TokenStream) -> Result<(), Error> {
    print_documented_items(out, &[], tokens, &[])
}

/// [`print_items`], with the doc comment `docs` on the first item. The lines are written as
/// `///` comments, as `prettyplease` writes `#[doc]` attributes, rather than parsed and printed
/// with the item: a type's docs hold its snippet and tables, most of the text of the file. So
/// are the docs of fields and variants, which stand in the tokens as placeholders
/// ([`rustdoc::doc_attrs`]).
pub fn print_documented_items(
    out: &mut String,
    docs: &[String],
    tokens: TokenStream,
    pending: &[Vec<String>],
) -> Result<(), Error> {
    if tokens.is_empty() {
        return Ok(());
    }
    let file: syn::File = syn::parse2(tokens)
        .map_err(|err| Error::Internal(format!("the generated Rust does not parse: {err}")))?;
    for (i, item) in file.items.into_iter().enumerate() {
        out.push('\n');
        if i == 0 {
            rustdoc::push_doc_comment(out, "", docs);
        }
        let text = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        });
        if pending.is_empty() {
            out.push_str(&text);
        } else {
            fill_doc_placeholders(out, &text, pending)?;
        }
    }
    Ok(())
}

/// Appends `text`, each placeholder doc line replaced by the lines it stands for.
fn fill_doc_placeholders(
    out: &mut String,
    text: &str,
    pending: &[Vec<String>],
) -> Result<(), Error> {
    for line in text.split_inclusive('\n') {
        let indent = &line[..line.len() - line.trim_start_matches(' ').len()];
        let placeholder = line[indent.len()..]
            .strip_prefix("///")
            .and_then(|rest| rest.strip_prefix(rustdoc::DOC_MARKER));
        match placeholder {
            Some(number) => {
                let lines = number
                    .trim_end()
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| pending.get(n))
                    .ok_or_else(|| {
                        Error::Internal(format!("a doc placeholder without its lines: {line}"))
                    })?;
                rustdoc::push_doc_comment(out, indent, lines);
            }
            None => out.push_str(line),
        }
    }
    Ok(())
}
