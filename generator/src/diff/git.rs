//! The schemas of a git revision, read with the `git` command (no git library): the files of
//! the schema directories as the revision has them, copied into a temporary directory that
//! mirrors the work tree, so that `$ref`s between them and the names in messages and in the
//! digest line are what they are in the work tree.

use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Built, Config, Error, Model, build_model};

/// Files of a revision in a temporary directory, removed when this is dropped.
#[derive(Debug)]
pub struct Checkout {
    /// The directory that stands for the top of the work tree.
    pub root: PathBuf,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The schemas of a configuration as a git revision has them.
#[derive(Debug)]
pub struct Revision {
    /// The configuration, its schemas and base directory moved into `checkout`.
    pub config: Config,
    /// The copied files.
    pub checkout: Checkout,
}

/// Copies the schemas of `config` as revision `rev` has them. With `schema_dir`, the schemas
/// are the files of that directory at `rev` (a schema added or removed since is seen as such);
/// without, the files `config` names, those absent at `rev` left out.
pub fn revision(config: &Config, rev: &str, schema_dir: Option<&Path>) -> Result<Revision, Error> {
    let base = canonical(&config.base_dir)?;
    let top = toplevel(&base)?;
    let commit = resolve(&top, rev)?;
    let mut dirs: Vec<PathBuf> = match schema_dir {
        Some(dir) => vec![relative(&top, &canonical(dir)?)?],
        None => config
            .schemas
            .iter()
            .map(|file| {
                let dir = file.parent().unwrap_or(Path::new("."));
                relative(
                    &top,
                    &canonical(if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    })?,
                )
            })
            .collect::<Result<_, _>>()?,
    };
    dirs.sort();
    dirs.dedup();
    let checkout = Checkout { root: temp_dir()? };
    for dir in &dirs {
        for name in ls_tree(&top, &commit, dir)? {
            let contents = git(&top, &["cat-file", "blob", &format!("{commit}:{name}")])?;
            let path = checkout.root.join(&name);
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, contents));
            written.map_err(|source| Error::Write { path, source })?;
        }
    }
    let schemas = match schema_dir {
        Some(dir) => crate::schema_files(&checkout.root.join(relative(&top, &canonical(dir)?)?))?,
        None => config
            .schemas
            .iter()
            .map(|file| Ok(checkout.root.join(relative(&top, &canonical(file)?)?)))
            .collect::<Result<Vec<PathBuf>, Error>>()?
            .into_iter()
            .filter(|file| file.is_file())
            .collect(),
    };
    let mut config = config.clone();
    config.base_dir = checkout.root.join(relative(&top, &base)?);
    config.schemas = schemas;
    Ok(Revision { config, checkout })
}

/// The model the schemas of `rev` give (see [`revision`]).
pub fn model_at(config: &Config, rev: &str, schema_dir: Option<&Path>) -> Result<Built, Error> {
    let revision = revision(config, rev, schema_dir)?;
    if revision.config.schemas.is_empty() {
        return Err(Error::Config(format!(
            "revision `{rev}` has none of the schema files"
        )));
    }
    build_model(&revision.config)
}

/// What the output in a directory was generated from, found in git history.
#[derive(Debug)]
pub struct Baseline {
    /// Which revision, in words (`the schema of 1a2b3c4d`).
    pub label: String,
    /// Its model.
    pub model: Model,
}

/// The newest revision (HEAD, then the last `limit` commits that touched the schemas) whose
/// schemas give the digest line `recorded` (the header of the output generated from them): the
/// schemas the committed output was made from. `Ok(None)` when none does.
pub fn baseline(
    config: &Config,
    schema_dir: Option<&Path>,
    recorded: &str,
    limit: usize,
) -> Result<Option<Baseline>, Error> {
    let top = toplevel(&canonical(&config.base_dir)?)?;
    let paths: Vec<String> = match schema_dir {
        Some(dir) => vec![slash(&relative(&top, &canonical(dir)?)?)],
        None => config
            .schemas
            .iter()
            .map(|file| Ok(slash(&relative(&top, &canonical(file)?)?)))
            .collect::<Result<_, Error>>()?,
    };
    let limit = limit.to_string();
    let mut args = vec!["log", "--format=%H", "-n", &limit, "HEAD", "--"];
    args.extend(paths.iter().map(String::as_str));
    let log = String::from_utf8_lossy(&git(&top, &args)?).into_owned();
    let head = resolve(&top, "HEAD")?;
    let mut candidates = vec![head.clone()];
    candidates.extend(log.lines().map(str::to_string));
    candidates.dedup();
    for rev in candidates {
        // A revision whose schemas do not build is not the one the output came from.
        let Ok(built) = model_at(config, &rev, schema_dir) else {
            continue;
        };
        if built.digest_line == recorded {
            let short = &rev[..rev.len().min(12)];
            let label = if rev == head {
                format!("the schemas committed at HEAD ({short})")
            } else {
                format!("the schemas committed at {short}")
            };
            return Ok(Some(Baseline {
                label,
                model: built.model,
            }));
        }
    }
    Ok(None)
}

/// The top directory of the git work tree that holds `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, Error> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    let top = PathBuf::from(String::from_utf8_lossy(&out).trim());
    canonical(&top)
}

/// The commit `rev` names.
fn resolve(top: &Path, rev: &str) -> Result<String, Error> {
    let spec = format!("{rev}^{{commit}}");
    git(top, &["rev-parse", "--verify", "--quiet", &spec])
        .map(|out| String::from_utf8_lossy(&out).trim().to_string())
        .map_err(|_| {
            Error::Config(format!(
                "`{rev}` is not a revision of the git repository in {}; name a commit, a branch or a tag (`HEAD`, `main`, `v1.2.0`), or give two schema files or directories (`schemagen diff OLD NEW`)",
                top.display()
            ))
        })
}

/// The files under `dir` (relative to `top`) at `commit`, relative to `top`.
fn ls_tree(top: &Path, commit: &str, dir: &Path) -> Result<Vec<String>, Error> {
    let dir = slash(dir);
    let dir = if dir.is_empty() { ".".to_string() } else { dir };
    let out = git(
        top,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--name-only",
            commit,
            "--",
            &dir,
        ],
    )?;
    Ok(String::from_utf8_lossy(&out)
        .split('\0')
        .filter(|name| !name.is_empty() && safe(name))
        .map(str::to_string)
        .collect())
}

/// A path from git that stays inside the checkout.
fn safe(name: &str) -> bool {
    Path::new(name)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// Runs `git -C dir args...` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| {
            Error::Config(format!(
                "cannot run git ({err}): reading the schemas of a revision needs git on the PATH; install it, or pass the old and the new schemas as paths"
            ))
        })?;
    if !out.status.success() {
        return Err(Error::Config(format!(
            "`git {}` in {} failed: {}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

fn canonical(path: &Path) -> Result<PathBuf, Error> {
    path.canonicalize().map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

fn relative(top: &Path, path: &Path) -> Result<PathBuf, Error> {
    path.strip_prefix(top).map(Path::to_path_buf).map_err(|_| {
        Error::Config(format!(
            "{} is outside the git work tree {}",
            path.display(),
            top.display()
        ))
    })
}

fn slash(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A new empty directory under the system's temporary directory.
fn temp_dir() -> Result<PathBuf, Error> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("schemagen-rev-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}
