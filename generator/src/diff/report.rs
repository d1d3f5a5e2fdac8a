//! A [`Diff`] printed: one line per change for people, a JSON value for CI, a Markdown section
//! for `CHANGES.md`.

use serde_json::{Value, json};

use super::{Api, Change, Diff, Semver, Wire};

impl Api {
    /// `breaking`, `additive` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Breaking => "breaking",
            Api::Additive => "additive",
            Api::None => "none",
        }
    }
}

impl Wire {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Wire::Breaking => "breaking",
            Wire::Compatible => "compatible",
        }
    }
}

impl Semver {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Major => "major",
            Semver::Minor => "minor",
            Semver::Patch => "patch",
        }
    }
}

impl Change {
    /// Which programs the change breaks on the wire, in words.
    pub fn wire_words(&self) -> &'static str {
        match (self.old_readers, self.old_writers) {
            (Wire::Compatible, Wire::Compatible) => "compatible",
            (Wire::Breaking, Wire::Compatible) => "breaks old readers",
            (Wire::Compatible, Wire::Breaking) => "breaks old writers",
            (Wire::Breaking, Wire::Breaking) => "breaks old readers and old writers",
        }
    }

    /// `ConnectSession.id: type String → f64 [api: breaking; wire: breaks old readers and old writers]`.
    pub fn line(&self) -> String {
        format!(
            "{}: {} [api: {}; wire: {}]",
            self.path,
            self.detail,
            self.api.as_str(),
            self.wire_words()
        )
    }
}

impl Diff {
    /// One line per change, then the verdict.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.changes.iter().map(Change::line).collect();
        lines.push(self.verdict());
        lines
    }

    /// `semver: major (5 changes, 3 breaking the API, 2 breaking the wire)`.
    pub fn verdict(&self) -> String {
        if self.changes.is_empty() {
            return "no change to the generated types (semver: patch)".to_string();
        }
        let api = self
            .changes
            .iter()
            .filter(|c| c.api == Api::Breaking)
            .count();
        let wire = self
            .changes
            .iter()
            .filter(|c| c.wire() == Wire::Breaking)
            .count();
        format!(
            "semver: {} ({} change{}, {api} breaking the API, {wire} breaking the wire)",
            self.semver().as_str(),
            self.changes.len(),
            if self.changes.len() == 1 { "" } else { "s" },
        )
    }

    /// `{"changes": [{"path", "change", "detail", "api", "wire", "old_readers", "old_writers"}],
    /// "semver", "breaking"}`.
    pub fn to_json(&self) -> Value {
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| {
                json!({
                    "path": c.path,
                    "change": c.kind.as_str(),
                    "detail": c.detail,
                    "api": c.api.as_str(),
                    "wire": c.wire().as_str(),
                    "old_readers": c.old_readers.as_str(),
                    "old_writers": c.old_writers.as_str(),
                })
            })
            .collect();
        json!({
            "changes": changes,
            "semver": self.semver().as_str(),
            "breaking": self.is_breaking(),
        })
    }

    /// Markdown: the verdict and a table of the changes.
    pub fn markdown(&self) -> String {
        let mut out = format!("{}\n", self.verdict());
        if !self.changes.is_empty() {
            out.push_str("\n| Where | Change | API | Wire |\n| ----- | ------ | --- | ---- |\n");
            for c in &self.changes {
                out.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    c.path,
                    cell(&c.detail),
                    c.api.as_str(),
                    c.wire_words()
                ));
            }
        }
        out
    }
}

/// Text safe in a table cell: no `|`, no HTML, no line breaks.
fn cell(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}
