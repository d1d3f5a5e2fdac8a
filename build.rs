//! Builds the committed Rust in `generated/` when it was generated from `schema/` as it is now,
//! which the digest in its header tells without generating anything: the crate then builds
//! without schemagen. When the schema has changed since, the build stops and says how to
//! regenerate; with the `regenerate` feature it generates the types from `schema/` instead (the
//! schemagen library then builds with the crate) and warns that `generated/` is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The command that refreshes `generated/`, named in headers and in the staleness messages.
const REGENERATE: &str = "cargo run -p json-schemagen -- generate";

/// The header line of the committed Rust that records what it was generated from.
const DIGEST_PREFIX: &str = "// Schema digest: fnv1a64:";

fn main() -> ExitCode {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let schema_dir = manifest_dir.join("schema");
    let generated = manifest_dir.join("generated");
    let rust = generated.join("connect_session.rs");
    // The directory too, so that a new schema file is picked up.
    for path in [&schema_dir, &rust] {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    match stale_because(&manifest_dir, &schema_dir, &rust) {
        None => match use_committed(&generated, &out_dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                println!("cargo::error=cannot copy generated/ into OUT_DIR: {err}");
                ExitCode::FAILURE
            }
        },
        Some(reason) => stale(&reason),
    }
}

/// Why the committed copy is not what `schema/` generates, or `None` when it is.
fn stale_because(manifest_dir: &Path, schema_dir: &Path, rust: &Path) -> Option<String> {
    let Ok(text) = std::fs::read_to_string(rust) else {
        return Some(format!("{} cannot be read", rust.display()));
    };
    let Some((digest, names)) = text
        .lines()
        .take(8)
        .find_map(|line| line.strip_prefix(DIGEST_PREFIX))
        .and_then(|rest| rest.split_once(" of "))
    else {
        return Some("generated/connect_session.rs has no schema digest".to_string());
    };
    let names: Vec<&str> = names.split(", ").collect();
    let mut files = Vec::new();
    for name in &names {
        println!(
            "cargo:rerun-if-changed={}",
            manifest_dir.join(name).display()
        );
        match std::fs::read(manifest_dir.join(name)) {
            Ok(contents) => files.push((*name, contents)),
            Err(_) => return Some(format!("{name} is gone")),
        }
    }
    let listed = |path: &Path| {
        path.strip_prefix(manifest_dir)
            .is_ok_and(|p| names.contains(&p.to_string_lossy().replace('\\', "/").as_str()))
    };
    let schemas = std::fs::read_dir(schema_dir)
        .into_iter()
        .flatten()
        .flatten();
    if let Some(new) = schemas
        .map(|e| e.path())
        .find(|p| is_schema(p) && !listed(p))
    {
        return Some(format!("{} is new", new.display()));
    }
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    (format!("{:016x}", input_digest(&files)) != digest).then(|| "schema/ has changed".to_string())
}

fn is_schema(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
}

/// The digest schemagen writes in the header (`schemagen::input_digest`): FNV-1a over each
/// file's name, a zero byte, its length and its contents.
fn input_digest(files: &[(&str, &[u8])]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, contents) in files {
        let len = (contents.len() as u64).to_le_bytes();
        for byte in [name.as_bytes(), &[0], &len, contents].concat() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Copies the committed Rust into `OUT_DIR`, where `src/lib.rs` includes it.
fn use_committed(generated: &Path, out_dir: &Path) -> std::io::Result<()> {
    let rust = std::fs::read_to_string(generated.join("connect_session.rs"))?;
    write_if_changed(&out_dir.join("connect_session.rs"), &rust)
}

fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    std::fs::write(path, contents)
}

#[cfg(not(feature = "regenerate"))]
fn stale(reason: &str) -> ExitCode {
    println!(
        "cargo::error=generated/ is stale ({reason}): run `{REGENERATE}` and commit the result, or build with `--features regenerate` to generate the types from schema/ during the build"
    );
    ExitCode::FAILURE
}

#[cfg(feature = "regenerate")]
fn stale(reason: &str) -> ExitCode {
    println!(
        "cargo:warning=generated/ is stale ({reason}): the types are generated from schema/ during this build; run `{REGENERATE}` and commit the result"
    );
    regenerate::main()
}

/// The types generated from `schema/` during the build, for a schema edited since `generated/`
/// was written.
#[cfg(feature = "regenerate")]
mod regenerate {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use schemagen::{Config, write};

    use super::REGENERATE;

    pub fn main() -> ExitCode {
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
        let manifest_dir =
            PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
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
        let rust = generated
            .files
            .iter()
            .filter(|f| f.kind == schemagen::FileKind::Rust);
        for file in rust {
            write::write_if_changed(&out_dir.join(&file.path), &file.contents)?;
        }
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
}
