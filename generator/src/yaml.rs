//! YAML schemas: read into the JSON data model, with the byte offset of every value kept by its
//! JSON pointer, so that diagnostics in YAML files have lines, columns and excerpts too.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::load;

/// A parsed YAML document: the value, and where each value (by JSON pointer) starts.
pub struct Parsed {
    /// The document as JSON.
    pub value: Value,
    /// Byte offsets of every value, by JSON pointer.
    pub offsets: HashMap<String, usize>,
}

/// A YAML syntax error: what is wrong and the byte offset where.
pub struct SyntaxError {
    /// The parser's description.
    pub message: String,
    /// Where in the text.
    pub offset: usize,
}

/// Parses the first document of a YAML stream (YAML 1.2 core schema: plain `null`, `~`,
/// `true`, integers and floats are typed; every other scalar, and every key, is a string).
pub fn parse(text: &str) -> Result<Parsed, SyntaxError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser
        .load(&mut builder, false)
        .map_err(|err| SyntaxError {
            message: err.info().to_string(),
            offset: err.marker().index(),
        })?;
    if let Some((message, offset)) = builder.error {
        return Err(SyntaxError { message, offset });
    }
    Ok(Parsed {
        value: builder.root.unwrap_or(Value::Null),
        offsets: builder.offsets,
    })
}

enum Frame {
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        pointer: String,
        anchor: usize,
    },
    Seq {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    offsets: HashMap<String, usize>,
    anchors: HashMap<usize, Value>,
    error: Option<(String, usize)>,
}

impl Builder {
    /// The pointer of the next value, or `None` when the next scalar is a mapping key.
    fn next_pointer(&self) -> Option<String> {
        match self.stack.last() {
            None => Some(String::new()),
            Some(Frame::Map { key: None, .. }) => None,
            Some(Frame::Map {
                key: Some(key),
                pointer,
                ..
            }) => Some(load::push_token(pointer, key)),
            Some(Frame::Seq { items, pointer, .. }) => Some(format!("{pointer}/{}", items.len())),
        }
    }

    /// Puts a finished value where it belongs.
    fn complete(&mut self, value: Value, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, value.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(value);
                }
            }
            Some(Frame::Map { map, key, .. }) => {
                if let Some(key) = key.take() {
                    map.insert(key, value);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(value),
        }
    }

    fn fail(&mut self, message: &str, mark: Marker) {
        if self.error.is_none() {
            self.error = Some((message.to_string(), mark.index()));
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, _) => match self.next_pointer() {
                None => {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(text);
                    }
                }
                Some(pointer) => {
                    self.offsets.insert(pointer, mark.index());
                    let value = if style == TScalarStyle::Plain {
                        plain_scalar(&text)
                    } else {
                        Value::String(text)
                    };
                    self.complete(value, anchor);
                }
            },
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let Some(pointer) = self.next_pointer() else {
                    self.fail(
                        "a mapping key must be a plain value, not a mapping or a sequence",
                        mark,
                    );
                    return;
                };
                self.offsets.insert(pointer.clone(), mark.index());
                let frame = if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        map: Map::new(),
                        key: None,
                        pointer,
                        anchor,
                    }
                } else {
                    Frame::Seq {
                        items: Vec::new(),
                        pointer,
                        anchor,
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Map { map, anchor, .. }) => self.complete(Value::Object(map), anchor),
                Some(Frame::Seq { items, anchor, .. }) => {
                    self.complete(Value::Array(items), anchor)
                }
                None => {}
            },
            Event::Alias(anchor) => match self.next_pointer() {
                Some(pointer) => {
                    self.offsets.insert(pointer, mark.index());
                    let value = self.anchors.get(&anchor).cloned().unwrap_or(Value::Null);
                    self.complete(value, 0);
                }
                None => self.fail("an alias cannot be a mapping key", mark),
            },
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
    }
}

/// A plain scalar by the YAML 1.2 core schema.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::from(n);
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Value::from(n);
        }
    }
    let numeric = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if numeric && digits.bytes().any(|b| b.is_ascii_digit()) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_their_offsets() {
        let text = "a: 1\nb:\n  - x\n  - 'null'\n  - null\nc: {d: 2.5, e: true}\n\"2\": ~\n";
        let parsed = parse(text).ok().unwrap();
        assert_eq!(
            parsed.value,
            serde_json::json!({"a": 1, "b": ["x", "null", null], "c": {"d": 2.5, "e": true}, "2": null})
        );
        assert_eq!(parsed.offsets.get("/a"), Some(&3));
        assert_eq!(
            parsed.offsets.get("/b/1"),
            Some(&text.find("'null'").unwrap())
        );
        assert_eq!(parsed.offsets.get("/c/d"), Some(&text.find("2.5").unwrap()));
    }

    #[test]
    fn anchors_and_syntax_errors() {
        let parsed = parse("base: &b {x: 1}\ncopy: *b\n").ok().unwrap();
        assert_eq!(parsed.value["copy"], serde_json::json!({"x": 1}));
        let Err(err) = parse("a: [1, 2\nb: c\n") else {
            panic!("accepted broken YAML")
        };
        assert!(!err.message.is_empty());
    }
}
