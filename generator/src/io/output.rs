//! Atomic output files: temporary file in the same directory, then rename.
//!
//! A run that is interrupted (error, panic, a signal) must never leave a partial event file
//! under the final name: downstream tools (Delphes, Pythia, pylhe) would happily read a
//! truncated sample. [`AtomicFile`] therefore writes to a hidden temporary file
//! `.<name>.tmp-<pid>-<n>` in the *same directory* as the target (so the final `rename` is atomic
//! on POSIX file systems), and only [`AtomicFile::commit`] flushes, fsyncs and renames it onto
//! the final name. Dropping an uncommitted [`AtomicFile`] removes the temporary file.
//!
//! # Signals and stale files
//! A signal does not unwind, so `Drop` alone cannot clean up. Every live temporary file is in a
//! process-wide registry; [`handle_termination_signals`] (called first by the `mfcgen` and
//! `mfc-validate` binaries) starts a thread that, on SIGINT (Ctrl-C), SIGTERM (what Slurm sends
//! at a time limit) or SIGHUP, removes them and exits with the conventional code 128 + signal
//! (130, 143, 129). SIGKILL (`kill -9`, Slurm's last resort after its grace period) cannot be
//! caught: it leaves the temporary file, never a partial file under the final name, and the next
//! [`AtomicFile`] for the same name removes temporary files of that name whose process is gone
//! (checked in `/proc`, on Linux).
//!
//! Names ending in `.gz` are gzip-compressed at [`Compression::fast`] by the parallel encoder
//! of [`super::gzip`] (independent members, deterministic, the same bytes for any number of
//! threads); [`super::input::open`] is the inverse.
//!
//! [`check_writable`] lets the driver fail early, before hours of integration, when the output
//! directory does not exist or is not writable.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::Compression;

use super::gzip::ParallelGzEncoder;

/// Size of the write buffer in front of the file (or of the gzip encoder).
const BUF_SIZE: usize = 1 << 17;

/// Errors of the atomic output layer. Every variant names the path concerned.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The directory that should contain the output file does not exist.
    #[error("output directory {dir} does not exist (output file {path})")]
    MissingDirectory {
        /// The requested output file.
        path: PathBuf,
        /// Its parent directory.
        dir: PathBuf,
    },
    /// The parent of the output file exists but is not a directory.
    #[error("{dir} is not a directory (output file {path})")]
    NotADirectory {
        /// The requested output file.
        path: PathBuf,
        /// Its parent.
        dir: PathBuf,
    },
    /// The output path itself names a directory.
    #[error("output path {path} is a directory")]
    IsADirectory {
        /// The requested output file.
        path: PathBuf,
    },
    /// The output path has no file name (e.g. `..` or `/`).
    #[error("output path {path} has no file name")]
    NoFileName {
        /// The requested output file.
        path: PathBuf,
    },
    /// A file cannot be created in the output directory.
    #[error("output directory {dir} is not writable (output file {path}): {source}")]
    NotWritable {
        /// The requested output file.
        path: PathBuf,
        /// Its parent directory.
        dir: PathBuf,
        /// The underlying error of the probe file creation.
        source: io::Error,
    },
    /// An I/O error while writing, flushing, syncing or renaming.
    #[error("I/O error on {path}: {source}")]
    Io {
        /// The file concerned (the temporary file while writing, the target when renaming).
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
}

/// Counter that makes temporary names unique within one process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The temporary files this process is writing (removed by the signal handler).
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live_temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // a panic while holding the lock cannot leave the list inconsistent (push/retain only)
    LIVE_TEMPS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Starts the thread that turns SIGINT, SIGTERM and SIGHUP into: remove every temporary file
/// of this process, print one line to stderr (`<program>: interrupted by SIGTERM, ...`), exit
/// with 128 + the signal number. Call once, first thing in `main`.
///
/// # Errors
/// If the handlers cannot be installed.
pub fn handle_termination_signals(program: &'static str) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let name = match sig {
                    SIGINT => "SIGINT",
                    SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                };
                // Hold the lock until exit: no commit can rename a file after this point.
                let temps = live_temps();
                for t in temps.iter() {
                    let _ = fs::remove_file(t);
                }
                let what = if temps.is_empty() {
                    String::new()
                } else {
                    format!(", removed {} unfinished output file(s)", temps.len())
                };
                eprintln!("\n{program}: interrupted by {name}{what}");
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}

/// Removes temporary files `.<name>.tmp-<pid>-<n>` of `path`'s name whose process no longer
/// exists (left by SIGKILL or a crash). Best effort; only where `/proc` tells (Linux).
fn remove_stale_temps(path: &Path) {
    let (Some(name), Ok(entries)) = (path.file_name(), fs::read_dir(parent_dir(path))) else {
        return;
    };
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), true) = (pid.parse::<u32>(), n.bytes().all(|b| b.is_ascii_digit())) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The directory that will hold `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A fresh temporary path `.<name>.tmp-<pid>-<n>` next to `path`.
fn temp_path(path: &Path) -> Result<PathBuf, OutputError> {
    let name = path.file_name().ok_or_else(|| OutputError::NoFileName {
        path: path.to_path_buf(),
    })?;
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp_name = format!(
        ".{}.tmp-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        n
    );
    Ok(parent_dir(path).join(tmp_name))
}

/// Checks, before any work is done, that `path` can be written: its directory exists, is a
/// directory and accepts a new file (probed by creating and removing a temporary file), and
/// `path` itself is not a directory. An existing regular file at `path` is fine (it will be
/// replaced atomically).
pub fn check_writable(path: &Path) -> Result<(), OutputError> {
    let dir = parent_dir(path);
    match fs::metadata(&dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(OutputError::MissingDirectory {
                path: path.to_path_buf(),
                dir,
            });
        }
        Err(source) => {
            return Err(OutputError::NotWritable {
                path: path.to_path_buf(),
                dir,
                source,
            });
        }
        Ok(m) if !m.is_dir() => {
            return Err(OutputError::NotADirectory {
                path: path.to_path_buf(),
                dir,
            });
        }
        Ok(_) => {}
    }
    if path.is_dir() {
        return Err(OutputError::IsADirectory {
            path: path.to_path_buf(),
        });
    }
    let probe = temp_path(path)?;
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(f) => {
            drop(f);
            // Best effort: the probe is empty and hidden; failure to remove it is not fatal.
            let _ = fs::remove_file(&probe);
            Ok(())
        }
        Err(source) => Err(OutputError::NotWritable {
            path: path.to_path_buf(),
            dir,
            source,
        }),
    }
}

/// Writes `data` to `path` atomically (temporary file in the same directory, then rename), so
/// an interrupted run never leaves a half-written file; gzip if the name ends in `.gz`.
///
/// # Errors
/// The I/O error, with the path in its message.
pub fn write_atomic(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path).map_err(std::io::Error::other)?;
    f.write_all(data)?;
    f.commit().map_err(std::io::Error::other)
}

/// Whether a path asks for gzip compression (its name ends in `.gz`).
pub fn is_gzip_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

enum Sink {
    Plain(BufWriter<File>),
    Gzip(ParallelGzEncoder<BufWriter<File>>),
}

/// A file that appears under its final name only once [`commit`](AtomicFile::commit) succeeds.
///
/// Writes go through a [`BufWriter`] and, when requested, a gzip encoder. Dropping without
/// committing removes the temporary file.
pub struct AtomicFile {
    sink: Option<Sink>,
    tmp_path: PathBuf,
    final_path: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file for `path`; compresses with gzip (level
    /// [`Compression::fast`]) when the name ends in `.gz`.
    pub fn create(path: &Path) -> Result<Self, OutputError> {
        let compression = is_gzip_path(path).then(Compression::fast);
        Self::with_compression(path, compression)
    }

    /// Creates the temporary file for `path`, gzip-compressed at the given level if
    /// `compression` is `Some`, plain otherwise (whatever the extension).
    pub fn with_compression(
        path: &Path,
        compression: Option<Compression>,
    ) -> Result<Self, OutputError> {
        check_writable(path)?;
        remove_stale_temps(path);
        let tmp_path = temp_path(path)?;
        let file = {
            let mut live = live_temps();
            let file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp_path)
                .map_err(|source| OutputError::Io {
                    path: tmp_path.clone(),
                    source,
                })?;
            live.push(tmp_path.clone());
            file
        };
        let buf = BufWriter::with_capacity(BUF_SIZE, file);
        let sink = match compression {
            Some(level) => Sink::Gzip(ParallelGzEncoder::new(buf, level)),
            None => Sink::Plain(buf),
        };
        Ok(Self {
            sink: Some(sink),
            tmp_path,
            final_path: path.to_path_buf(),
        })
    }

    /// The final path (where the file appears after [`commit`](AtomicFile::commit)).
    pub fn path(&self) -> &Path {
        &self.final_path
    }

    /// The temporary path being written.
    pub fn temp_path(&self) -> &Path {
        &self.tmp_path
    }

    /// Whether the output is gzip-compressed.
    pub fn is_gzip(&self) -> bool {
        matches!(self.sink, Some(Sink::Gzip(_)))
    }

    fn io_err(&self, source: io::Error) -> OutputError {
        OutputError::Io {
            path: self.tmp_path.clone(),
            source,
        }
    }

    /// Finishes the gzip stream (if any), flushes, fsyncs and atomically renames the temporary
    /// file onto the final name (replacing an existing file), then fsyncs the directory
    /// (best effort). On error the temporary file is removed.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let Some(sink) = self.sink.take() else {
            return Err(self.io_err(io::Error::other("file already closed")));
        };
        let buf = match sink {
            Sink::Plain(b) => b,
            Sink::Gzip(gz) => gz.finish().map_err(|e| self.io_err(e))?,
        };
        let file = buf.into_inner().map_err(|e| self.io_err(e.into_error()))?;
        file.sync_all().map_err(|e| self.io_err(e))?;
        drop(file);
        {
            let mut live = live_temps();
            fs::rename(&self.tmp_path, &self.final_path).map_err(|source| OutputError::Io {
                path: self.final_path.clone(),
                source,
            })?;
            live.retain(|t| *t != self.tmp_path);
        }
        // The temporary name no longer exists: make Drop a no-op.
        self.tmp_path = PathBuf::new();
        if let Ok(dir) = File::open(parent_dir(&self.final_path)) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Some(Sink::Plain(w)) => w.write(data),
            Some(Sink::Gzip(w)) => w.write(data),
            None => Err(io::Error::other("file already closed")),
        }
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Some(Sink::Plain(w)) => w.write_all(data),
            Some(Sink::Gzip(w)) => w.write_all(data),
            None => Err(io::Error::other("file already closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Some(Sink::Plain(w)) => w.flush(),
            Some(Sink::Gzip(w)) => w.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Close the handle first (required on some platforms before removal).
        self.sink = None;
        if !self.tmp_path.as_os_str().is_empty() {
            let mut live = live_temps();
            let _ = fs::remove_file(&self.tmp_path);
            live.retain(|t| *t != self.tmp_path);
        }
    }
}

impl std::fmt::Debug for AtomicFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtomicFile")
            .field("final_path", &self.final_path)
            .field("tmp_path", &self.tmp_path)
            .field("gzip", &self.is_gzip())
            .finish()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn write_atomic_leaves_only_the_final_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("table.csv");
        super::write_atomic(&p, b"a,b\n1,2\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"a,b\n1,2\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "temporary file left behind");
        let err = super::write_atomic(&dir.path().join("no/such/dir.csv"), b"x").unwrap_err();
        assert!(err.to_string().contains("no/such"), "{err}");
    }
    use super::*;
    use std::io::Read;

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_renames_and_drop_cleans_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.txt");
        let mut f = AtomicFile::create(&target).expect("create");
        assert!(!f.is_gzip());
        f.write_all(b"hello\n").expect("write");
        assert!(!target.exists(), "final file must not exist before commit");
        assert!(f.temp_path().exists());
        let name = f
            .temp_path()
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with(".out.txt.tmp-"), "{name}");
        f.commit().expect("commit");
        assert_eq!(fs::read_to_string(&target).expect("read"), "hello\n");
        assert_eq!(entries(dir.path()), vec!["out.txt".to_string()]);

        // Interrupted run: no partial file, no temp file, old file untouched.
        {
            let mut g = AtomicFile::create(&target).expect("create");
            g.write_all(b"partial").expect("write");
        }
        assert_eq!(fs::read_to_string(&target).expect("read"), "hello\n");
        assert_eq!(entries(dir.path()), vec!["out.txt".to_string()]);

        // Replacing an existing file.
        let mut h = AtomicFile::create(&target).expect("create");
        h.write_all(b"new\n").expect("write");
        h.commit().expect("commit");
        assert_eq!(fs::read_to_string(&target).expect("read"), "new\n");
    }

    #[test]
    fn gzip_by_extension() {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = dir.path().join("out.lhe.gz");
        let mut f = AtomicFile::create(&target).expect("create");
        assert!(f.is_gzip());
        f.write_all(b"compressed text\n").expect("write");
        f.commit().expect("commit");
        let raw = fs::read(&target).expect("read");
        assert_eq!(&raw[..2], &[0x1f, 0x8b]);
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_string(&mut s)
            .expect("gunzip");
        assert_eq!(s, "compressed text\n");
    }

    #[test]
    fn check_writable_errors_name_the_path() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(check_writable(&dir.path().join("a.lhe")).is_ok());
        let missing = dir.path().join("no/such/dir/a.lhe");
        let e = check_writable(&missing).expect_err("missing dir");
        assert!(matches!(e, OutputError::MissingDirectory { .. }));
        assert!(e.to_string().contains("no/such/dir"), "{e}");
        let e = check_writable(dir.path()).expect_err("is a dir");
        assert!(matches!(e, OutputError::IsADirectory { .. }), "{e}");
        let file = dir.path().join("plain");
        fs::write(&file, "x").expect("write");
        let e = check_writable(&file.join("a.lhe")).expect_err("parent is a file");
        assert!(matches!(e, OutputError::NotADirectory { .. }), "{e}");
        assert!(AtomicFile::create(&missing).is_err());
        // No probe files left behind.
        assert_eq!(entries(dir.path()), vec!["plain".to_string()]);
    }
}
