//! The `schemagen` command line: `generate` writes the output, `check` tells whether it is stale,
//! `diff` says what a schema edit does to the generated crate and to the wire.

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use schemagen::{Config, Diagnostic, Error, write};

/// Generation makes and drops millions of small values (token streams, syntax trees,
/// strings) on two threads; mimalloc does that in about a fifth less time than the system
/// allocator. Version 2 without transparent huge pages keeps the peak memory near the
/// system allocator's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` (`mi_option_purge_delay` in mimalloc v2's `mi_option_e`, which
/// `libmimalloc-sys` does not name): how many milliseconds freed memory waits before it goes
/// back to the system, 10 by default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system at once: a run frees what it read (the documents)
/// before it prints the output, and returned at once that memory is not part of the peak
/// (webhooks: 57 MB to 48 MB), at no cost in time that shows. Left as it is when the option
/// does not read its default (someone set `MIMALLOC_PURGE_DELAY`, or the numbering changed).
fn return_freed_memory_at_once() {
    // SAFETY: both functions only read or write mimalloc's table of options; they are called
    // on the main thread before any other thread exists (`mi_option_set` is not thread safe).
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == 10 {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
}

/// The output is written and the process is about to end: the generated files (webhooks: 20
/// MB of text) and the model are left for the system to take back with the process rather
/// than freed one by one, and what mimalloc frees at exit (it collects the main heap) is no
/// longer returned page by page.
fn about_to_exit(generated: schemagen::Generated) {
    std::mem::forget(generated);
    // SAFETY: the generation's threads have ended; this is the only thread (see
    // `return_freed_memory_at_once`). `-1`: never purge.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == 0 {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
}

/// Rust types and Markdown docs from JSON Schema.
#[derive(Parser, Debug)]
#[command(name = "schemagen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate the Rust types and the Markdown pages.
    Generate(Args),
    /// Exit 0 when the output is up to date with the schemas; otherwise print a diff and exit 1.
    Check(Args),
    /// List the changes between two versions of the schemas, each classified for the Rust API
    /// and for the wire; exit 3 when one is breaking.
    Diff(cli::diff::DiffArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
struct Args {
    #[command(flatten)]
    common: Common,
    /// Output directory; default: the project's `generated/` directory.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The crate name the snippets use; default: the `[package] name` of the project's Cargo.toml.
    #[arg(long = "crate-name", value_name = "NAME")]
    crate_name: Option<String>,
    /// Write a complete crate of this package name into the output directory (`Cargo.toml`,
    /// `src/lib.rs`, `docs/`) that builds with `cargo build` as it is.
    #[arg(long = "crate", value_name = "NAME")]
    krate: Option<String>,
    /// After a regeneration that changed the types, append the classified changes to
    /// `CHANGES.md` in the docs directory (off by default, so that the output stays a function
    /// of the schemas).
    #[arg(long = "changes-md")]
    changes_md: bool,
}

/// The options every command takes.
#[derive(clap::Args, Debug, Clone)]
struct Common {
    /// Schema files; default: every `*.json` in the project's `schema/` directory.
    #[arg(long = "schema", value_name = "FILE", num_args = 1..)]
    schemas: Vec<PathBuf>,
    /// How to print diagnostics and results: `human`, or `json` (one JSON object on stdout,
    /// for editors and CI).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// The Rust type for strings of a `format` (repeatable): `uuid=String` keeps UUIDs as text,
    /// `uri=url::Url` uses a type of another crate (add that crate to the dependencies).
    #[arg(long = "format-type", value_name = "FORMAT=TYPE", value_parser = key_value)]
    format_types: Vec<(String, String)>,
    /// Read `$ref`s to a remote URI from a local file (repeatable); a URI ending in `/` maps
    /// every document under it into a directory. Nothing is downloaded.
    #[arg(long = "map-ref", value_name = "URI=PATH", value_parser = key_value)]
    map_refs: Vec<(String, String)>,
    /// Keep the keys of an object that its properties do not name, where the schema does not
    /// mention `additionalProperties`, in a flattened `additional_properties` map (by default
    /// they are dropped): a program that reads and writes the JSON then loses nothing.
    #[arg(long = "keep-unknown")]
    keep_unknown: bool,
    /// Tell an absent key from `null` for optional properties that may be `null`: their fields
    /// are `Nullable<T>` (absent, null or a value) rather than `Option<T>`.
    #[arg(long = "absent-vs-null")]
    absent_vs_null: bool,
}

/// `KEY=VALUE`, split at the first `=`.
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() && !value.trim().is_empty() => {
            Ok((key.to_string(), value.trim().to_string()))
        }
        _ => Err(format!("expected KEY=VALUE, found `{text}`")),
    }
}

fn main() -> ExitCode {
    return_freed_memory_at_once();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let common = match &cli.command {
        Command::Generate(args) | Command::Check(args) => &args.common,
        Command::Diff(args) => &args.common,
    };
    let mut output = Output {
        format: common.format,
        quiet: common.quiet,
        json: serde_json::Map::new(),
    };
    let result = match &cli.command {
        Command::Generate(args) => run(false, args, &mut output),
        Command::Check(args) => run(true, args, &mut output),
        Command::Diff(args) => cli::diff::run(args, &mut output),
    };
    let code = match result {
        Ok(code) => code,
        Err(err) => {
            output.error(&err);
            match err {
                Error::Config(_) => ExitCode::from(2),
                _ => ExitCode::from(1),
            }
        }
    };
    output.finish(code == ExitCode::SUCCESS);
    code
}

/// Where results go: human text on stderr (diffs on stdout), or one JSON object on stdout.
struct Output {
    format: Format,
    quiet: bool,
    json: serde_json::Map<String, serde_json::Value>,
}

impl Output {
    fn diagnostics(&mut self, diagnostics: &[Diagnostic]) {
        match self.format {
            Format::Human if !self.quiet => diagnostics.iter().for_each(|d| eprintln!("{d}\n")),
            Format::Human => {}
            Format::Json => {
                let list = self
                    .json
                    .entry("diagnostics")
                    .or_insert_with(|| serde_json::Value::Array(Vec::new()));
                if let serde_json::Value::Array(list) = list {
                    list.extend(diagnostics.iter().map(diagnostic_json));
                }
            }
        }
    }

    fn error(&mut self, err: &Error) {
        match (self.format, err) {
            (Format::Json, Error::Schema { diagnostics }) => self.diagnostics(diagnostics),
            (Format::Json, other) => {
                let message = other.to_string();
                let message = message.strip_prefix("error: ").unwrap_or(&message);
                self.json.insert("error".to_string(), message.into());
            }
            // Quiet: the errors without the warnings found alongside them.
            (Format::Human, Error::Schema { diagnostics }) if self.quiet => {
                let errors: Vec<Diagnostic> = diagnostics
                    .iter()
                    .filter(|d| d.severity == schemagen::Severity::Error)
                    .cloned()
                    .collect();
                eprintln!(
                    "{}",
                    Error::Schema {
                        diagnostics: errors
                    }
                );
            }
            (Format::Human, _) => eprintln!("{err}"),
        }
    }

    fn note(&mut self, key: &str, value: serde_json::Value, human: impl FnOnce() -> String) {
        match self.format {
            Format::Human if !self.quiet => eprintln!("{}", human()),
            Format::Human => {}
            Format::Json => {
                self.json.insert(key.to_string(), value);
            }
        }
    }

    fn finish(self, ok: bool) {
        if self.format == Format::Json {
            let mut json = self.json;
            json.insert("ok".to_string(), ok.into());
            json.entry("diagnostics")
                .or_insert_with(|| serde_json::Value::Array(Vec::new()));
            println!("{}", serde_json::Value::Object(json));
        }
    }
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let (line, column) = d.location.line_column.unzip();
    serde_json::json!({
        "severity": match d.severity { schemagen::Severity::Error => "error", schemagen::Severity::Warning => "warning" },
        "file": d.location.file,
        "pointer": d.location.pointer,
        "line": line,
        "column": column,
        "message": d.message,
        "help": d.help.as_deref(),
    })
}

/// The schemas and options of a command, the project's defaults filled in.
struct Setup {
    config: Config,
    /// The output directory.
    out: PathBuf,
    /// The command that regenerates the output.
    command: String,
    /// The directory the schemas were listed from, when they were not named.
    schema_dir: Option<PathBuf>,
}

/// Fills in the project's defaults: the schemas of `schema/`, the output in `generated/`, the
/// crate name of its `Cargo.toml`.
fn setup(
    common: &Common,
    out: Option<&Path>,
    crate_name: Option<&str>,
    krate: Option<&str>,
) -> Result<Setup, Error> {
    let default_out = out.is_none();
    let project = if common.schemas.is_empty() || out.is_none() {
        find_project()?
    } else {
        PathBuf::from(".")
    };
    let schema_dir = common.schemas.is_empty().then(|| project.join("schema"));
    let schemas = match &schema_dir {
        Some(dir) => schemagen::schema_files(dir)?,
        None => common.schemas.clone(),
    };
    if schemas.is_empty() {
        return Err(Error::Config(format!(
            "no *.json schema files in {}",
            project.join("schema").display()
        )));
    }
    let out = out.map_or_else(|| project.join("generated"), Path::to_path_buf);
    let crate_name = match crate_name {
        Some(name) => name.to_string(),
        None => package_name(&project.join("Cargo.toml")).unwrap_or_else(|| "types".to_string()),
    };
    let base = if schema_dir.is_some() {
        project.clone()
    } else {
        common_dir(&schemas)
    };
    let mut config = Config::new(&schemas).base_dir(base).crate_name(&crate_name);
    for (format, rust_type) in &common.format_types {
        config = config.format_type(format, rust_type);
    }
    for (uri, path) in &common.map_refs {
        config = config.map_ref(uri, path);
    }
    config = config
        .keep_unknown(common.keep_unknown)
        .absent_vs_null(common.absent_vs_null);
    let command = if schema_dir.is_some() && default_out {
        "cargo run -p json-schemagen -- generate".to_string()
    } else {
        let files: Vec<String> = schemas.iter().map(|p| p.display().to_string()).collect();
        let krate = krate.map(|k| format!(" --crate {k}")).unwrap_or_default();
        let options: String = common
            .format_types
            .iter()
            .map(|(format, ty)| format!(" --format-type '{format}={ty}'"))
            .chain(
                common
                    .map_refs
                    .iter()
                    .map(|(uri, path)| format!(" --map-ref '{uri}={path}'")),
            )
            .chain(common.keep_unknown.then(|| " --keep-unknown".to_string()))
            .chain(
                common
                    .absent_vs_null
                    .then(|| " --absent-vs-null".to_string()),
            )
            .collect();
        format!(
            "schemagen generate --schema {} --out {}{krate}{options}",
            files.join(" "),
            out.display()
        )
    };
    Ok(Setup {
        config,
        out,
        command,
        schema_dir,
    })
}

fn run(check: bool, args: &Args, output: &mut Output) -> Result<ExitCode, Error> {
    let Setup {
        config,
        out,
        command,
        schema_dir,
    } = setup(
        &args.common,
        args.out.as_deref(),
        args.crate_name.as_deref(),
        args.krate.as_deref(),
    )?;
    let mut config = config.regenerate_command(&command);
    if let Some(package) = &args.krate {
        config = config.standalone_crate(package);
    }
    let generated = schemagen::generate(&config)?;
    output.diagnostics(&generated.warnings);
    let paths = |list: &[String]| serde_json::Value::from(list.to_vec());
    let new_rust = generated
        .files
        .iter()
        .find(|f| f.kind == schemagen::FileKind::Rust)
        .map_or("", |f| f.contents.as_str());
    // Only read when the output changes: finding the old schemas may ask git.
    let summary = || {
        cli::changes::since_output(
            &config,
            schema_dir.as_deref(),
            &out,
            &generated.model,
            new_rust,
        )
    };
    if check {
        let differences = write::differences(&out, &generated.files);
        let stale: Vec<String> = differences.iter().map(|d| d.path.clone()).collect();
        if differences.is_empty() {
            output.note("stale", paths(&stale), || {
                format!(
                    "{} is up to date ({} files)",
                    out.display(),
                    generated.files.len()
                )
            });
            return Ok(ExitCode::SUCCESS);
        }
        if output.format == Format::Human {
            for difference in &differences {
                print_diff(&out, difference);
            }
        }
        output.quiet = false;
        let summary = summary();
        output.note("schema_changes", cli::changes::json(&summary), || {
            summary_text(&summary)
        });
        output.note("stale", paths(&stale), || {
            format!(
                "error: {} of {} generated files in {} are stale\n  = help: run `{command}` and commit the result",
                differences.len(),
                generated.files.len(),
                out.display()
            )
        });
        return Ok(ExitCode::from(1));
    }
    // Read before writing: the output about to be replaced names the schemas it came from.
    let summary = if write::is_current(&out, &generated.files) {
        Ok(None)
    } else {
        summary()
    };
    let report = write::write_all(&out, &generated.files)?;
    if !report.written.is_empty() || !report.removed.is_empty() {
        output.note("schema_changes", cli::changes::json(&summary), || {
            summary_text(&summary)
        });
    }
    if args.changes_md {
        match &summary {
            Ok(Some(summary)) => {
                cli::changes::record(&out.join(&config.docs_dir), summary, new_rust)?;
            }
            Ok(None) => {}
            Err(reason) => {
                let reason = reason.clone();
                output.note("changes_md", reason.clone().into(), || {
                    format!("warning: CHANGES.md not updated: {reason}")
                })
            }
        }
    }
    let summary = serde_json::json!({
        "written": report.written,
        "unchanged": report.unchanged,
        "removed": report.removed,
    });
    output.note("files", summary, || {
        format!(
            "{}: {} written, {} unchanged, {} removed",
            out.display(),
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        )
    });
    about_to_exit(generated);
    Ok(ExitCode::SUCCESS)
}

/// The summary of a schema edit as `generate` and `check` print it.
fn summary_text(summary: &Result<Option<cli::changes::Summary>, String>) -> String {
    match summary {
        Ok(Some(summary)) => cli::changes::lines(summary).join("\n"),
        Ok(None) => "no previous output: every type is new".to_string(),
        Err(reason) => format!("note: no summary of the schema changes: {reason}"),
    }
}

fn print_diff(out: &Path, difference: &write::Difference) {
    let path = out.join(&difference.path).display().to_string();
    let old = difference.actual.as_deref().unwrap_or("");
    let new = difference.expected.as_deref().unwrap_or("");
    let diff = similar::TextDiff::from_lines(old, new);
    let (old_name, new_name) = match (&difference.actual, &difference.expected) {
        (None, _) => ("/dev/null".to_string(), format!("b/{path}")),
        (_, None) => (format!("a/{path}"), "/dev/null".to_string()),
        _ => (format!("a/{path}"), format!("b/{path}")),
    };
    print!(
        "{}",
        diff.unified_diff()
            .context_radius(3)
            .header(&old_name, &new_name)
    );
}

/// The project directory: the nearest of the current directory and its ancestors that has a
/// `schema/` directory.
fn find_project() -> Result<PathBuf, Error> {
    let cwd = std::env::current_dir()
        .map_err(|err| Error::Config(format!("cannot read the current directory: {err}")))?;
    cwd.ancestors()
        .find(|dir| dir.join("schema").is_dir())
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            Error::Config(format!(
                "no schema/ directory in {} or its parents; pass --schema FILE... and --out DIR",
                cwd.display()
            ))
        })
}

/// The `name` of the `[package]` table of a Cargo.toml, read without a TOML parser: the first
/// `name = "..."` line after `[package]`.
fn package_name(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line
                .strip_prefix("name")
                .map(str::trim_start)
                .and_then(|l| l.strip_prefix('='))
            {
                return Some(value.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

/// The deepest directory holding every schema file.
fn common_dir(files: &[PathBuf]) -> PathBuf {
    let dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| {
            let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
            let dir = if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir
            };
            dir.canonicalize().unwrap_or(dir)
        })
        .collect();
    let mut common = dirs.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    for dir in &dirs[1..] {
        while !dir.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    common
}

#[cfg(test)]
mod tests {
    /// The option set is purge_delay: it follows eager_commit_delay, precedes use_numa_nodes,
    /// and has its default, 10 ms, where they have theirs.
    #[test]
    fn the_option_set_is_mimallocs_purge_delay() {
        use libmimalloc_sys::{
            mi_option_eager_commit_delay, mi_option_get, mi_option_use_numa_nodes,
        };
        assert_eq!(
            super::MI_OPTION_PURGE_DELAY,
            mi_option_eager_commit_delay + 1
        );
        assert_eq!(super::MI_OPTION_PURGE_DELAY, mi_option_use_numa_nodes - 1);
        // SAFETY: reading options, as `return_freed_memory_at_once` does.
        unsafe {
            assert_eq!(mi_option_get(mi_option_eager_commit_delay), 1);
            assert_eq!(mi_option_get(super::MI_OPTION_PURGE_DELAY), 10);
            assert_eq!(mi_option_get(mi_option_use_numa_nodes), 0);
        }
    }
}
