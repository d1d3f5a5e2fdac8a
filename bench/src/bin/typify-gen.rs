//! `typify-gen SCHEMA OUT.rs`: runs typify 0.8's library on a schema and writes the Rust it
//! generates, formatted with prettyplease, so that scripts/bench.sh can time typify the way it
//! times `schemagen generate`: one process per schema, neither paying for rustfmt. How typify
//! is run: `typify_run.rs`.
//!
//! Exits 0 with the file written, 1 when typify refuses the schema or panics (the message says
//! which), 2 on bad usage.

use std::path::Path;
use std::process::ExitCode;

#[path = "../typify_run.rs"]
mod typify_run;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [schema, out] = args.as_slice() else {
        eprintln!("usage: typify-gen SCHEMA OUT.rs");
        return ExitCode::from(2);
    };
    match run(Path::new(schema), Path::new(out)) {
        Ok(summary) => {
            eprintln!("typify-gen: {summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("typify-gen: {}: {message}", schema);
            ExitCode::FAILURE
        }
    }
}

fn run(schema_path: &Path, out: &Path) -> Result<String, String> {
    let generated = typify_run::generate(schema_path)?;
    std::fs::write(out, generated.code)
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(format!(
        "{} types ({}) -> {}",
        generated.types,
        generated.mode,
        out.display()
    ))
}
