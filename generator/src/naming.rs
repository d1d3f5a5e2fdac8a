//! Type names a person would write: the shortest unique name that still says what a type is.
//!
//! A type's name in the schema is a path: a definition key (`io.k8s.api.core.v1.Pod`), or for an
//! inline schema the name of the type it sits in followed by the properties that lead to it
//! (`PullRequestEvent pull_request user`). Writing the whole path gives names of a hundred
//! characters; this pass, run on the finished model, gives each type the shortest tail of its
//! path that no other type claims (`Pod`, `PullRequestUser`), lengthening only the names that
//! collide. A tail never starts with a word that says nothing on its own (`item`, `value`, a
//! number), and the tail of an inline schema has two words at least (`ConnectSessionType`, not
//! `Type`). Titles lose what does not name anything: URLs, parenthesized remarks, version numbers
//! and a leading "JSON schema for".
//!
//! Types the schema names claim first, then other types, then the aliases that [`crate::dedup`]
//! left; a name still taken at full length gets a numeric suffix, as before.

use std::collections::HashMap;

use crate::model::{Model, TypeDef, TypeKind};
use crate::names::{self, NameKind, Namespace};

/// Path segments that say nothing on their own: a tail does not start with one.
const GENERIC: &[&str] = &["item", "items", "value", "variant", "additional"];

/// Renames every type of `model` to the shortest unique tail of its path.
pub fn shorten(model: &mut Model) {
    let options: Vec<Vec<String>> = model
        .types
        .iter()
        .map(|def| {
            // Without version numbers first; with them when that is what tells two apart.
            let (short, parent) = path_of(def, false);
            let mut options = candidates(def, &short, parent);
            let (full, parent) = path_of(def, true);
            if full != short {
                options.extend(candidates(def, &full, parent));
            }
            // The name as the schema writes it, before a numeric suffix (`PetSchemaJson`).
            options.push(names::identifier(&def.schema_name, NameKind::Type));
            let mut seen = std::collections::HashSet::new();
            options.retain(|o| seen.insert(normalize(o)));
            options
        })
        .collect();
    let rank = |def: &TypeDef| match (&def.kind, def.named_in_schema) {
        (_, true) => 0,
        (TypeKind::Alias(_), false) => 2,
        (_, false) => 1,
    };
    let mut namespace = Namespace::with_reserved(names::SUPPORT_TYPES.iter().copied());
    let mut names = vec![String::new(); model.types.len()];
    for group in 0..3 {
        let members: Vec<usize> = (0..model.types.len())
            .filter(|&i| rank(&model.types[i]) == group)
            .collect();
        // Which candidate each member takes: the shortest first, the next one for every member
        // whose candidate collides with another's or with a name already taken.
        let mut choice: Vec<usize> = vec![0; members.len()];
        loop {
            let candidates: Vec<String> = members
                .iter()
                .zip(&choice)
                .map(|(&i, &c)| options[i][c].clone())
                .collect();
            let mut count: HashMap<String, usize> = HashMap::new();
            for name in &candidates {
                *count.entry(normalize(name)).or_default() += 1;
            }
            let mut changed = false;
            for (m, name) in candidates.iter().enumerate() {
                let key = normalize(name);
                let collides = count[&key] > 1 || namespace.is_taken(name);
                if collides && choice[m] + 1 < options[members[m]].len() {
                    choice[m] += 1;
                    changed = true;
                }
            }
            if !changed {
                for ((&i, name), _) in members.iter().zip(candidates).zip(&choice) {
                    names[i] = namespace.claim(&name);
                }
                break;
            }
        }
    }
    for (def, name) in model.types.iter_mut().zip(names) {
        def.name = name;
    }
}

/// The segments of a type's path in the schema: definition keys split at dots, inline paths
/// at spaces, titles cleaned of what does not name anything, and a definition named by a URL
/// (`http://asyncapi.com/bindings/sqs/0.2.0/channel.json`) split into the pieces of its path.
/// Returns the path and how many of its segments name the type's parent (or the type itself,
/// for a definition).
fn path_of(def: &TypeDef, versions: bool) -> (Vec<String>, usize) {
    let name = if def.docs.title.as_deref() == Some(def.schema_name.as_str()) {
        clean_title(&def.schema_name)
    } else {
        def.schema_name.clone()
    };
    // A name the schema gives is one segment (`with space` included); the name of an inline
    // schema is its parent's name and the properties after it, separated by spaces.
    let parts: Vec<&str> = if def.named_in_schema {
        vec![name.as_str()]
    } else {
        name.split(' ').filter(|p| !p.is_empty()).collect()
    };
    let mut path: Vec<String> = Vec::new();
    let mut parent = 0;
    for (index, part) in parts.into_iter().enumerate() {
        // A dotted key (`io.k8s.api.core.v1.Pod`) is a path of its own; other dots stay.
        let dotted = part.contains('.') && part.split('.').all(|s| !s.is_empty() && is_word(s));
        if let Some(pieces) = url_pieces(part).filter(|_| index == 0) {
            let kept = pieces.into_iter().filter(|p| versions || !is_version(p));
            path.extend(kept);
        } else if dotted {
            path.extend(part.split('.').map(str::to_string));
        } else {
            path.push(part.to_string());
        }
        if index == 0 {
            parent = path.len();
        }
    }
    if path.is_empty() {
        path.push(name);
        parent = 1;
    }
    (path, parent)
}

/// The pieces of a name that is a URL or the name of a schema file, without the scheme, the
/// host and the file extension: `http://asyncapi.com/bindings/sqs/0.2.0/channel.json` is
/// `bindings`, `sqs`, `0.2.0`, `channel`, `pet.schema.json` is `pet`. `None` for any other name
/// (`a/b` stays a name).
fn url_pieces(name: &str) -> Option<Vec<String>> {
    const EXTENSIONS: [&str; 4] = [".json", ".yaml", ".yml", ".schema"];
    let (location, fragment) = name.split_once('#').unwrap_or((name, ""));
    let schema_file = !location.contains(char::is_whitespace)
        && EXTENSIONS
            .iter()
            .any(|e| location.len() > e.len() && location.ends_with(e));
    if !location.contains("://") && !schema_file {
        return None;
    }
    let path = match location.split_once("://") {
        Some((_, after)) => after.split_once('/').map_or("", |(_, path)| path),
        None => location,
    };
    let mut pieces: Vec<String> = path
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(file) = pieces.last_mut() {
        for extension in EXTENSIONS {
            if let Some(stem) = file.strip_suffix(extension).filter(|s| !s.is_empty()) {
                *file = stem.to_string();
            }
        }
    }
    pieces.extend(
        fragment
            .split('/')
            .filter(|p| !p.is_empty())
            .map(str::to_string),
    );
    (!pieces.is_empty()).then_some(pieces)
}

/// Whether a segment is a version number (`0.2.0`, `3`), which names nothing on its own.
fn is_version(segment: &str) -> bool {
    segment.starts_with(|c: char| c.is_ascii_digit())
        && segment.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The names a type may take, shortest first: tails of its path, then its parent's name
/// before a tail, then the whole path. `parent` is how many segments of `path` name the
/// parent.
fn candidates(def: &TypeDef, path: &[String], parent: usize) -> Vec<String> {
    let meaningful = |start: usize| meaningful_segment(&path[start]);
    // One word alone names a definition (`Pod`) but not a property (`Type`, `Kind`).
    let words = |name: &str| name.chars().filter(char::is_ascii_uppercase).count();
    let own = parent.clamp(1, path.len()) - 1;
    let mut options: Vec<String> = Vec::new();
    // The parent's name before a one-word tail, where what it skips only repeats the parent
    // (`FileCommitAuthor` for `file-commit commit author`, not `FileCommitCommitAuthor`); after
    // the other options, before the whole path.
    let mut last_resort: Vec<String> = Vec::new();
    let parent_words = std::cell::OnceCell::new();
    let says_nothing_new = |segment: &String| {
        !meaningful_segment(segment)
            || word_set(segment).is_subset(parent_words.get_or_init(|| word_set(&path[own])))
    };
    for start in (1..path.len()).filter(|&s| meaningful(s)) {
        let tail = candidate(path, start);
        let two_words = words(&tail) >= 2;
        if !def.named_in_schema && start > own + 1 {
            let parent_and_tail: Vec<String> = [&path[own..=own], &path[start..]].concat();
            let option = candidate(&parent_and_tail, 0);
            if two_words {
                options.push(option);
            } else if path[own + 1..start].iter().all(says_nothing_new) {
                last_resort.push(option);
            }
        }
        if def.named_in_schema || two_words {
            options.push(tail);
        }
    }
    options.sort_by_key(String::len);
    last_resort.sort_by_key(String::len);
    options.extend(last_resort);
    options.push(candidate(path, 0));
    let mut seen = std::collections::HashSet::new();
    options.retain(|o| seen.insert(normalize(o)));
    options
}

/// Whether a segment of a path names something on its own (not `item`, not a number).
pub(crate) fn meaningful_segment(segment: &str) -> bool {
    let segment = segment.to_lowercase();
    !GENERIC.contains(&segment.as_str()) && !is_version(&segment)
}

/// The words of a segment, lowercase (`check_suite` and `CheckSuite` both `check`, `suite`).
fn word_set(segment: &str) -> std::collections::BTreeSet<String> {
    use heck::ToSnakeCase;
    segment
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The type name made of the tail of `path` from `start`.
fn candidate(path: &[String], start: usize) -> String {
    names::identifier(&path[start..].join(" "), NameKind::Type)
}

/// A title without URLs, parenthesized remarks, version numbers and a leading "JSON schema
/// for": `JSON schema for Renovate 41.81.5 config files (https://renovatebot.com/)` is
/// `Renovate config files`.
fn clean_title(title: &str) -> String {
    let mut depth = 0usize;
    let mut unbracketed = String::new();
    for c in title.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => unbracketed.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = unbracketed
        .split_whitespace()
        .filter(|w| !w.contains("://"))
        .filter(|w| {
            let w = w.trim_start_matches(['v', 'V']);
            !(w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let skip = ["json schema for", "schema for", "json schema of"]
        .iter()
        .map(|p| p.split(' ').collect::<Vec<_>>())
        .find(|p| lower.len() > p.len() && lower.iter().zip(p).all(|(w, p)| w == p))
        .map_or(0, |p| p.len());
    let cleaned = words[skip..].join(" ");
    if cleaned.is_empty() {
        title.to_string()
    } else {
        cleaned
    }
}

/// Whether a dotted segment reads as a word or a version (`k8s`, `v1`), not as a number.
fn is_word(segment: &str) -> bool {
    segment
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && segment.chars().any(char::is_alphabetic)
}

fn normalize(name: &str) -> String {
    names::unraw(name).replace('_', "").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_urls_versions_and_remarks() {
        assert_eq!(
            clean_title("JSON schema for Renovate 41.81.5 config files (https://renovatebot.com/)"),
            "Renovate config files"
        );
        assert_eq!(clean_title("Pet Store v2"), "Pet Store");
        assert_eq!(clean_title("1.0"), "1.0");
    }

    #[test]
    fn urls_and_schema_files_name_by_the_pieces_of_their_path() {
        let pieces = |name: &str| url_pieces(name).unwrap_or_default();
        assert_eq!(
            pieces("http://asyncapi.com/bindings/sqs/0.2.0/channel.json"),
            ["bindings", "sqs", "0.2.0", "channel"]
        );
        assert_eq!(
            pieces("https://example.com/schemas/pet.schema.json#/definitions/Tag"),
            ["schemas", "pet", "definitions", "Tag"]
        );
        assert_eq!(pieces("common/types.yaml"), ["common", "types"]);
        assert_eq!(pieces("pet.schema.json"), ["pet"]);
        // Keys that only contain a slash, or a bare host, are names as they stand.
        assert_eq!(url_pieces("a/b"), None);
        assert_eq!(url_pieces("io.k8s.api.core.v1.Pod"), None);
        assert_eq!(url_pieces("https://example.com"), None);
        assert!(is_version("0.2.0") && is_version("3") && !is_version("v1") && !is_version("k8s"));
    }
}
