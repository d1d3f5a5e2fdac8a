//! Errors and warnings: every one names the file, the JSON pointer and, where the source is at hand,
//! the line and column.

use std::fmt;
use std::path::PathBuf;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation cannot go on.
    Error,
    /// Generation goes on; the output approximates or skips something.
    Warning,
}

/// A place in an input schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it (relative to the base directory where possible).
    pub file: String,
    /// JSON pointer into the file (`""` is the whole document).
    pub pointer: String,
    /// 1-based line and column of the value the pointer designates, when known.
    pub line_column: Option<(u32, u32)>,
}

impl Location {
    /// A location with no line and column known.
    pub fn new(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            pointer: pointer.into(),
            line_column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, " at {pointer}")
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong, as a sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<Box<str>>,
    /// The line of the source the location is on, when the source is at hand.
    pub source: Option<Box<SourceLine>>,
}

/// One line of a schema file, to show under a diagnostic with the offending value underlined.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceLine {
    /// The text of the line (or of a window of it, for long lines), tabs as spaces.
    pub text: String,
    /// Characters before the underline.
    pub start: usize,
    /// Characters underlined (at least 1).
    pub len: usize,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            help: None,
            source: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            help: None,
            source: None,
        }
    }

    /// The same diagnostic with advice on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}\n  --> {}", self.message, self.location)?;
        if let (Some(source), Some((line, _))) = (&self.source, self.location.line_column) {
            let gutter = " ".repeat(line.to_string().len());
            write!(
                f,
                "\n{gutter} |\n{line} | {}\n{gutter} | {}{}",
                source.text,
                " ".repeat(source.start),
                "^".repeat(source.len.max(1))
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("error: cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("error: cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The configuration asks for something impossible.
    #[error("error: {0}")]
    Config(String),
    /// A bug in the generator: the message says what broke.
    #[error(
        "error: internal error in schemagen: {0}; please report it with the schema that caused it"
    )]
    Internal(String),
    /// The schemas have errors; all that were found are listed.
    #[error("{}", render(diagnostics))]
    Schema {
        /// The problems, errors and the warnings found alongside them.
        diagnostics: Vec<Diagnostic>,
    },
}

fn render(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.to_string());
        out.push_str("\n\n");
    }
    let plural = if errors == 1 { "" } else { "s" };
    out.push_str(&format!(
        "{errors} error{plural} in the schema; nothing was generated"
    ));
    out
}
