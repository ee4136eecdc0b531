//! Output folders: never overwrite, never leave a half-written result.
//!
//! Files are written into a hidden temporary folder beside the destination
//! and the folder is renamed into place only when every file is complete.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

/// A folder being written: files go into `tmp`; [`Staged::commit`] renames it to `dest`.
#[derive(Debug)]
pub struct Staged {
    pub dest: PathBuf,
    pub tmp: PathBuf,
    committed: bool,
}

/// UTC date and time as `YYYYMMDD-HHMMSS` (civil-from-days, Howard Hinnant's algorithm).
pub fn utc_stamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Choose the destination: `out` if given (it must not exist), else a new
/// folder `<outputs>/<name>-<UTC stamp>` (with `-2`, `-3`… if taken).
pub fn destination(out: Option<&Path>, outputs: &Path, name: &str) -> Result<PathBuf> {
    if let Some(out) = out {
        if out.exists() {
            return Err(Error::OutputExists {
                path: out.to_path_buf(),
            });
        }
        return Ok(out.to_path_buf());
    }
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let base = format!("{safe}-{}", utc_stamp(SystemTime::now()));
    let mut candidate = outputs.join(&base);
    let mut k = 2;
    while candidate.exists() {
        candidate = outputs.join(format!("{base}-{k}"));
        k += 1;
    }
    Ok(candidate)
}

impl Staged {
    /// Create the temporary folder for `dest` (its parent is created if needed).
    pub fn new(dest: PathBuf) -> Result<Self> {
        let parent = dest
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let parent = if parent.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            parent
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::write(&parent, "the output folder's parent", e))?;
        let leaf = dest
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = parent.join(format!(".{leaf}.partial-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| Error::write(&tmp, "a stale temporary folder", e))?;
        }
        std::fs::create_dir(&tmp).map_err(|e| Error::write(&tmp, "the temporary output folder", e))?;
        Ok(Staged {
            dest,
            tmp,
            committed: false,
        })
    }

    /// A path inside the temporary folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// Move the complete folder into place. Fails (and keeps nothing) if the
    /// destination appeared meanwhile.
    pub fn commit(mut self) -> Result<PathBuf> {
        if self.dest.exists() {
            return Err(Error::OutputExists {
                path: self.dest.clone(),
            });
        }
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| Error::write(&self.dest, "the output folder", e))?;
        self.committed = true;
        Ok(self.dest.clone())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn utc_stamp_known_dates() {
        assert_eq!(utc_stamp(UNIX_EPOCH), "19700101-000000");
        // 2026-11-22 07:51:54 UTC
        let t = UNIX_EPOCH + Duration::from_secs(1_795_333_914);
        assert_eq!(utc_stamp(t), "20261122-075154");
    }
}
