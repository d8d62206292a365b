//! Developer tasks for Switchboard.
//!
//! * `cargo xtask test [ARGS...]` runs `cargo test --workspace [ARGS...]` with
//!   `DATABASE_URL` pointing at a throwaway PostgreSQL cluster (or at the
//!   existing `DATABASE_URL`, if one is set).
//! * `cargo xtask pg` starts a throwaway cluster, prints its URL and keeps it
//!   running until Enter or Ctrl-D.
//!
//! Without PostgreSQL's server binaries on a Debian-like machine, both install Debian's
//! `postgresql` package first (apt-get as root, or `sudo -n`).
//!
//! Only std is used. The cluster is stopped and its directory removed by
//! [`Cluster`]'s `Drop`. Ctrl-C is delivered to the whole foreground process
//! group and kills xtask itself before `Drop` can run (ignoring SIGINT would
//! need `libc` and `unsafe`, which the workspace forbids), so a small `sh`
//! watchdog that ignores SIGINT holds a pipe from xtask: when that pipe closes
//! without a `done` line, xtask has died and the watchdog stops the cluster
//! and removes its directory.

use std::error::Error;
use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, ExitStatus, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const USAGE: &str = "usage: cargo xtask test [CARGO TEST ARGS...] | cargo xtask pg";

/// Options passed to the server by `pg_ctl -o`, after `-p PORT -k DIR`.
const SERVER_OPTIONS: &str = "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c max_connections=500 -c shared_buffers=128MB";

/// Watchdog script: `$1` is the cluster directory, the rest is the stop command.
const WATCHDOG: &str = r#"trap '' INT HUP
dir=$1; shift
IFS= read -r line || line=
if [ "$line" != done ]; then
  echo "xtask: interrupted; stopping PostgreSQL and removing $dir" >&2
  "$@" >/dev/null 2>&1
  rm -rf "$dir"
fi"#;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next();
    let rest: Vec<OsString> = args.collect();
    let result = match command.as_ref().and_then(|c| c.to_str()) {
        Some("test") => test(&rest),
        Some("pg") if rest.is_empty() => pg(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn test(args: &[OsString]) -> Result<ExitCode> {
    if std::env::var_os("DATABASE_URL").is_some_and(|v| !v.is_empty()) {
        eprintln!("xtask: DATABASE_URL is set; using it");
        return cargo_test(args, None);
    }
    let cluster = Cluster::start()?;
    let code = cargo_test(args, Some(&cluster.url()));
    drop(cluster);
    code
}

fn pg() -> Result<ExitCode> {
    let cluster = Cluster::start()?;
    println!("DATABASE_URL={}", cluster.url());
    eprintln!("xtask: press Enter or Ctrl-D to stop");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("reading stdin: {e}"))?;
    drop(cluster);
    Ok(ExitCode::SUCCESS)
}

/// Runs `cargo test [--workspace] ARGS...`, inheriting stdio.
fn cargo_test(args: &[OsString], database_url: Option<&str>) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.arg("test");
    // `--workspace` would override `-p`, so only add it when no package is chosen.
    let cargo_args = args.iter().take_while(|a| *a != "--");
    let picks_packages = cargo_args.filter_map(|a| a.to_str()).any(|a| {
        a.starts_with("-p") || a.starts_with("--package") || a == "--workspace" || a == "--all"
    });
    if !picks_packages {
        cmd.arg("--workspace");
    }
    cmd.args(args);
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("running {}: {e}", cargo.to_string_lossy()))?;
    Ok(exit_code(status))
}

fn exit_code(status: ExitStatus) -> ExitCode {
    match (status.code(), status.signal()) {
        (Some(code), _) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        (None, Some(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(1)),
        (None, None) => ExitCode::FAILURE,
    }
}

/// A throwaway PostgreSQL cluster; dropping it stops the server and removes its directory.
#[derive(Debug)]
struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    /// Command prefix that runs a program as the server user (empty: as ourselves).
    run_as: Vec<OsString>,
    port: u16,
    watchdog: Option<(Child, ChildStdin)>,
}

impl Cluster {
    fn start() -> Result<Self> {
        let bin = match find_bindir() {
            Ok(bin) => bin,
            Err(missing) => {
                install_postgresql().map_err(|e| format!("{missing}; {e}"))?;
                find_bindir()?
            }
        };
        eprintln!("xtask: using PostgreSQL binaries in {}", bin.display());
        let root = effective_uid_is_root();
        let run_as = if root {
            unprivileged_prefix()?
        } else {
            Vec::new()
        };
        let dir = make_temp_dir(root)?;
        let mut cluster = Cluster {
            bin,
            dir,
            run_as,
            port: 0,
            watchdog: None,
        };
        cluster.spawn_watchdog();
        if root {
            let group = unprivileged_group();
            let status = Command::new("chown")
                .arg("-R")
                .arg(format!("nobody:{group}"))
                .arg(&cluster.dir)
                .status()
                .map_err(|e| format!("running chown: {e}"))?;
            if !status.success() {
                return Err(
                    format!("chown -R nobody:{group} {} failed", cluster.dir.display()).into(),
                );
            }
        }
        cluster.initdb()?;
        cluster.port = free_port()?;
        eprintln!("xtask: starting PostgreSQL on 127.0.0.1:{}", cluster.port);
        cluster.pg_ctl_start()?;
        Ok(cluster)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// A command running `program` from the server binaries as the server user.
    fn command(&self, program: &str) -> Command {
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

    fn stop_args(&self) -> Vec<OsString> {
        let data = self.data().into_os_string();
        vec![
            "-D".into(),
            data,
            "-m".into(),
            "fast".into(),
            "-w".into(),
            "stop".into(),
        ]
    }

    fn spawn_watchdog(&mut self) {
        let spawned = Command::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("sh")
            .arg(&self.dir)
            .args(&self.run_as)
            .arg(self.bin.join("pg_ctl"))
            .args(self.stop_args())
            .current_dir("/")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn();
        match spawned {
            Ok(mut child) => match child.stdin.take() {
                Some(stdin) => self.watchdog = Some((child, stdin)),
                None => eprintln!("xtask: warning: no pipe to the Ctrl-C watchdog"),
            },
            Err(e) => eprintln!("xtask: warning: no Ctrl-C watchdog (sh: {e})"),
        }
    }

    fn initdb(&self) -> Result<()> {
        let output = self
            .command("initdb")
            .arg("-D")
            .arg(self.data())
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ])
            .output()
            .map_err(|e| format!("running initdb: {e}"))?;
        if !output.status.success() {
            eprint!("{}", String::from_utf8_lossy(&output.stdout));
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
            return Err(format!("initdb failed ({})", output.status).into());
        }
        Ok(())
    }

    fn pg_ctl_start(&self) -> Result<()> {
        let log = self.dir.join("postgres.log");
        let options = format!(
            "-p {} -k {} {SERVER_OPTIONS}",
            self.port,
            shell_quote(&self.dir.to_string_lossy())
        );
        let output = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "-o"])
            .arg(options)
            .arg("start")
            .output()
            .map_err(|e| format!("running pg_ctl: {e}"))?;
        if !output.status.success() {
            eprint!("{}", String::from_utf8_lossy(&output.stdout));
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
            let text = fs::read_to_string(&log).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            eprintln!("xtask: tail of {}:", log.display());
            for line in &lines[lines.len().saturating_sub(30)..] {
                eprintln!("  {line}");
            }
            return Err(format!("pg_ctl start failed ({})", output.status).into());
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // The server writes this file early, so a half-started server is stopped too.
        if self.data().join("postmaster.pid").exists() {
            eprintln!("xtask: stopping PostgreSQL");
            let stopped = self
                .command("pg_ctl")
                .args(self.stop_args())
                .stdout(Stdio::null())
                .status();
            match stopped {
                Ok(status) if status.success() => {}
                Ok(status) => eprintln!("xtask: warning: pg_ctl stop failed ({status})"),
                Err(e) => eprintln!("xtask: warning: running pg_ctl stop: {e}"),
            }
        }
        if let Err(e) = fs::remove_dir_all(&self.dir) {
            eprintln!("xtask: warning: removing {}: {e}", self.dir.display());
        }
        if let Some((mut child, mut stdin)) = self.watchdog.take() {
            // Errors only mean the watchdog is gone already.
            let _ = stdin.write_all(b"done\n");
            drop(stdin);
            let _ = child.wait();
        }
    }
}

/// `initdb` on PATH, else the newest `/usr/lib/postgresql/*/bin`, else `pg_config --bindir`.
fn find_bindir() -> Result<PathBuf> {
    let has_tools =
        |dir: &Path| is_executable(&dir.join("initdb")) && is_executable(&dir.join("pg_ctl"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(dir) = std::env::split_paths(&path).find(|d| has_tools(d)) {
        return Ok(dir);
    }
    let mut versions: Vec<(Vec<u64>, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let version = name
                .to_str()?
                .split('.')
                .map(|part| part.parse().ok())
                .collect::<Option<Vec<u64>>>()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_tools(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Ok(dir);
    }
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if output.status.success() && has_tools(&dir) {
            return Ok(dir);
        }
    }
    Err(
        "PostgreSQL server binaries (initdb, pg_ctl) not found; install the `postgresql` package \
         (apt-get install postgresql) or set DATABASE_URL"
            .into(),
    )
}

/// On a Debian-like machine without PostgreSQL, installs Debian's `postgresql` package with
/// apt-get (directly as root, else through `sudo -n`), so that `cargo xtask test` is the
/// only command a fresh machine needs. Elsewhere it says what to install.
fn install_postgresql() -> Result<()> {
    let apt = Path::new("/usr/bin/apt-get");
    if !is_executable(apt) {
        return Err("no apt-get here to install it with".into());
    }
    eprintln!(
        "xtask: PostgreSQL server binaries not found; installing Debian's `postgresql` package"
    );
    let apt_get = |args: &[&str]| -> Result<()> {
        // Through `env`, as sudo resets the environment.
        let mut cmd = if effective_uid_is_root() {
            Command::new("env")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "env"]);
            sudo
        };
        let status = cmd
            .arg("DEBIAN_FRONTEND=noninteractive")
            .arg(apt)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("running apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`apt-get {}` failed ({status})", args.join(" ")).into())
        }
    };
    apt_get(&["update", "-qq"])?;
    apt_get(&["install", "-y", "-qq", "postgresql"])
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn effective_uid_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// How root runs initdb/pg_ctl as `nobody` (initdb refuses to run as root).
fn unprivileged_prefix() -> Result<Vec<OsString>> {
    let find = |name: &str| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .chain(["/usr/bin", "/usr/sbin", "/bin", "/sbin"].map(PathBuf::from))
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    };
    if let Some(setpriv) = find("setpriv") {
        let group = unprivileged_group();
        let prefix = [
            setpriv.into_os_string(),
            "--reuid=nobody".into(),
            format!("--regid={group}").into(),
            "--clear-groups".into(),
            "--".into(),
        ];
        return Ok(prefix.into());
    }
    if let Some(runuser) = find("runuser") {
        return Ok(vec![
            runuser.into_os_string(),
            "-u".into(),
            "nobody".into(),
            "--".into(),
        ]);
    }
    Err(
        "running as root, but neither setpriv nor runuser was found to run PostgreSQL as `nobody`"
            .into(),
    )
}

/// `nogroup` on Debian; `nobody` elsewhere.
fn unprivileged_group() -> &'static str {
    let groups = fs::read_to_string("/etc/group").unwrap_or_default();
    if groups.lines().any(|l| l.starts_with("nogroup:")) {
        "nogroup"
    } else {
        "nobody"
    }
}

/// A fresh, uniquely named directory under the temp dir. When root, the server
/// runs as `nobody`, which must be able to reach it; fall back to /tmp if not.
fn make_temp_dir(root: bool) -> Result<PathBuf> {
    let mut base = std::env::temp_dir();
    let traversable = |p: &Path| {
        p.ancestors()
            .all(|a| fs::metadata(a).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
    };
    if root && !traversable(&base) {
        base = PathBuf::from("/tmp");
    }
    let pid = std::process::id();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let dir = base.join(format!("switchboard-xtask-pg-{pid}-{nanos}"));
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .map_err(|e| format!("creating {}: {e}", dir.display()))?;
    Ok(dir)
}

fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("finding a free port: {e}"))?;
    Ok(listener.local_addr()?.port())
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
