//! The web console's static files, embedded in the binary at compile time: plain HTML, CSS
//! and ES modules (no build step), and the vendored Twilio Voice JS SDK under `vendor/`.
//! The http crate serves them under `/console/`; [`find`] looks one up by its path below
//! `assets/`.

/// One embedded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// Its path below `assets/` (and below `/console/`), e.g. `pages/phone.js`.
    pub name: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const MARKDOWN: &str = "text/markdown; charset=utf-8";

macro_rules! asset {
    ($name:literal, $content_type:expr) => {
        Asset {
            name: $name,
            content_type: $content_type,
            bytes: include_bytes!(concat!("../assets/", $name)),
        }
    };
}

/// Every file of the console (a test checks that this is every file under `assets/`).
pub const ASSETS: &[Asset] = &[
    asset!("index.html", HTML),
    asset!("console.css", CSS),
    asset!("main.js", JS),
    asset!("api.js", JS),
    asset!("dom.js", JS),
    asset!("router.js", JS),
    asset!("session.js", JS),
    asset!("pages/signin.js", JS),
    asset!("pages/phone.js", JS),
    asset!("pages/numbers.js", JS),
    asset!("pages/forwarding.js", JS),
    asset!("pages/history.js", JS),
    asset!("pages/messages.js", JS),
    asset!("pages/sessions.js", JS),
    asset!("phone/events.js", JS),
    asset!("phone/phone.js", JS),
    asset!("phone/local.js", JS),
    asset!("phone/sdk.js", JS),
    asset!("phone/model.js", JS),
    asset!("vendor/twilio.min.js", JS),
    asset!("vendor/LICENSE", TEXT),
    asset!("vendor/README.md", MARKDOWN),
];

/// The page `/console/` serves.
pub const INDEX: &str = "index.html";

/// The file at `name` (a path below `assets/`, no leading slash).
#[must_use]
pub fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|asset| asset.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::{ASSETS, INDEX, find};

    fn files_under(root: &Path, dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("read the assets directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                files_under(root, &path, found);
            } else {
                let name = path.strip_prefix(root).expect("below the root");
                found.insert(name.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    #[test]
    fn the_table_lists_every_file_under_assets_once() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut on_disk = BTreeSet::new();
        files_under(&root, &root, &mut on_disk);
        let listed: Vec<&str> = ASSETS.iter().map(|a| a.name).collect();
        let unique: BTreeSet<String> = listed.iter().map(|n| (*n).to_owned()).collect();
        assert_eq!(
            unique.len(),
            listed.len(),
            "a name listed twice: {listed:?}"
        );
        assert_eq!(unique, on_disk);
    }

    #[test]
    fn find_gives_the_file_and_nothing_outside_the_table() {
        let index = find(INDEX).expect("index.html");
        assert!(index.content_type.starts_with("text/html"));
        assert!(String::from_utf8_lossy(index.bytes).contains("<script type=\"module\""));
        assert_eq!(
            find("phone/local.js").map(|a| a.content_type),
            Some("text/javascript; charset=utf-8")
        );
        for missing in ["", "/index.html", "../Cargo.toml", "pages", "vendor/"] {
            assert!(find(missing).is_none(), "{missing}");
        }
    }

    #[test]
    fn every_module_import_names_a_file_of_the_table() {
        for asset in ASSETS
            .iter()
            .filter(|a| a.name.ends_with(".js") && !a.name.starts_with("vendor/"))
        {
            let text = String::from_utf8_lossy(asset.bytes);
            let dir = asset.name.rsplit_once('/').map_or("", |(dir, _)| dir);
            let statements = text
                .lines()
                .filter(|l| l.starts_with("import ") || l.starts_with("export "));
            for line in statements {
                let Some(rest) = line.split(" from '").nth(1) else {
                    continue;
                };
                let target = rest.split('\'').next().expect("a quoted path");
                let resolved = resolve(dir, target);
                assert!(
                    find(&resolved).is_some(),
                    "{} imports {target} ({resolved}), which is not served",
                    asset.name
                );
            }
        }
    }

    /// `target` (`./x.js`, `../x.js`) relative to the directory `dir`.
    fn resolve(dir: &str, target: &str) -> String {
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for part in target.split('/') {
            match part {
                "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts.join("/")
    }
}
