//! `schemagen diff OLD NEW` and `schemagen diff REV`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use schemagen::diff::git;
use schemagen::{Built, Error};

use crate::{Common, Format, Output, setup};

/// The arguments of `schemagen diff`.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The old schemas: a schema file or a directory of them; or, alone, a git revision (`HEAD`,
    /// `main`, a tag) whose schemas are compared with those of the work tree (`--schema`, or
    /// the project's `schema/`).
    #[arg(value_name = "OLD|REV")]
    old: String,
    /// The new schemas: a schema file or a directory of them.
    #[arg(value_name = "NEW")]
    new: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// Prints the classified changes; exit 0 when none is breaking, 3 when one is.
pub fn run(args: &DiffArgs, output: &mut Output) -> Result<ExitCode, Error> {
    let (old, new) = match &args.new {
        Some(new) => {
            if !args.common.schemas.is_empty() {
                return Err(Error::Config(
                    "`--schema` names the work tree's schemas of `schemagen diff REV`; with OLD and NEW, the two arguments are the schemas".to_string(),
                ));
            }
            let old = build(&args.common, Path::new(&args.old))
                .inspect_err(|e| announce(output, e, &format!("the old schemas ({})", args.old)))?;
            (old, build(&args.common, new)?)
        }
        None => {
            // The output directory and crate name play no part in a comparison.
            let setup = setup(&args.common, Some(Path::new(".")), Some("types"), None)?;
            let new = schemagen::build_model(&setup.config)?;
            let old = git::model_at(&setup.config, &args.old, setup.schema_dir.as_deref())
                .inspect_err(|e| announce(output, e, &format!("the schemas of `{}`", args.old)))?;
            (old, new)
        }
    };
    let diff = schemagen::diff::diff(&old.model, &new.model);
    match output.format {
        Format::Json => {
            if let serde_json::Value::Object(map) = diff.to_json() {
                output.json.extend(map);
            }
        }
        Format::Human if !output.quiet => diff.lines().iter().for_each(|l| println!("{l}")),
        Format::Human => {}
    }
    Ok(if diff.is_breaking() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// The model of a schema file, or of every schema in a directory.
fn build(common: &Common, path: &Path) -> Result<Built, Error> {
    let schemas = if path.is_dir() {
        let files = schemagen::schema_files(path)?;
        if files.is_empty() {
            return Err(Error::Config(format!(
                "no *.json schema files in {}",
                path.display()
            )));
        }
        files
    } else if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        return Err(Error::Config(format!(
            "{} is neither a schema file nor a directory; give two schema files or directories, or one git revision",
            path.display()
        )));
    };
    let common = Common {
        schemas,
        ..common.clone()
    };
    let setup = setup(&common, Some(Path::new(".")), Some("types"), None)?;
    schemagen::build_model(&setup.config)
}

/// Says which version the schema errors that follow belong to.
fn announce(output: &Output, err: &Error, which: &str) {
    if matches!(err, Error::Schema { .. }) && output.format == Format::Human {
        eprintln!("error: {which} do not build; their problems follow\n");
    }
}
