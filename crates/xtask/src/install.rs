//! Finding PostgreSQL's server binaries, installing Debian's packages when something is
//! missing (`postgresql`, and `chromium` for the console's browser tests), and running
//! PostgreSQL as an unprivileged user when xtask runs as root.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Result;

/// `initdb` on PATH, else the newest `/usr/lib/postgresql/*/bin`, else `pg_config --bindir`.
pub(crate) fn find_bindir() -> Result<PathBuf> {
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
pub(crate) fn install_postgresql() -> Result<()> {
    eprintln!(
        "xtask: PostgreSQL server binaries not found; installing Debian's `postgresql` package"
    );
    apt_install(&["postgresql"])
}

/// Installs Debian packages with apt-get (directly as root, else through `sudo -n`).
pub(crate) fn apt_install(packages: &[&str]) -> Result<()> {
    let apt = Path::new("/usr/bin/apt-get");
    if !is_executable(apt) {
        return Err("no apt-get here to install it with".into());
    }
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
    let mut install = vec!["install", "-y", "-qq"];
    install.extend_from_slice(packages);
    apt_get(&install)
}

pub(crate) fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

pub(crate) fn effective_uid_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// How root runs initdb/pg_ctl as `nobody` (initdb refuses to run as root).
pub(crate) fn unprivileged_prefix() -> Result<Vec<OsString>> {
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
pub(crate) fn unprivileged_group() -> &'static str {
    let groups = fs::read_to_string("/etc/group").unwrap_or_default();
    if groups.lines().any(|l| l.starts_with("nogroup:")) {
        "nogroup"
    } else {
        "nobody"
    }
}
