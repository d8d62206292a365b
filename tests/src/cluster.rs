//! A PostgreSQL cluster of a test's own, which the test may kill and start again: the shared
//! server behind `DATABASE_URL` is never touched. Made as `cargo xtask` makes its throwaway
//! cluster: `initdb` and `pg_ctl` from `PATH` or the newest `/usr/lib/postgresql/*/bin`, in a
//! temporary directory, on a free port of `127.0.0.1`, run as `nobody` when the test runs as
//! root (initdb refuses root).
//!
//! Unlike xtask's cluster it keeps `synchronous_commit` on: a commit is reported only once
//! its WAL is written, so a kill (`pg_ctl stop -m immediate`) loses nothing that was
//! answered. `fsync` stays off (a killed server's writes are in the kernel's page cache; only
//! a machine crash would lose them).

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// `pg_ctl -o` options after `-p PORT -k DIR`.
const SERVER_OPTIONS: &str = "-c listen_addresses=127.0.0.1 -c fsync=off \
     -c full_page_writes=off -c max_connections=100 -c shared_buffers=32MB";

/// Stops the server and removes `$1` unless told `done` on stdin, i.e. when the test process
/// died (Ctrl-C, a kill) before dropping the cluster. The rest of the arguments is the stop
/// command.
const WATCHDOG: &str = r#"trap '' INT HUP
dir=$1; shift
IFS= read -r line || line=
if [ "$line" != done ]; then
  "$@" >/dev/null 2>&1
  rm -rf "$dir"
fi"#;

/// A running (or killed) PostgreSQL cluster; dropping it stops the server and removes its
/// directory (as does a watchdog if the test process dies first).
#[derive(Debug)]
pub struct PgCluster {
    bin: PathBuf,
    dir: PathBuf,
    run_as: Vec<OsString>,
    port: u16,
    watchdog: Option<(Child, ChildStdin)>,
}

impl PgCluster {
    /// Makes a cluster and starts it.
    ///
    /// # Panics
    /// When PostgreSQL's server binaries are missing or the cluster cannot be made or started.
    #[must_use]
    pub fn start() -> Self {
        let bin = find_bindir().expect(
            "PostgreSQL's server binaries (initdb, pg_ctl): install the `postgresql` package",
        );
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let run_as = if root { unprivileged() } else { Vec::new() };
        let mut cluster = Self {
            bin,
            dir: temp_dir(),
            run_as,
            port: TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free local port")
                .port(),
            watchdog: None,
        };
        if root {
            cluster.run(
                Command::new("chown")
                    .arg(format!("nobody:{}", nobody_group()))
                    .arg(&cluster.dir),
                "chown",
            );
        }
        cluster.watchdog = cluster.spawn_watchdog();
        cluster.run(
            cluster.pg("initdb").arg("-D").arg(cluster.data()).args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]),
            "initdb",
        );
        cluster.start_again();
        cluster
    }

    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    #[must_use]
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Kills the server as a crash would: `pg_ctl stop -m immediate` (every backend is quit
    /// at once, no checkpoint; the next start recovers from the WAL). Blocks until it is down.
    ///
    /// # Panics
    /// When `pg_ctl` fails.
    pub fn kill(&self) {
        self.run(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-m", "immediate", "-w", "stop"]),
            "pg_ctl stop -m immediate",
        );
    }

    /// Shuts the server down as an operator would: `pg_ctl stop -m fast` (every session is
    /// terminated with `57P01 admin_shutdown`, then a checkpoint). Blocks until it is down.
    ///
    /// # Panics
    /// When `pg_ctl` fails.
    pub fn stop(&self) {
        self.run(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-m", "fast", "-w", "stop"]),
            "pg_ctl stop -m fast",
        );
    }

    /// Starts the server (again, on the same port) and waits until it accepts connections.
    ///
    /// # Panics
    /// When `pg_ctl` fails.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k '{}' {SERVER_OPTIONS}",
            self.port,
            self.dir.display()
        );
        self.run(
            self.pg("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .arg("-l")
                .arg(self.dir.join("postgres.log"))
                .args(["-w", "-t", "60", "-o"])
                .arg(options)
                .arg("start"),
            "pg_ctl start",
        );
    }

    fn spawn_watchdog(&self) -> Option<(Child, ChildStdin)> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("sh")
            .arg(&self.dir)
            .args(&self.run_as)
            .arg(self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        Some((child, stdin))
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// `program` from the server binaries, as the server's user.
    fn pg(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut cmd = match self.run_as.split_first() {
            Some((first, rest)) => {
                let mut cmd = Command::new(first);
                cmd.args(rest).arg(program);
                cmd
            }
            None => Command::new(program),
        };
        cmd.current_dir(&self.dir).stdin(Stdio::null());
        cmd
    }

    fn run(&self, cmd: &mut Command, what: &str) {
        let output = cmd
            .output()
            .unwrap_or_else(|e| panic!("running {what}: {e}"));
        if !output.status.success() {
            let log = fs::read_to_string(self.dir.join("postgres.log")).unwrap_or_default();
            panic!(
                "{what} failed ({}):\n{}{}\nserver log:\n{log}",
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr),
            );
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.data().join("postmaster.pid").exists() {
            // Errors only leave a server behind; they must not hide the test's own failure.
            let _ignored = self
                .pg("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ignored = fs::remove_dir_all(&self.dir);
        if let Some((mut child, mut stdin)) = self.watchdog.take() {
            // Errors only mean the watchdog is gone already.
            let _ignored = stdin.write_all(b"done\n");
            drop(stdin);
            let _ignored = child.wait();
        }
    }
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `initdb` on `PATH`, else the newest `/usr/lib/postgresql/*/bin` (xtask's lookup).
fn find_bindir() -> Option<PathBuf> {
    let has_tools =
        |dir: &Path| is_executable(&dir.join("initdb")) && is_executable(&dir.join("pg_ctl"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(dir) = std::env::split_paths(&path).find(|d| has_tools(d)) {
        return Some(dir);
    }
    let mut versions: Vec<(Vec<u64>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry
                .file_name()
                .to_str()?
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<Vec<u64>>>()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_tools(dir))
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir)
}

/// How root runs the server binaries as `nobody`: `setpriv`, else `runuser`.
fn unprivileged() -> Vec<OsString> {
    let group = nobody_group();
    let find = |name: &str| {
        ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
            .iter()
            .map(|dir| Path::new(dir).join(name))
            .find(|p| is_executable(p))
    };
    if let Some(setpriv) = find("setpriv") {
        return vec![
            setpriv.into_os_string(),
            "--reuid=nobody".into(),
            format!("--regid={group}").into(),
            "--clear-groups".into(),
            "--".into(),
        ];
    }
    let runuser = find("runuser").expect("setpriv or runuser, to run PostgreSQL as `nobody`");
    vec![
        runuser.into_os_string(),
        "-u".into(),
        "nobody".into(),
        "--".into(),
    ]
}

/// `nogroup` on Debian; `nobody` elsewhere.
fn nobody_group() -> &'static str {
    let groups = fs::read_to_string("/etc/group").unwrap_or_default();
    if groups.lines().any(|l| l.starts_with("nogroup:")) {
        "nogroup"
    } else {
        "nobody"
    }
}

/// A fresh directory under `/tmp` (which `nobody` can reach, unlike some `TMPDIR`s).
fn temp_dir() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = PathBuf::from("/tmp").join(format!(
        "switchboard-test-pg-{}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    ));
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    dir
}
