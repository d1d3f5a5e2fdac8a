//! What `generate` and `check` say about a schema edit: the changes since the schemas the output
//! was made from, and the optional record of them in `CHANGES.md`.
//!
//! The output does not store its schemas, only their digest (the `Schema digest:` line of the
//! Rust file's header). When the digest is the current one, nothing changed. Otherwise the
//! schemas are looked for in git: HEAD, then the last commits that touched them, the first
//! whose schemas give the recorded digest being the ones the output was made from. That finds
//! the right baseline after an edit not yet committed (HEAD) and in CI, where HEAD holds the
//! edit and the stale output came from an older commit.

use std::path::Path;

use schemagen::diff::{Diff, git};
use schemagen::{Config, Error, Model};

/// How many commits that touched the schemas are searched for the ones the output came from.
const HISTORY: usize = 30;

/// The changes since the schemas the output was made from.
pub struct Summary {
    /// Which schemas, in words.
    pub since: String,
    /// The changes.
    pub diff: Diff,
}

/// The changes from the schemas the output in `out` was generated from to `new` (whose Rust
/// file is `new_rust`). `Ok(None)` when there is no output yet; `Err` says why no baseline was
/// found.
pub fn since_output(
    config: &Config,
    schema_dir: Option<&Path>,
    out: &Path,
    new: &Model,
    new_rust: &str,
) -> Result<Option<Summary>, String> {
    let path = out.join(&config.rust_file);
    let Ok(previous) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let recorded = digest_line(&previous)
        .ok_or_else(|| format!("{} has no `Schema digest:` line", path.display()))?;
    if digest_line(new_rust) == Some(recorded) {
        return Ok(Some(Summary {
            since: "the schemas the output was made from (unchanged)".to_string(),
            diff: Diff::default(),
        }));
    }
    match git::baseline(config, schema_dir, recorded, HISTORY) {
        Ok(Some(baseline)) => Ok(Some(Summary {
            since: baseline.label,
            diff: schemagen::diff::diff(&baseline.model, new),
        })),
        Ok(None) => Err(format!(
            "the schemas {} was made from are neither in HEAD nor in the last {HISTORY} commits that touched them",
            out.display()
        )),
        Err(Error::Config(message)) => Err(message),
        Err(err) => Err(err.to_string()),
    }
}

/// The `Schema digest: ...` line of a generated Rust file.
pub fn digest_line(rust: &str) -> Option<&str> {
    rust.lines()
        .take(8)
        .filter_map(|line| line.strip_prefix("// "))
        .find(|line| line.starts_with("Schema digest:"))
}

/// The lines `generate` and `check` print: a heading, then one line per change.
pub fn lines(summary: &Summary) -> Vec<String> {
    let mut lines = vec![format!("schema changes since {}:", summary.since)];
    lines.extend(summary.diff.lines().into_iter().map(|l| format!("  {l}")));
    lines
}

/// The JSON of a summary (or of the reason there is none).
pub fn json(summary: &Result<Option<Summary>, String>) -> serde_json::Value {
    match summary {
        Ok(Some(summary)) => {
            let mut value = summary.diff.to_json();
            if let serde_json::Value::Object(map) = &mut value {
                map.insert("since".to_string(), summary.since.clone().into());
            }
            value
        }
        Ok(None) => serde_json::Value::Null,
        Err(reason) => serde_json::json!({ "unavailable": reason }),
    }
}

/// Appends the changes to `CHANGES.md` in `docs_dir`, under a heading naming the new digest;
/// a regeneration already recorded is not recorded twice. Returns whether the file changed.
pub fn record(docs_dir: &Path, summary: &Summary, new_rust: &str) -> Result<bool, Error> {
    if summary.diff.changes.is_empty() {
        return Ok(false);
    }
    let digest = digest_line(new_rust)
        .and_then(|line| line.strip_prefix("Schema digest: "))
        .unwrap_or("(no digest)");
    let heading = digest.to_string();
    let path = docs_dir.join("CHANGES.md");
    let mut text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            "# Schema changes\n\nEach regeneration that changed the generated types, with what the change does to the Rust API and to the wire (`schemagen generate --changes-md`).\n".to_string()
        }
        Err(source) => return Err(Error::Read { path, source }),
    };
    if text
        .lines()
        .any(|l| l.strip_prefix("## ") == Some(&heading))
    {
        return Ok(false);
    }
    text.push_str(&format!(
        "\n## {heading}\n\nSince {}: {}",
        summary.since,
        summary.diff.markdown()
    ));
    std::fs::create_dir_all(docs_dir)
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|source| Error::Write { path, source })?;
    Ok(true)
}
