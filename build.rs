//! Generates the Rust types from `schema/` into `OUT_DIR`, and warns when the committed copy in
//! `generated/` no longer matches the schema.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use schemagen::{Config, write};

/// The command that refreshes `generated/`, named in headers and in the staleness warning.
const REGENERATE: &str = "cargo run -p schemagen -- generate";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Readable messages through cargo, not a backtrace: one line per problem, and the
            // full report (with help) on stderr, which cargo shows below them.
            match &err {
                schemagen::Error::Schema { diagnostics } => {
                    for diagnostic in diagnostics
                        .iter()
                        .filter(|d| d.severity == schemagen::Severity::Error)
                    {
                        println!(
                            "cargo::error={}: {}",
                            diagnostic.location, diagnostic.message
                        );
                    }
                }
                other => {
                    for line in other.to_string().trim_start_matches("error: ").lines() {
                        println!("cargo::error={line}");
                    }
                }
            }
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), schemagen::Error> {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let schema_dir = manifest_dir.join("schema");
    // The directory too, so that a new schema file is picked up.
    println!("cargo:rerun-if-changed={}", schema_dir.display());
    let schemas = schemagen::schema_files(&schema_dir)?;
    for schema in &schemas {
        println!("cargo:rerun-if-changed={}", schema.display());
    }
    let config = Config::new(&schemas)
        .base_dir(&manifest_dir)
        .crate_name(&package)
        .regenerate_command(REGENERATE);
    let generated = schemagen::generate(&config)?;
    check_dependencies(&manifest_dir.join("Cargo.toml"), &generated)?;
    for input in &generated.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    for warning in &generated.warnings {
        for line in warning.to_string().lines() {
            println!("cargo:warning={line}");
        }
    }
    write::write_all(&out_dir, &generated.files)?;
    let pages: Vec<&str> = generated
        .files
        .iter()
        .filter(|f| f.kind == schemagen::FileKind::Markdown)
        .map(|f| f.path.as_str())
        .collect();
    write::write_if_changed(
        &out_dir.join("doc_pages.rs"),
        &schemagen::emit_rust::doctest_harness(&pages)?,
    )?;
    warn_if_stale(&manifest_dir.join("generated"), &generated.files);
    Ok(())
}

/// A schema edit can call for a crate the package does not depend on yet (`format: uuid` needs
/// `uuid`): say which line to add, rather than leave rustc to report an unresolved path.
fn check_dependencies(
    manifest: &Path,
    generated: &schemagen::Generated,
) -> Result<(), schemagen::Error> {
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let missing = schemagen::manifest::missing(&text, &generated.dependencies);
    if missing.is_empty() {
        return Ok(());
    }
    let lines: Vec<&str> = generated
        .dependencies
        .iter()
        .filter(|d| missing.contains(d) || d.name == "schemars")
        .map(|d| d.line.as_str())
        .collect();
    let names: Vec<&str> = missing.iter().map(|d| d.name).collect();
    Err(schemagen::Error::Config(format!(
        "the generated types use {} but {} does not depend on it; add (or update) under [dependencies]:\n{}\n(or keep the format as text with `Config::format_type(FORMAT, \"String\")` in build.rs)",
        names.join(", "),
        manifest.display(),
        lines.join("\n")
    )))
}

/// The committed copy is refreshed by the CLI, never by the build: say so when it is stale.
fn warn_if_stale(committed: &Path, files: &[schemagen::GeneratedFile]) {
    println!("cargo:rerun-if-changed={}", committed.display());
    let stale = write::differences(committed, files);
    if !stale.is_empty() {
        println!(
            "cargo:warning=generated/ is stale: {} file(s) differ from what schema/ generates; run `{REGENERATE}` and commit the result",
            stale.len()
        );
    }
}
