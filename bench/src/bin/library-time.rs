//! `library-time schemagen|typify SCHEMA`: the time of one call of the tool's library on the
//! schema, in this process, printed in microseconds: what a build script pays to generate, with
//! the process's own start left out (scripts/bench.sh runs it several times and keeps the best).
//! schemagen's call is `schemagen::generate` for a whole crate (Rust, `Cargo.toml`, pages), in
//! memory; typify's is the conversion and printing of `typify-gen`, without writing the file.
//! Both use the system allocator, as a build script does.
//!
//! Exits 1 when the tool fails on the schema, 2 on bad usage.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

#[path = "../typify_run.rs"]
mod typify_run;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tool, schema] = args.as_slice() else {
        eprintln!("usage: library-time schemagen|typify SCHEMA");
        return ExitCode::from(2);
    };
    let schema = Path::new(schema);
    let start = Instant::now();
    let result = match tool.as_str() {
        "schemagen" => {
            let config = schemagen::Config::new([schema]).standalone_crate("bench");
            schemagen::generate(&config)
                .map(|generated| {
                    let bytes: usize = generated.files.iter().map(|f| f.contents.len()).sum();
                    format!("{} files, {bytes} bytes", generated.files.len())
                })
                .map_err(|err| err.to_string())
        }
        "typify" => typify_run::generate(schema).map(|generated| {
            format!(
                "{} types ({}), {} bytes",
                generated.types,
                generated.mode,
                generated.code.len()
            )
        }),
        _ => {
            eprintln!("usage: library-time schemagen|typify SCHEMA");
            return ExitCode::from(2);
        }
    };
    let elapsed = start.elapsed();
    match result {
        Ok(summary) => {
            eprintln!("library-time: {tool}: {summary}");
            println!("{}", elapsed.as_micros());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("library-time: {tool} on {}: {message}", schema.display());
            ExitCode::FAILURE
        }
    }
}
