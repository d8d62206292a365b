//! [`Cluster`]: a throwaway PostgreSQL cluster, started with the server binaries
//! [`crate::install`] finds, stopped and removed on drop or by its watchdog.

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::Result;
use crate::install::{
    effective_uid_is_root, find_bindir, install_postgresql, unprivileged_group, unprivileged_prefix,
};

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

/// A throwaway PostgreSQL cluster; dropping it stops the server and removes its directory.
#[derive(Debug)]
pub(crate) struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    /// Command prefix that runs a program as the server user (empty: as ourselves).
    run_as: Vec<OsString>,
    port: u16,
    watchdog: Option<(Child, ChildStdin)>,
}

impl Cluster {
    pub(crate) fn start() -> Result<Self> {
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

    pub(crate) fn url(&self) -> String {
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
