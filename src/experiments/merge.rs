//! `merge`: the shard folders of a run or sweep combined into exactly the
//! files the unsharded command writes.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::experiments::shard;
use crate::experiments::sweep::write_table;
use crate::output::csv_files;
use crate::output::folder::{Staged, destination};
use crate::output::manifest::{self, Manifest, Provenance};

/// What `merge` adds to the manifest header.
#[derive(Debug, Serialize)]
struct MergeDetails {
    merged_from: Vec<String>,
    /// `run` or `sweep`.
    kind: String,
    shards: u32,
}

/// Check the shard folders → combine → write into `out` (default: a new
/// folder under `outputs/` of the working directory). Returns the folder.
pub fn merge(shards: &[PathBuf], out: Option<&Path>) -> Result<PathBuf> {
    let Some(first) = shards.first() else {
        return Err(Error::Argument {
            option: "SHARD_DIR",
            value: "(none)".into(),
            problem: "no shard folders given".into(),
            allowed: "the shard folders of one run or sweep, all N of them".into(),
        });
    };
    let info = shard::read_info(first)?;
    let outputs = std::env::current_dir().unwrap_or_default().join("outputs");
    let dest = destination(out, &outputs, &format!("merged-{}", info.kind))?;
    let staged = Staged::new(dest)?;
    let copy = |name: &str, from: &Path| -> Result<()> {
        let to = staged.file(name);
        std::fs::copy(from, &to).map_err(|e| Error::write(&to, "a merged file", e))?;
        Ok(())
    };
    let files: Vec<&str> = if info.kind == "run" {
        let (_, results, trajectories) = shard::merge_runs(shards)?;
        let summaries = csv_files::metric_summaries(&results);
        csv_files::write_summary(&staged.file("summary.csv"), &summaries)?;
        csv_files::write_yearly(&staged.file("yearly.csv"), &results)?;
        csv_files::write_replications(&staged.file("replications.csv"), &results)?;
        copy("trajectories.csv", &trajectories)?;
        copy("scenario.toml", &shards[0].join("scenario.toml"))?;
        manifest::RUN_FILES.to_vec()
    } else {
        let m = shard::merge_sweeps(shards)?;
        write_table(&staged.file("design.csv"), &m.design_header, &m.design_rows)?;
        write_table(&staged.file("results.csv"), &m.results_header, &m.results_rows)?;
        copy("design.toml", &shards[0].join("design.toml"))?;
        vec!["design.csv", "results.csv", "design.toml", "manifest.json"]
    };
    let details = MergeDetails {
        merged_from: shards.iter().map(|p| p.display().to_string()).collect(),
        kind: info.kind.clone(),
        shards: info.shard.count,
    };
    let provenance = Provenance::now(&std::env::current_dir().unwrap_or_default(), info.seed);
    Manifest::new(provenance, details, &files).write(&staged.file("manifest.json"))?;
    staged.commit()
}
