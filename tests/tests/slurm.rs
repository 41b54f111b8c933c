//! A real single-node Slurm cluster on localhost runs `scripts/slurm/mfcgen_array.sh`:
//! adapt -> a 4-task shard array -> merge, chained with `--dependency=afterok`.
//!
//! Needs root and Debian's `slurmctld slurmd slurm-client munge` packages. Without
//! `slurmctld` the test prints a notice and passes, unless the environment variable `CI` is
//! set: then it must run (CI installs the packages).
//!
//! There is no systemd: the test starts `munged` itself (as the `munge` user, runtime dir
//! `/run/munge`, key `/etc/munge/munge.key`, created with `mungekey` if missing) unless a
//! working munged is already running, then `slurmctld` and `slurmd` with a `slurm.conf` whose
//! state, spool, pid and log files live in a temporary directory (`proctrack/linuxproc`,
//! `task/none`, no accounting, one node `localhost` with 2 CPUs, free ports). The daemons it
//! started are stopped by their pid files when the test ends, also on failure (Drop guard).
//!
//! The `mfcgen` binary: `$MFCGEN_BIN` if set, otherwise the test runs `cargo build --bin
//! mfcgen` (with `--release` when the test itself is a release build) into the test's own
//! target directory (found from the test executable's path, so `CARGO_TARGET_DIR` is
//! respected) and uses `<target>/<profile>/mfcgen`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SHARDS: u64 = 4;
const EVENTS: u64 = 500;

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn run_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn must(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Builds (or finds) the mfcgen binary; see the module docs.
fn mfcgen_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("MFCGEN_BIN") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test executable path");
    // <target>/<profile>/deps/slurm-<hash>
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("test executable in <target>/<profile>/deps");
    let target = profile_dir.parent().expect("target dir");
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--bin", "mfcgen", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target);
    if release {
        cmd.arg("--release");
    }
    let t = Instant::now();
    let st = cmd.status().expect("run cargo build");
    assert!(st.success(), "cargo build --bin mfcgen failed");
    println!("built mfcgen in {:.1} s", t.elapsed().as_secs_f64());
    profile_dir.join("mfcgen")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn read_pid(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| !s.contains(") Z "))
            .unwrap_or(false)
}

/// Stops the daemon whose pid is in `pid_file`: TERM, up to 5 s, then KILL.
fn stop(pid_file: &Path) {
    let Some(pid) = read_pid(pid_file) else {
        return;
    };
    let _ = run_ok(Command::new("kill").args(["-TERM", &pid.to_string()]));
    let t = Instant::now();
    while alive(pid) && t.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive(pid) {
        let _ = run_ok(Command::new("kill").args(["-KILL", &pid.to_string()]));
    }
}

/// The daemons this test started; stopped on drop.
struct Cluster {
    conf: PathBuf,
    dir: PathBuf,
    munged_pid_file: Option<PathBuf>,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = run_ok(
            Command::new("scancel")
                .args(["--user", "root"])
                .env("SLURM_CONF", &self.conf),
        );
        stop(&self.dir.join("slurmd.pid"));
        stop(&self.dir.join("slurmctld.pid"));
        if let Some(p) = &self.munged_pid_file {
            stop(p);
        }
    }
}

impl Cluster {
    fn logs(&self) -> String {
        let mut s = String::new();
        for f in ["slurmctld.log", "slurmd.log"] {
            let text = std::fs::read_to_string(self.dir.join(f)).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(30).collect();
            s.push_str(&format!("---- {f} (last lines) ----\n"));
            for l in tail.iter().rev() {
                s.push_str(l);
                s.push('\n');
            }
        }
        s
    }
}

/// Starts munged (unless one works already), slurmctld and slurmd; waits for the node to be idle.
fn start_cluster(dir: &Path) -> Cluster {
    // munge
    let munge_works = || run_ok(Command::new("munge").arg("-n"));
    let mut cluster = Cluster {
        conf: dir.join("slurm.conf"),
        dir: dir.to_path_buf(),
        munged_pid_file: None,
    };
    if !munge_works() {
        std::fs::create_dir_all("/run/munge").expect("create /run/munge");
        must(Command::new("chown").args(["munge:munge", "/run/munge"]));
        must(Command::new("chmod").args(["0755", "/run/munge"]));
        if !Path::new("/etc/munge/munge.key").exists() {
            must(Command::new("mungekey").args(["--create", "--keyfile", "/etc/munge/munge.key"]));
            must(Command::new("chown").args(["munge:munge", "/etc/munge/munge.key"]));
            must(Command::new("chmod").args(["0600", "/etc/munge/munge.key"]));
        }
        let runuser = which("runuser").expect("runuser (util-linux)");
        must(
            Command::new(runuser)
                .args(["-u", "munge", "--"])
                .arg(which("munged").expect("munged")),
        );
        cluster.munged_pid_file = Some(PathBuf::from("/run/munge/munged.pid"));
        let t = Instant::now();
        while !munge_works() {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "munged did not come up"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    // slurm
    for d in ["state", "spool"] {
        std::fs::create_dir_all(dir.join(d)).expect("mkdir");
    }
    let (p1, p2) = (free_port(), free_port());
    let d = dir.display();
    let conf = format!(
        "ClusterName=mfcgentest\n\
         SlurmctldHost=localhost\n\
         SlurmUser=root\n\
         SlurmdUser=root\n\
         SlurmctldPort={p1}\n\
         SlurmdPort={p2}\n\
         AuthType=auth/munge\n\
         StateSaveLocation={d}/state\n\
         SlurmdSpoolDir={d}/spool\n\
         SlurmctldPidFile={d}/slurmctld.pid\n\
         SlurmdPidFile={d}/slurmd.pid\n\
         SlurmctldLogFile={d}/slurmctld.log\n\
         SlurmdLogFile={d}/slurmd.log\n\
         ProctrackType=proctrack/linuxproc\n\
         TaskPlugin=task/none\n\
         JobAcctGatherType=jobacct_gather/none\n\
         AccountingStorageType=accounting_storage/none\n\
         JobCompType=jobcomp/none\n\
         SchedulerType=sched/backfill\n\
         SelectType=select/cons_tres\n\
         SelectTypeParameters=CR_Core\n\
         ReturnToService=2\n\
         MpiDefault=none\n\
         NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN\n\
         PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP\n"
    );
    std::fs::write(&cluster.conf, conf).expect("write slurm.conf");
    must(
        Command::new(which("slurmctld").expect("slurmctld"))
            .arg("-f")
            .arg(&cluster.conf),
    );
    must(
        Command::new(which("slurmd").expect("slurmd"))
            .arg("-f")
            .arg(&cluster.conf)
            .args(["-N", "localhost"]),
    );
    let t = Instant::now();
    loop {
        let out = Command::new("sinfo")
            .args(["-h", "-o", "%T"])
            .env("SLURM_CONF", &cluster.conf)
            .output();
        if out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "idle") {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the node did not become idle\n{}",
            cluster.logs()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    cluster
}

#[test]
#[cfg_attr(
    not(mfc_slurm),
    ignore = "needs Slurm and root: apt-get install slurmctld slurmd slurm-client munge, run as root (bash .ci/run does both)"
)]
fn slurm_array_adapt_shards_merge() {
    let ci = std::env::var_os("CI").is_some();
    let missing: Vec<&str> = [
        "slurmctld",
        "slurmd",
        "sbatch",
        "squeue",
        "sinfo",
        "munged",
        "munge",
    ]
    .into_iter()
    .filter(|c| which(c).is_none())
    .collect();
    if !missing.is_empty() || !is_root() {
        let why = if missing.is_empty() {
            "the test must run as root (it starts munged and the Slurm daemons)".to_string()
        } else {
            format!(
                "{} not installed (apt-get install -y slurmctld slurmd slurm-client munge)",
                missing.join(", ")
            )
        };
        assert!(!ci, "CI is set but the Slurm test cannot run: {why}");
        println!("SKIPPED slurm_array_adapt_shards_merge: {why}");
        return;
    }
    let mfcgen = mfcgen_binary();
    assert!(mfcgen.is_file(), "{} missing", mfcgen.display());
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let card = dir.join("card.toml");
    std::fs::write(
        &card,
        "[integration]\nprecision = 1e-2\ncalls = 20000\nadapt_iterations = 3\nmax_iterations = 5\n\
         [generation]\nseed = 3\n",
    )
    .expect("card");
    let work = dir.join("run");

    let t0 = Instant::now();
    let cluster = start_cluster(dir);
    let t_up = t0.elapsed().as_secs_f64();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/slurm/mfcgen_array.sh");
    let submitted = must(
        Command::new("bash")
            .arg(&script)
            .env("SLURM_CONF", &cluster.conf)
            .env("MFCGEN", &mfcgen)
            .env("MFCGEN_CARD", &card)
            .env("MFCGEN_WORKDIR", &work)
            .env("MFCGEN_PARTITION", "debug")
            .env("MFCGEN_SHARDS", SHARDS.to_string())
            .env("MFCGEN_EVENTS", EVENTS.to_string())
            .env("MFCGEN_CPUS", "1")
            .env("MFCGEN_TIME", "00:05:00")
            .env("MFCGEN_ADAPT_ARGS", "--calibration-points 100000"),
    );
    print!("{submitted}");
    let t_sub = Instant::now();
    loop {
        let q = must(
            Command::new("squeue")
                .args(["-h", "-o", "%i %T %r"])
                .env("SLURM_CONF", &cluster.conf),
        );
        if q.trim().is_empty() {
            break;
        }
        assert!(
            t_sub.elapsed() < Duration::from_secs(120),
            "jobs still queued after 120 s:\n{q}\n{}",
            cluster.logs()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let t_jobs = t_sub.elapsed().as_secs_f64();
    let merged = work.join("events.lhe.gz");
    let job_logs = || {
        let mut s = String::new();
        if let Ok(rd) = std::fs::read_dir(work.join("logs")) {
            for e in rd.flatten() {
                s.push_str(&format!(
                    "---- {} ----\n{}\n",
                    e.path().display(),
                    std::fs::read_to_string(e.path()).unwrap_or_default()
                ));
            }
        }
        s
    };
    assert!(
        merged.is_file(),
        "no merged output\n{}\n{}",
        job_logs(),
        cluster.logs()
    );
    let v = mfcgen::io::lhe::validate_file(&merged).expect("merged file is valid");
    assert_eq!(v.events, SHARDS * EVENTS);
    let gp =
        mfcgen::gridpack::LoadedGridpack::load(&work.join("gridpack.json.gz")).expect("gridpack");
    assert_eq!(v.xsec_pb, gp.gridpack.sigma_pb);
    let r = mfcgen::io::lhe::open(&merged).expect("open");
    let header = r.header().to_string();
    assert!(header.contains("shards = \"0/4,1/4,2/4,3/4\""), "{header}");
    assert!(header.contains(&gp.sha256), "{header}");
    println!(
        "Slurm: daemons up in {t_up:.1} s; adapt -> {SHARDS} shards x {EVENTS} events -> merge \
         finished {t_jobs:.1} s after submission; total wall time {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    drop(cluster);
}

/// The script works from the checkout it sits in (not from `$HOME/mfcgen`): run from another
/// directory with no `MFCGEN`/`MFCGEN_CARD` set and without `sbatch` on PATH, it resolves the
/// binary and the card inside this repository and stops at the missing `sbatch` (or at the
/// missing binary, naming this repository's build command).
#[test]
fn array_script_resolves_paths_from_its_checkout() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("repo");
    let elsewhere = tempfile::tempdir().expect("tempdir");
    // A PATH holding only what the script needs before its `sbatch` check (`dirname`), so the
    // test means the same on a Slurm machine (CI installs Slurm into /usr/bin) as without one.
    let bin = elsewhere.path().join("bin");
    std::fs::create_dir(&bin).expect("bin dir");
    let dirname = ["/usr/bin/dirname", "/bin/dirname"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .expect("dirname");
    std::os::unix::fs::symlink(dirname, bin.join("dirname")).expect("symlink dirname");
    let bash = ["/usr/bin/bash", "/bin/bash"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .expect("bash");
    let out = Command::new(bash)
        .arg(repo.join("scripts/slurm/mfcgen_array.sh"))
        .current_dir(elsewhere.path())
        .env_clear()
        .env("PATH", &bin)
        .env("HOME", elsewhere.path())
        .output()
        .expect("bash");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let binary = repo.join("target/release/mfcgen");
    if binary.is_file() {
        assert!(err.contains("sbatch not found"), "{err}");
    } else {
        assert!(err.contains(&repo.display().to_string()), "{err}");
    }
    assert!(!err.contains("run card not readable"), "{err}");
}
