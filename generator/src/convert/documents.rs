//! What the documents hold before anything is converted: every `$ref` resolved (loading the
//! files it reaches), every schema numbered in document order, and the definitions with
//! their names.

use foldhash::HashMap;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::keywords;
use crate::load;
use crate::resolve::{Documents, REMOTE_REFUSED, SchemaRef};
use crate::walk;

use super::schema::kind_of;

/// Resolves every `$ref` in every document (loading the files they reach) and numbers every
/// schema position in document order.
pub(super) fn resolve_all(
    docs: &mut Documents,
    diagnostics: &mut Vec<Diagnostic>,
) -> (HashMap<SchemaRef, SchemaRef>, HashMap<SchemaRef, usize>) {
    let mut refs = HashMap::default();
    let mut order = HashMap::default();
    // Refused remote documents: message -> index into `other_remote` (how many more references
    // to it) and `remote_first` (where its diagnostic is).
    let mut remote: HashMap<String, usize> = HashMap::default();
    let mut other_remote: Vec<usize> = Vec::new();
    let mut remote_first: Vec<usize> = Vec::new();
    let mut doc = 0;
    while doc < docs.docs.len() {
        let document = &docs.docs[doc];
        let mut found: Vec<(String, Option<(&str, Value)>)> = Vec::new();
        let mut typos = keywords::Typos::default();
        for (pointer, value) in walk::schemas(&document.root) {
            for (key, meant) in typos.of(value) {
                diagnostics.push(
                    Diagnostic::warning(
                        document.location(&load::push_token(&pointer, key)),
                        format!("unknown keyword `{key}` is ignored"),
                    )
                    .with_help(format!("did you mean `{meant}`?")),
                );
            }
            // `$ref` first: beside it, a dynamic reference is not followed.
            let reference = ["$ref", "$dynamicRef", "$recursiveRef"]
                .into_iter()
                .find_map(|keyword| Some((keyword, value.get(keyword)?.clone())));
            found.push((pointer, reference));
        }
        for (pointer, reference) in found {
            let at = SchemaRef { doc, pointer };
            order.insert(at.clone(), order.len());
            match reference {
                None => {}
                Some((keyword, Value::String(reference))) => match match keyword {
                    "$dynamicRef" => docs.resolve_dynamic(&at, &reference),
                    "$recursiveRef" => docs.resolve_recursive(&at, &reference),
                    _ => docs.resolve(&at, &reference),
                } {
                    Ok(target) => {
                        refs.insert(at, target);
                    }
                    // One mapping fixes every reference to a remote document: its first
                    // reference is reported, with how many others there are.
                    Err(diagnostic) if diagnostic.message.contains(REMOTE_REFUSED) => {
                        match remote.get(&diagnostic.message) {
                            Some(&first) => other_remote[first] += 1,
                            None => {
                                remote.insert(diagnostic.message.clone(), other_remote.len());
                                other_remote.push(0);
                                remote_first.push(diagnostics.len());
                                diagnostics.push(diagnostic);
                            }
                        }
                    }
                    Err(diagnostic) => diagnostics.push(diagnostic),
                },
                Some((keyword, other)) => diagnostics.push(
                    Diagnostic::error(
                        docs.location(&SchemaRef {
                            doc,
                            pointer: load::push_token(&at.pointer, keyword),
                        }),
                        format!("`{keyword}` must be a string, found {}", kind_of(&other)),
                    )
                    .with_help("write the reference as a string such as \"#/$defs/Name\""),
                ),
            }
        }
        doc += 1;
    }
    for (index, others) in remote_first.into_iter().zip(other_remote) {
        if others > 0 {
            let plural = if others == 1 { "" } else { "s" };
            diagnostics[index]
                .message
                .push_str(&format!(" ({others} other reference{plural} to it)"));
        }
    }
    (refs, order)
}

/// The definitions of a document with their names: for OpenAPI, `components/schemas`; for a
/// JSON Schema, the root (named by its `title`, else the file name) and its `$defs` and
/// `definitions`.
pub(super) fn definitions_of(
    doc: usize,
    document: &crate::load::Document,
) -> Vec<(SchemaRef, String)> {
    let root = &document.root;
    let mut out = Vec::new();
    if walk::is_openapi(root) {
        if let Some(Value::Object(schemas)) = root.pointer("/components/schemas") {
            for name in schemas.keys() {
                out.push((
                    SchemaRef {
                        doc,
                        pointer: load::push_token("/components/schemas", name),
                    },
                    name.clone(),
                ));
            }
        }
        return out;
    }
    let name = root
        .get("title")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| file_stem(&document.display));
    out.push((
        SchemaRef {
            doc,
            pointer: String::new(),
        },
        name,
    ));
    for container in ["$defs", "definitions"] {
        if let Some(Value::Object(defs)) = root.get(container) {
            for name in defs.keys() {
                let pointer = load::push_token(&load::push_token("", container), name);
                out.push((SchemaRef { doc, pointer }, name.clone()));
            }
        }
    }
    out
}

fn file_stem(display: &str) -> String {
    let file = display.rsplit('/').next().unwrap_or(display);
    let file = file.strip_suffix(".json").unwrap_or(file);
    file.strip_suffix(".schema").unwrap_or(file).to_string()
}
