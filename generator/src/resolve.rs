//! Following `$ref`: within a document (JSON pointers and anchors), to other files relative to the
//! referring file (confined to the base directory), and to documents by their `$id`.
//!
//! Nothing is fetched from the network: a build must not depend on it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diagnostic, Location};
use crate::load::{self, Document};
use crate::resources::{Resources, is_absolute_uri, join_uri};

/// What [`Documents::resolve`] says of a remote reference it does not follow.
pub const REMOTE_REFUSED: &str = "remote references are not fetched";

/// A schema inside one of the loaded documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaRef {
    /// Index into [`Documents::docs`].
    pub doc: usize,
    /// JSON pointer inside that document.
    pub pointer: String,
}

/// The loaded documents: the inputs, then any file a `$ref` reached.
#[derive(Debug)]
pub struct Documents {
    /// All documents, inputs first, in the order they were loaded.
    pub docs: Vec<Document>,
    /// How many of `docs` are inputs (the rest were reached through `$ref`).
    pub inputs: usize,
    base: PathBuf,
    /// Remote URIs (or URI prefixes ending in `/`) the user mapped to local files (directories).
    remote: Vec<(String, PathBuf)>,
    /// The resources of each document, indexed when first needed.
    index: Vec<Option<Resources>>,
    /// The URIs that documents read through a mapping were retrieved by: their base URI.
    retrieved: Vec<(usize, String)>,
}

impl Documents {
    /// Loads every input; all files that fail are reported together.
    pub fn load(paths: &[PathBuf], base: &Path) -> Result<Documents, Vec<Diagnostic>> {
        let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
        let mut docs = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let display = load::display_path(path, &base);
            match load::read(path, display) {
                Ok(doc) if docs.iter().any(|d: &Document| d.path == doc.path) => {}
                Ok(doc) => docs.push(doc),
                Err(err) => errors.push(err),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let inputs = docs.len();
        Ok(Documents {
            docs,
            inputs,
            base,
            remote: Vec::new(),
            index: Vec::new(),
            retrieved: Vec::new(),
        })
    }

    /// Resolves references to the remote `uri` (a document, or with a trailing `/` every
    /// document under it) from the local `path` (a file, or a directory) instead of refusing them.
    pub fn map_remote(mut self, uri: &str, path: &Path) -> Documents {
        self.remote.push((uri.to_string(), path.to_path_buf()));
        // The longest prefix wins.
        self.remote
            .sort_by_key(|(uri, _)| std::cmp::Reverse(uri.len()));
        self
    }

    /// The local file a remote URI is mapped to, if any.
    fn mapped(&self, uri: &str) -> Option<PathBuf> {
        let uri = uri.strip_suffix('#').unwrap_or(uri);
        self.remote.iter().find_map(|(prefix, path)| {
            if uri == prefix {
                Some(path.clone())
            } else if prefix.ends_with('/') {
                uri.strip_prefix(prefix.as_str())
                    .map(|rest| path.join(rest))
            } else {
                None
            }
        })
    }

    /// Fills in the line and column of diagnostics made without the source at hand.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for doc in &self.docs {
            let mine = |d: &&mut Diagnostic| {
                d.location.file == doc.display && d.location.line_column.is_none()
            };
            let pointers: Vec<String> = diagnostics
                .iter_mut()
                .filter(mine)
                .map(|d| d.location.pointer.clone())
                .collect();
            if pointers.is_empty() {
                continue;
            }
            // YAML offsets were recorded while parsing; JSON text is scanned once for them all.
            let scanned;
            let found = match &doc.yaml_offsets {
                Some(offsets) => offsets,
                None => {
                    let wanted: Vec<&str> = pointers.iter().map(String::as_str).collect();
                    scanned = load::offsets(&doc.text, &wanted);
                    &scanned
                }
            };
            let lines = load::LineIndex::new(&doc.text);
            for diagnostic in diagnostics.iter_mut().filter(mine) {
                let Some(offset) = found.get(&diagnostic.location.pointer) else {
                    continue;
                };
                let (line, column) = lines.line_column(&doc.text, *offset);
                diagnostic.location.line_column = Some((line, column));
                if diagnostic.source.is_none() {
                    diagnostic.source =
                        load::excerpt(lines.line(&doc.text, line), column).map(Box::new);
                }
            }
        }
    }

    /// Documents already parsed, as inputs; `base` confines file references.
    pub fn from_documents(docs: Vec<Document>, base: &Path) -> Documents {
        let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
        let inputs = docs.len();
        Documents {
            docs,
            inputs,
            base,
            remote: Vec::new(),
            index: Vec::new(),
            retrieved: Vec::new(),
        }
    }

    /// The schema value a reference designates.
    pub fn value(&self, at: &SchemaRef) -> Option<&Value> {
        load::get(&self.docs[at.doc].root, &at.pointer)
    }

    /// A [`Location`] for a schema (line and column come from [`Documents::locate_all`]).
    pub fn location(&self, at: &SchemaRef) -> Location {
        self.docs[at.doc].location(&at.pointer)
    }

    /// Resolves the `$ref` string `reference` found in the schema at `from`.
    pub fn resolve(&mut self, from: &SchemaRef, reference: &str) -> Result<SchemaRef, Diagnostic> {
        self.resolve_keyword(from, "$ref", reference)
    }

    /// Resolves a `$dynamicRef` (2020-12) statically. It resolves as a `$ref` does, and when
    /// its target declares the `$dynamicAnchor` it names (the bookend the specification asks
    /// for), the outermost dynamic scope wins: the root resource of the first input document
    /// that declares a `$dynamicAnchor` of that name, the root the types are generated from.
    /// This is what the recursive extension of meta-schemas needs (an extending schema's
    /// anchor replaces the extended one's); scopes entered only at validation time, in between,
    /// are not seen.
    pub fn resolve_dynamic(
        &mut self,
        from: &SchemaRef,
        reference: &str,
    ) -> Result<SchemaRef, Diagnostic> {
        let initial = self.resolve_keyword(from, "$dynamicRef", reference)?;
        let Some(name) = reference
            .split_once('#')
            .map(|(_, fragment)| fragment)
            .filter(|f| !f.is_empty() && !f.starts_with('/'))
        else {
            return Ok(initial);
        };
        let declared = self
            .value(&initial)
            .and_then(|v| v.get("$dynamicAnchor"))
            .and_then(Value::as_str);
        if declared != Some(name) {
            return Ok(initial);
        }
        for doc in 0..self.inputs {
            let index = self.resources(doc);
            if let Some(anchor) = index.anchor(index.root_uri(), name, true) {
                let pointer = anchor.pointer.clone();
                return Ok(SchemaRef { doc, pointer });
            }
        }
        Ok(initial)
    }

    /// Resolves a `$recursiveRef` (2019-09) statically: as a `$ref`, unless its target has
    /// `$recursiveAnchor: true`; then to the root of the first input document that has it too
    /// (the outermost dynamic scope of the types generated from it).
    pub fn resolve_recursive(
        &mut self,
        from: &SchemaRef,
        reference: &str,
    ) -> Result<SchemaRef, Diagnostic> {
        let initial = self.resolve_keyword(from, "$recursiveRef", reference)?;
        let anchored = |schema: Option<&Value>| {
            schema.and_then(|s| s.get("$recursiveAnchor")) == Some(&Value::Bool(true))
        };
        if !anchored(self.value(&initial)) {
            return Ok(initial);
        }
        let outermost = (0..self.inputs).find(|doc| anchored(Some(&self.docs[*doc].root)));
        Ok(outermost.map_or(initial, |doc| SchemaRef {
            doc,
            pointer: String::new(),
        }))
    }

    /// The resources of a document (its root and the subschemas with an `$id`) and their
    /// anchors.
    pub fn resources(&mut self, doc: usize) -> &Resources {
        if self.index.len() < self.docs.len() {
            self.index.resize(self.docs.len(), None);
        }
        if self.index[doc].is_none() {
            let base = match self.retrieved.iter().find(|(d, _)| *d == doc) {
                Some((_, uri)) => uri.clone(),
                None => file_uri(&self.docs[doc].path),
            };
            self.index[doc] = Some(Resources::of(&self.docs[doc].root, &base));
        }
        self.index[doc].get_or_insert_with(Resources::default)
    }

    /// The document and pointer of the resource named `uri`, among the documents loaded.
    fn find_resource(&mut self, uri: &str) -> Option<(usize, String)> {
        (0..self.docs.len()).find_map(|doc| Some((doc, self.resources(doc).find(uri)?.to_string())))
    }

    /// Resolves `reference`, the value of `keyword` in the schema at `from`, against the base
    /// URI there (the innermost enclosing `$id`).
    fn resolve_keyword(
        &mut self,
        from: &SchemaRef,
        keyword: &str,
        reference: &str,
    ) -> Result<SchemaRef, Diagnostic> {
        let location = self.location(&SchemaRef {
            doc: from.doc,
            pointer: load::push_token(&from.pointer, keyword),
        });
        let (target, fragment) = match reference.split_once('#') {
            Some((target, fragment)) => (target, fragment),
            None => (reference, ""),
        };
        let base = self
            .resources(from.doc)
            .enclosing(&from.pointer)
            .0
            .to_string();
        let absolute = join_uri(&base, target);
        let (doc, resource) = match self.find_resource(&absolute) {
            Some(found) => found,
            None => {
                let doc =
                    self.document_for(from.doc, target, &absolute)
                        .map_err(|(message, help)| {
                            Diagnostic::error(location.clone(), message).with_help(help)
                        })?;
                (doc, String::new())
            }
        };
        let fragment = percent_decode(fragment).ok_or_else(|| {
            Diagnostic::error(
                location.clone(),
                format!("`{keyword}: {reference}` has a malformed percent-escape"),
            )
            .with_help("escape `%` as `%25`")
        })?;
        let pointer = if fragment.is_empty() || fragment.starts_with('/') {
            format!("{resource}{fragment}")
        } else {
            let index = self.resources(doc);
            let uri = index.enclosing(&resource).0;
            match index.anchor(uri, &fragment, false) {
                Some(anchor) => anchor.pointer.clone(),
                // An anchor declared in a nested resource, which the specification scopes to
                // it, is still found by its name alone.
                None => load::get(&self.docs[doc].root, &resource)
                    .and_then(|schema| find_anchor(schema, &fragment))
                    .map(|inner| format!("{resource}{inner}"))
                    .ok_or_else(|| {
                        Diagnostic::error(location.clone(), format!("`{keyword}: {reference}`: no `$anchor` named `{fragment}`"))
                            .with_help("define the anchor with `\"$anchor\": \"...\"`, or use a JSON pointer such as `#/$defs/Name`")
                    })?,
            }
        };
        let resolved = SchemaRef { doc, pointer };
        if load::tokens(&resolved.pointer).is_none() {
            return Err(Diagnostic::error(
                location,
                format!("`{keyword}: {reference}` is not a valid JSON pointer"),
            )
            .with_help("a pointer is `#` followed by `/`-separated names; write `~` as `~0` and `/` as `~1`"));
        }
        if self.value(&resolved).is_none() {
            return Err(Diagnostic::error(
                location,
                format!(
                    "`{keyword}: {reference}` points to nothing: {} has no value at `{}`",
                    self.docs[doc].display,
                    if resolved.pointer.is_empty() {
                        "#"
                    } else {
                        &resolved.pointer
                    }
                ),
            )
            .with_help(self.suggest_definition(doc, &resolved.pointer)));
        }
        Ok(resolved)
    }

    /// Advice for a dangling pointer: a definition of the same name elsewhere in the document.
    fn suggest_definition(&self, doc: usize, pointer: &str) -> String {
        let root = &self.docs[doc].root;
        let name = load::tokens(pointer).and_then(|tokens| tokens.last().cloned());
        let found = name.and_then(|name| {
            ["/$defs", "/definitions", "/components/schemas"]
                .iter()
                .map(|container| load::push_token(container, &name))
                .find(|candidate| candidate != pointer && load::get(root, candidate).is_some())
        });
        // Else the nearest name among the definitions next to the missing one (a typo).
        let found = found.or_else(|| {
            let (container, name) = pointer.rsplit_once('/')?;
            let Some(Value::Object(siblings)) = load::get(root, container) else {
                return None;
            };
            let keys: Vec<&str> = siblings.keys().map(String::as_str).collect();
            let name = load::tokens(&format!("/{name}"))?.pop()?;
            crate::names::closest(&name, &keys).map(|key| load::push_token(container, key))
        });
        match found {
            Some(candidate) => format!("did you mean `#{candidate}`?"),
            None => "check the spelling of the reference against the schema's `$defs` (or `definitions`)".to_string(),
        }
    }

    /// The document a non-fragment reference names (`target`, `absolute` once resolved against
    /// its base URI) when no loaded resource has that URI: a mapped remote URI, or a file
    /// relative to the referring one, loaded if needed.
    fn document_for(
        &mut self,
        from: usize,
        target: &str,
        absolute: &str,
    ) -> Result<usize, (String, String)> {
        let remote = is_absolute_uri(absolute) && !absolute.starts_with("file://");
        if remote {
            if let Some(local) = self.mapped(absolute) {
                let doc = self.load_file(&local, absolute, false)?;
                if !self.retrieved.iter().any(|(d, _)| *d == doc) {
                    self.retrieved.push((doc, absolute.to_string()));
                    if let Some(slot) = self.index.get_mut(doc) {
                        *slot = None;
                    }
                }
                return Ok(doc);
            }
        }
        if is_absolute_uri(target) {
            return Err((
                format!("`$ref` to `{target}`: {REMOTE_REFUSED}"),
                "nothing is downloaded during generation: save the schema locally and map the URI to it (`--map-ref URI=FILE`, or a prefix ending in `/` to a directory), refer to it by a relative path, or pass it as an input so its `$id` matches".to_string(),
            ));
        }
        let decoded = percent_decode(target).unwrap_or_else(|| target.to_string());
        let relative = Path::new(&decoded);
        if relative.is_absolute() {
            return Err((
                format!("`$ref` to `{target}`: absolute paths are refused"),
                "refer to other schema files by a path relative to the referring file".to_string(),
            ));
        }
        let dir = self.docs[from]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        self.load_file(&dir.join(relative), target, true)
    }

    /// The document of the file at `path` (named `target` in messages), loading it if needed;
    /// `confined`: refused unless it is inside the base directory (files the user mapped a
    /// remote URI to are not).
    fn load_file(
        &mut self,
        path: &Path,
        target: &str,
        confined: bool,
    ) -> Result<usize, (String, String)> {
        let canonical = path.canonicalize().map_err(|err| {
            (
                format!(
                    "`$ref` to `{target}`: cannot open {}: {err}",
                    path.display()
                ),
                "check the relative path; it is resolved against the referring file's directory"
                    .to_string(),
            )
        })?;
        if confined && !canonical.starts_with(&self.base) {
            return Err((
                format!("`$ref` to `{target}` leaves the schema directory"),
                format!(
                    "schema files may only refer to files inside {}; copy the schema there",
                    self.base.display()
                ),
            ));
        }
        if let Some(doc) = self.docs.iter().position(|d| d.path == canonical) {
            return Ok(doc);
        }
        let display = load::display_path(&canonical, &self.base);
        let doc = load::read(&canonical, display)
            .map_err(|d| (d.message, d.help.map(String::from).unwrap_or_default()))?;
        self.docs.push(doc);
        Ok(self.docs.len() - 1)
    }
}

/// The `file://` URI of a local file: the base URI of a document without an absolute `$id`.
fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    if text.starts_with('/') {
        format!("file://{text}")
    } else {
        format!("file:///{text}")
    }
}

/// Finds the pointer of the schema that declares `anchor` (`$anchor`, or a draft-06/07
/// `$id: "#anchor"`), searching without recursion.
fn find_anchor(root: &Value, anchor: &str) -> Option<String> {
    let mut stack = vec![(root, String::new())];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(map) => {
                let declared = map.get("$anchor").and_then(Value::as_str) == Some(anchor)
                    || map
                        .get("$id")
                        .and_then(Value::as_str)
                        .and_then(|id| id.strip_prefix('#'))
                        == Some(anchor);
                if declared {
                    return Some(pointer);
                }
                for (key, child) in map.iter().rev() {
                    if key != "enum" && key != "const" && key != "examples" && key != "default" {
                        stack.push((child, load::push_token(&pointer, key)));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate().rev() {
                    stack.push((child, format!("{pointer}/{i}")));
                }
            }
            _ => {}
        }
    }
    None
}

/// Decodes `%XX` escapes; `None` when one is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes() {
        assert_eq!(percent_decode("/a%20b/%25"), Some("/a b/%".to_string()));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%2"), None);
    }

    #[test]
    fn anchors_are_found() {
        let root = serde_json::json!({"$defs": {"a": {"$anchor": "here"}, "b": {"$id": "#old"}}});
        assert_eq!(find_anchor(&root, "here").as_deref(), Some("/$defs/a"));
        assert_eq!(find_anchor(&root, "old").as_deref(), Some("/$defs/b"));
        assert_eq!(find_anchor(&root, "none"), None);
    }
}
