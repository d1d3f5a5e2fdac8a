//! Reading schema files: their text is kept beside the parsed value, so that any JSON pointer can
//! be turned back into a line and column for error messages.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diagnostic, Location, SourceLine};

/// One schema file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The canonical path, the document's identity.
    pub path: PathBuf,
    /// The path as shown to the user: relative to the base directory, with `/` separators.
    pub display: String,
    /// The source text.
    pub text: String,
    /// The parsed document.
    pub root: Value,
    /// For YAML, where each value starts (byte offsets by JSON pointer), recorded while
    /// parsing; `None` for JSON, whose text is scanned when a location is needed.
    pub yaml_offsets: Option<HashMap<String, usize>>,
}

/// Whether a file is YAML, by its extension.
pub fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

impl Document {
    /// Parses `text`, read from `path`; a syntax error comes back with its line and column.
    pub fn parse(path: PathBuf, display: String, text: String) -> Result<Document, Diagnostic> {
        if is_yaml(&path) {
            let (root, offsets) = parse_yaml(&text, &display)?;
            return Ok(Document {
                path,
                display,
                text,
                root,
                yaml_offsets: Some(offsets),
            });
        }
        match serde_json::from_str::<Value>(&text) {
            Ok(root) => Ok(Document {
                path,
                display,
                text,
                root,
                yaml_offsets: None,
            }),
            Err(err) => {
                let mut location = Location::new(display, "");
                if err.line() > 0 {
                    location.line_column = Some((saturate(err.line()), saturate(err.column())));
                }
                let message = strip_position(&err.to_string());
                let source = location.line_column.and_then(|(line, column)| {
                    let mut excerpt = source_line(&text, line, column.max(1))?;
                    excerpt.len = 1;
                    Some(Box::new(excerpt))
                });
                let mut diagnostic =
                    Diagnostic::error(location, format!("invalid JSON: {message}")).with_help(
                        "fix the syntax at the position shown; the file must be one JSON document",
                    );
                diagnostic.source = source;
                Err(diagnostic)
            }
        }
    }

    /// A [`Location`] for `pointer` in this document. Finding the line and column scans the
    /// text, so it is left to [`crate::resolve::Documents::locate_all`], for the locations that
    /// are reported.
    pub fn location(&self, pointer: &str) -> Location {
        Location::new(self.display.clone(), pointer)
    }
}

/// YAML as the JSON data model (keys that are numbers or booleans, `200:` in OpenAPI responses,
/// become strings; tags are dropped), with the offset of every value.
#[cfg(feature = "yaml")]
fn parse_yaml(text: &str, display: &str) -> Result<(Value, HashMap<String, usize>), Diagnostic> {
    match crate::yaml::parse(text) {
        Ok(parsed) => Ok((parsed.value, parsed.offsets)),
        Err(err) => {
            let lines = LineIndex::new(text);
            let (line, column) = lines.line_column(text, err.offset.min(text.len()));
            let mut location = Location::new(display, "");
            location.line_column = Some((line, column));
            let mut diagnostic =
                Diagnostic::error(location, format!("invalid YAML: {}", err.message))
                    .with_help("fix the syntax at the position shown");
            diagnostic.source = excerpt(lines.line(text, line), column).map(|mut s| {
                s.len = 1;
                Box::new(s)
            });
            Err(diagnostic)
        }
    }
}

#[cfg(not(feature = "yaml"))]
fn parse_yaml(_: &str, display: &str) -> Result<(Value, HashMap<String, usize>), Diagnostic> {
    Err(Diagnostic::error(
        Location::new(display, ""),
        "YAML schemas need the `yaml` feature of schemagen",
    )
    .with_help(
        "enable it (`schemagen = { ..., features = [\"yaml\"] }`), or convert the schema to JSON",
    ))
}

/// Reads and parses a file.
pub fn read(path: &Path, display: String) -> Result<Document, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|err| {
        Diagnostic::error(
            Location::new(display.clone(), ""),
            format!("cannot read the file: {err}"),
        )
        .with_help("check that the path exists and is a readable UTF-8 text file")
    })?;
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    Document::parse(canonical, display, text)
}

/// The path shown to users for `path`: relative to `base` when inside it, `/`-separated.
pub fn display_path(path: &Path, base: &Path) -> String {
    let relative = match (path.canonicalize(), base.canonicalize()) {
        (Ok(path), Ok(base)) => path
            .strip_prefix(&base)
            .map(Path::to_path_buf)
            .unwrap_or(path),
        _ => path.to_path_buf(),
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn push_token(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if token.contains(['~', '/']) {
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(token);
    }
    out
}

/// Splits a JSON pointer into its unescaped reference tokens; `None` when it is malformed.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|token| {
            // `~` must be followed by 0 or 1.
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    }
                } else {
                    out.push(c);
                }
            }
            Some(out)
        })
        .collect()
}

/// The value at `pointer`, or `None` when there is none.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut value = root;
    for raw in pointer.strip_prefix('/')?.split('/') {
        // Most tokens need no unescaping; those that do are checked as `tokens` checks them.
        let unescaped;
        let token = if raw.contains('~') {
            unescaped = tokens(&format!("/{raw}"))?.pop()?;
            unescaped.as_str()
        } else {
            raw
        };
        value = match value {
            Value::Object(map) => map.get(token)?,
            Value::Array(items) => {
                if token.starts_with('+') || (token.len() > 1 && token.starts_with('0')) {
                    return None;
                }
                items.get(token.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(value)
}

/// Drops serde_json's " at line L column C" suffix, which the location already shows.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

/// Finds the 1-based line and column where the value at `pointer` starts in the JSON `text`.
pub fn locate(text: &str, pointer: &str) -> Option<(u32, u32)> {
    let found = offsets(text, &[pointer]);
    let offset = *found.get(pointer)?;
    Some(LineIndex::new(text).line_column(text, offset))
}

/// The byte offsets where the values at `pointers` start in the JSON `text`, found in one pass.
///
/// A small scanner, not a parser: it trusts `text` to be valid JSON (it was parsed already, so
/// it nests no deeper than serde_json's limit of 128), descends only into the values on the way
/// to a wanted pointer, and skips everything else.
pub fn offsets(text: &str, pointers: &[&str]) -> HashMap<String, usize> {
    let wanted: HashSet<&str> = pointers.iter().copied().collect();
    let mut prefixes: HashSet<&str> = HashSet::new();
    for pointer in pointers {
        prefixes.insert("");
        for (i, c) in pointer.char_indices() {
            if c == '/' && i > 0 {
                prefixes.insert(&pointer[..i]);
            }
        }
        prefixes.insert(pointer);
    }
    let mut found = HashMap::new();
    let bytes = text.as_bytes();
    let start = skip_ws(bytes, 0);
    let mut path = String::new();
    let scan = Scan {
        text,
        bytes,
        wanted: &wanted,
        prefixes: &prefixes,
    };
    scan.value(start, &mut path, &mut found);
    found
}

struct Scan<'a> {
    text: &'a str,
    bytes: &'a [u8],
    wanted: &'a HashSet<&'a str>,
    prefixes: &'a HashSet<&'a str>,
}

impl Scan<'_> {
    /// Records the value at `pos` if `path` is wanted, descends if `path` leads to a wanted
    /// pointer, and returns the position after the value.
    fn value(
        &self,
        pos: usize,
        path: &mut String,
        found: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        if self.wanted.contains(path.as_str()) {
            found.insert(path.clone(), pos);
        }
        let descend = self.prefixes.contains(path.as_str()) && found.len() < self.wanted.len();
        match self.bytes.get(pos)? {
            b'{' if descend => self.object(pos, path, found),
            b'[' if descend => self.array(pos, path, found),
            _ => skip_value(self.bytes, pos),
        }
    }

    fn object(
        &self,
        pos: usize,
        path: &mut String,
        found: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        let mut pos = skip_ws(self.bytes, pos + 1);
        if *self.bytes.get(pos)? == b'}' {
            return Some(pos + 1);
        }
        loop {
            let (key, end) = read_string(self.text, pos)?;
            pos = skip_ws(self.bytes, end);
            if *self.bytes.get(pos)? != b':' {
                return None;
            }
            pos = skip_ws(self.bytes, pos + 1);
            let length = path.len();
            path.push('/');
            path.push_str(&key.replace('~', "~0").replace('/', "~1"));
            let end = self.value(pos, path, found);
            path.truncate(length);
            pos = skip_ws(self.bytes, end?);
            match *self.bytes.get(pos)? {
                b',' => pos = skip_ws(self.bytes, pos + 1),
                b'}' => return Some(pos + 1),
                _ => return None,
            }
        }
    }

    fn array(
        &self,
        pos: usize,
        path: &mut String,
        found: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        let mut pos = skip_ws(self.bytes, pos + 1);
        if *self.bytes.get(pos)? == b']' {
            return Some(pos + 1);
        }
        let mut index = 0usize;
        loop {
            let length = path.len();
            path.push('/');
            path.push_str(&index.to_string());
            let end = self.value(pos, path, found);
            path.truncate(length);
            pos = skip_ws(self.bytes, end?);
            match *self.bytes.get(pos)? {
                b',' => pos = skip_ws(self.bytes, pos + 1),
                b']' => return Some(pos + 1),
                _ => return None,
            }
            index += 1;
        }
    }
}

/// The start of every line of a text, to turn byte offsets into lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line<'t>(&self, text: &'t str, line: u32) -> &'t str {
        let index = usize::try_from(line)
            .unwrap_or(usize::MAX)
            .saturating_sub(1);
        let start = self.starts.get(index).copied().unwrap_or(text.len());
        let end = self
            .starts
            .get(index + 1)
            .map_or(text.len(), |next| next - 1);
        text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    /// The 1-based line and column (in characters) of a byte offset of `text`.
    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|start| *start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (saturate(line), saturate(column))
    }
}

/// The source line at `line` with the value that starts at `column` underlined: a JSON token
/// whole, the opening bracket of an object or array. Long lines are cut to a window around the
/// column, so that a minified schema still shows a readable excerpt.
pub fn source_line(text: &str, line: u32, column: u32) -> Option<SourceLine> {
    let full = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    excerpt(full, column)
}

/// [`source_line`] for a line already at hand. Only the window shown is copied: a minified
/// schema is one line of megabytes, and every diagnostic on it takes an excerpt.
pub fn excerpt(full: &str, column: u32) -> Option<SourceLine> {
    const WIDTH: usize = 100;
    let start = usize::try_from(column).ok()?.checked_sub(1)?;
    // Byte offsets of the characters, and of the end (a column just past the line is shown).
    let byte_of = |char_index: usize| {
        // Before an ASCII prefix, characters are bytes: no scan (the usual minified schema).
        if full
            .as_bytes()
            .get(..char_index)
            .is_some_and(<[u8]>::is_ascii)
        {
            return Some(char_index);
        }
        full.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(full.len()))
            .nth(char_index)
    };
    let start_byte = byte_of(start)?;
    let rest = &full[start_byte..];
    let len = match rest.chars().next() {
        Some('{' | '[') | None => 1,
        Some(_) => skip_value(rest.as_bytes(), 0).map_or_else(
            || rest.trim_end().chars().count(),
            |end| rest.get(..end).map_or(1, |token| token.chars().count()),
        ),
    };
    let from = if full.chars().nth(WIDTH).is_none() {
        0
    } else {
        start.saturating_sub(WIDTH / 3)
    };
    let window = &full[byte_of(from)?..];
    let mut shown: String = window
        .chars()
        .take(WIDTH)
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let to = from + shown.chars().count();
    let more = window.chars().nth(WIDTH).is_some();
    let mut offset = start - from;
    if from > 0 {
        shown.insert(0, '…');
        offset += 1;
    }
    if more {
        shown.push('…');
    }
    let len = len.max(1).min(to.saturating_sub(start).max(1));
    Some(SourceLine {
        text: shown.trim_end().to_string(),
        start: offset,
        len,
    })
}

/// Line and column numbers as `u32` (a 4-billion-line schema is not a case to represent).
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// Reads the string starting at `pos` (on its opening quote); returns it unescaped and the
/// position after its closing quote.
fn read_string(text: &str, pos: usize) -> Option<(String, usize)> {
    let end = string_end(text.as_bytes(), pos)?;
    let decoded: String = serde_json::from_str(&text[pos..end]).ok()?;
    Some((decoded, end))
}

fn string_end(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    loop {
        match *bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The position after the value that starts at `pos`.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = pos;
    loop {
        match *bytes.get(i)? {
            b'"' => {
                i = string_end(bytes, i)?;
                if depth == 0 {
                    return Some(i);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            // A scalar ends where its container does.
            b'}' | b']' if depth == 0 => return Some(i),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b',' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_nested_values() {
        let text = "{\n  \"a\": {\"b~/\": [1, {\"c\": \"x\\\"y\"}, 3]},\n  \"d\": true\n}";
        assert_eq!(locate(text, ""), Some((1, 1)));
        assert_eq!(locate(text, "/a"), Some((2, 8)));
        assert_eq!(locate(text, "/a/b~0~1/1/c"), Some((2, 26)));
        assert_eq!(locate(text, "/a/b~0~1/2"), Some((2, 35)));
        assert_eq!(locate(text, "/d"), Some((3, 8)));
        assert_eq!(locate(text, "/missing"), None);
        assert_eq!(locate(text, "/a/b~0~1/9"), None);
    }

    #[test]
    fn offsets_finds_many_pointers_in_one_pass() {
        let text = "{\"a\":{\"b\":7},\"c\":[true,{\"d\":\"x\"}],\"e\":null}";
        let found = offsets(text, &["/a/b", "/c/1/d", "/e", "/missing", ""]);
        assert_eq!(found.get("/a/b"), Some(&10));
        assert_eq!(found.get("/c/1/d"), Some(&28));
        assert_eq!(found.get("/e"), Some(&38));
        assert_eq!(found.get(""), Some(&0));
        assert_eq!(found.get("/missing"), None);
    }

    #[test]
    fn tokens_unescape_and_reject_bad_escapes() {
        assert_eq!(tokens("/a~1b/c~0d"), Some(vec!["a/b".into(), "c~d".into()]));
        assert_eq!(tokens("/a~2"), None);
        assert_eq!(tokens("a"), None);
        assert_eq!(push_token("/x", "a/b~c"), "/x/a~1b~0c");
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        let err = Document::parse("x.json".into(), "x.json".into(), "{\n  \"a\": ,\n}".into())
            .unwrap_err();
        assert_eq!(err.location.line_column, Some((2, 8)));
        assert!(
            err.message.starts_with("invalid JSON: expected value"),
            "{}",
            err.message
        );
    }
}
