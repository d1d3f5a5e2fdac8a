//! Compound documents: the schema resources one document holds (its root, and every subschema
//! with an `$id`, or `id` in drafts 3 and 4), the base URI each schema position resolves
//! references against, and the anchors of each resource (`$anchor`, `$dynamicAnchor`, and the
//! `$id: "#name"` of drafts 6 and 7).

use serde_json::Value;

use crate::walk;

/// The resources and anchors of one document.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// Every resource in document order, the root first: its absolute URI (without fragment)
    /// and its JSON pointer.
    pub ids: Vec<(String, String)>,
    /// Every anchor, in document order.
    pub anchors: Vec<Anchor>,
}

/// A plain-name fragment that designates a schema within its resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The URI of the resource the anchor belongs to.
    pub resource: String,
    /// The anchor's name (the fragment, without `#`).
    pub name: String,
    /// Where the schema that declares it is.
    pub pointer: String,
    /// Whether it is a `$dynamicAnchor` (which is also a plain anchor).
    pub dynamic: bool,
}

/// What the `$schema` of a document says about identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// Drafts 3 and 4 name resources with `id`.
    pub plain_id: bool,
    /// Up to draft 7, `$ref` makes its siblings ignored, `$id` included.
    pub ref_overrides_siblings: bool,
}

impl Dialect {
    /// The dialect the root's `$schema` names; without one, today's drafts, except that a
    /// string `id` where there is no `$id` still names a resource (as documents written for
    /// draft 4 without `$schema` mean).
    pub fn of(root: &Value) -> Dialect {
        let schema = root.get("$schema").and_then(Value::as_str).unwrap_or("");
        let plain_id =
            schema.is_empty() || schema.contains("draft-03") || schema.contains("draft-04");
        Dialect {
            plain_id,
            ref_overrides_siblings: schema.contains("draft-03")
                || schema.contains("draft-04")
                || schema.contains("draft-06")
                || schema.contains("draft-07"),
        }
    }

    /// The identifier a schema declares, if it declares one.
    fn id_of<'v>(&self, map: &'v serde_json::Map<String, Value>) -> Option<&'v str> {
        if self.ref_overrides_siblings && map.contains_key("$ref") {
            return None;
        }
        let key = if self.plain_id && !map.contains_key("$id") {
            "id"
        } else {
            "$id"
        };
        map.get(key).and_then(Value::as_str)
    }
}

impl Resources {
    /// Indexes the document `root`, whose own URI (where it was read from, or its `$id`
    /// resolved against that) is `base`.
    pub fn of(root: &Value, base: &str) -> Resources {
        let dialect = Dialect::of(root);
        let mut out = Resources::default();
        // The resources enclosing the current position, innermost last.
        let mut scope: Vec<(String, String)> = Vec::new();
        for (pointer, value) in walk::schemas(root) {
            while scope.last().is_some_and(|(_, at)| !is_within(&pointer, at)) {
                scope.pop();
            }
            let Value::Object(map) = value else {
                if pointer.is_empty() {
                    out.ids.push((strip_fragment(base).to_string(), pointer));
                }
                continue;
            };
            let enclosing = scope
                .last()
                .map_or_else(|| strip_fragment(base).to_string(), |(uri, _)| uri.clone());
            let id = dialect.id_of(map);
            let (uri, id_anchor) = match id {
                Some(id) => match id.split_once('#') {
                    Some(("", anchor)) => (enclosing.clone(), Some(anchor)),
                    Some((uri, anchor)) => (
                        join_uri(&enclosing, uri),
                        Some(anchor).filter(|a| !a.is_empty()),
                    ),
                    None => (join_uri(&enclosing, id), None),
                },
                None => (enclosing.clone(), None),
            };
            if pointer.is_empty() || uri != enclosing {
                out.ids.push((uri.clone(), pointer.clone()));
                scope.push((uri.clone(), pointer.clone()));
            }
            let mut anchor = |name: &str, dynamic: bool| {
                out.anchors.push(Anchor {
                    resource: uri.clone(),
                    name: name.to_string(),
                    pointer: pointer.clone(),
                    dynamic,
                })
            };
            if let Some(name) = id_anchor.filter(|a| !a.starts_with('/')) {
                anchor(name, false);
            }
            if let Some(name) = map.get("$anchor").and_then(Value::as_str) {
                anchor(name, false);
            }
            if let Some(name) = map.get("$dynamicAnchor").and_then(Value::as_str) {
                anchor(name, true);
            }
        }
        if out.ids.is_empty() {
            out.ids
                .push((strip_fragment(base).to_string(), String::new()));
        }
        out
    }

    /// The URI of the document's root resource.
    pub fn root_uri(&self) -> &str {
        self.ids.first().map_or("", |(uri, _)| uri.as_str())
    }

    /// The resource that encloses `pointer` most closely: its URI (the base URI of references
    /// there) and its pointer.
    pub fn enclosing(&self, pointer: &str) -> (&str, &str) {
        self.ids
            .iter()
            .filter(|(_, at)| is_within(pointer, at))
            .max_by_key(|(_, at)| at.len())
            .map_or(("", ""), |(uri, at)| (uri.as_str(), at.as_str()))
    }

    /// The pointer of the resource named `uri`.
    pub fn find(&self, uri: &str) -> Option<&str> {
        let uri = strip_fragment(uri);
        self.ids
            .iter()
            .find(|(id, _)| id == uri)
            .map(|(_, at)| at.as_str())
    }

    /// The anchor `name` of the resource `uri`; with `dynamic`, only a `$dynamicAnchor`.
    pub fn anchor(&self, uri: &str, name: &str, dynamic: bool) -> Option<&Anchor> {
        self.anchors
            .iter()
            .find(|a| a.resource == uri && a.name == name && (a.dynamic || !dynamic))
    }
}

/// Whether `pointer` is `at` or inside it.
fn is_within(pointer: &str, at: &str) -> bool {
    at.is_empty()
        || pointer == at
        || pointer
            .strip_prefix(at)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The URI without its fragment.
pub fn strip_fragment(uri: &str) -> &str {
    uri.split_once('#').map_or(uri, |(before, _)| before)
}

/// Whether a reference is an absolute URI (`https://...`, `urn:...`, `file:///...`) rather than
/// a path.
pub fn is_absolute_uri(reference: &str) -> bool {
    reference.contains("://") || reference.starts_with("urn:") || reference.starts_with("tag:")
}

/// Resolves a relative reference against an absolute base URI (RFC 3986, section 5.2, without
/// queries): `https://a/b/c` + `d/e` is `https://a/b/d/e`, + `../d` is `https://a/d`, + `/d` is
/// `https://a/d`; an empty reference is the base. A base with no hierarchy (`urn:...`) only
/// takes absolute references.
pub fn join_uri(base: &str, relative: &str) -> String {
    let relative = strip_fragment(relative);
    if relative.is_empty() {
        return strip_fragment(base).to_string();
    }
    if is_absolute_uri(relative) || !base.contains("://") {
        return relative.to_string();
    }
    let base = strip_fragment(base);
    let authority_end = base
        .find("://")
        .map(|i| base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j))
        .unwrap_or(0);
    let (origin, path) = base.split_at(authority_end);
    let mut segments: Vec<&str> = if relative.starts_with('/') {
        Vec::new()
    } else {
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    let parts: Vec<&str> = relative.split('/').collect();
    for (i, segment) in parts.iter().enumerate() {
        match *segment {
            "." => {}
            "" if i + 1 < parts.len() => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    format!("{origin}/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_references_join_their_base() {
        let base = "https://json-schema.org/draft/2020-12/schema";
        assert_eq!(
            join_uri(base, "meta/core"),
            "https://json-schema.org/draft/2020-12/meta/core"
        );
        assert_eq!(
            join_uri(base, "../2019-09/x"),
            "https://json-schema.org/draft/2019-09/x"
        );
        assert_eq!(join_uri(base, "/other"), "https://json-schema.org/other");
        assert_eq!(join_uri(base, "urn:x"), "urn:x");
        assert_eq!(join_uri("https://host", "a.json"), "https://host/a.json");
        assert_eq!(join_uri("http://h/a/", "b/"), "http://h/a/b/");
        assert_eq!(
            join_uri("file:///s/x.json", "y.json#/a"),
            "file:///s/y.json"
        );
        assert_eq!(join_uri("urn:uuid:1", ""), "urn:uuid:1");
    }

    #[test]
    fn embedded_resources_and_their_anchors() {
        let root = serde_json::json!({
            "$id": "http://example.com/root.json",
            "$defs": {
                "a": {"$id": "nested/a.json", "$anchor": "here", "$defs": {
                    "b": {"$id": "#legacy"},
                    "c": {"$dynamicAnchor": "meta"}
                }},
                "d": {"$anchor": "here"},
                "e": {"$id": "urn:uuid:1", "enum": [{"$id": "http://not/an/id"}]}
            }
        });
        let index = Resources::of(&root, "file:///dir/root.json");
        assert_eq!(
            index.ids,
            [
                ("http://example.com/root.json".to_string(), String::new()),
                (
                    "http://example.com/nested/a.json".to_string(),
                    "/$defs/a".to_string()
                ),
                ("urn:uuid:1".to_string(), "/$defs/e".to_string()),
            ]
        );
        assert_eq!(
            index.enclosing("/$defs/a/$defs/c"),
            ("http://example.com/nested/a.json", "/$defs/a")
        );
        assert_eq!(
            index.enclosing("/$defs/d"),
            ("http://example.com/root.json", "")
        );
        let here = |uri: &str| index.anchor(uri, "here", false).map(|a| a.pointer.as_str());
        assert_eq!(here("http://example.com/nested/a.json"), Some("/$defs/a"));
        assert_eq!(here("http://example.com/root.json"), Some("/$defs/d"));
        let legacy = index.anchor("http://example.com/nested/a.json", "legacy", false);
        assert_eq!(legacy.map(|a| a.pointer.as_str()), Some("/$defs/a/$defs/b"));
        let meta = index.anchor("http://example.com/nested/a.json", "meta", true);
        assert_eq!(meta.map(|a| a.pointer.as_str()), Some("/$defs/a/$defs/c"));
        assert!(
            index
                .anchor("http://example.com/nested/a.json", "here", true)
                .is_none()
        );
    }

    #[test]
    fn drafts_before_2019_ignore_an_id_beside_ref_and_read_draft_4_ids() {
        let root = serde_json::json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "definitions": {
                "a": {"id": "http://x/a.json"},
                "b": {"id": "http://x/b.json", "$ref": "#/definitions/a"}
            }
        });
        let index = Resources::of(&root, "file:///s.json");
        let uris: Vec<&str> = index.ids.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(uris, ["file:///s.json", "http://x/a.json"]);
    }
}
