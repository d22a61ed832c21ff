//! The audit keys: secrets, held outside the database, that key the audit chain
//! (HMAC-SHA256) and sign the published chain head.
//!
//! Where they come from (`AuditKeys::load`):
//! - `OCOP_AUDIT_KEY`: the signing key, `ID:HEX` or `HEX` (id 1), at least 32 bytes;
//! - otherwise the file `audit.key` in the data directory: one `ID:HEX` per line
//!   (`#` starts a comment); the highest id signs, the others only verify. When the
//!   file is absent it is created (mode 0600) with a fresh random key `1:…`;
//! - `OCOP_AUDIT_KEYS`: older keys as `ID:HEX` separated by commas or spaces, for
//!   verification only (after a rotation done through `OCOP_AUDIT_KEY`).
//!
//! Id 0 is reserved for the unkeyed entries written before keys existed. Every
//! process writing to one database must hold the same signing key under the same id.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The file in the data directory holding the keys.
pub const KEY_FILE: &str = "audit.key";

/// Fewest bytes a key may have.
pub const MIN_KEY_BYTES: usize = 32;

/// A key that cannot be read or made.
#[derive(Debug, thiserror::Error)]
#[error("audit key: {0}")]
pub struct KeyError(pub String);

/// The keys known to this process: the one that signs new entries, and older ones.
#[derive(Clone, Default)]
pub struct AuditKeys {
    keys: BTreeMap<i32, Vec<u8>>,
    signing: Option<i32>,
}

impl std::fmt::Debug for AuditKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key bytes.
        f.debug_struct("AuditKeys")
            .field("ids", &self.keys.keys().collect::<Vec<_>>())
            .field("signing", &self.signing)
            .finish()
    }
}

impl AuditKeys {
    /// No key: entries are written unkeyed (id 0) and keyed entries cannot be checked.
    pub fn none() -> Self {
        Self::default()
    }

    /// One signing key (tests, and `OCOP_AUDIT_KEY`).
    pub fn single(id: i32, key: Vec<u8>) -> Self {
        let mut keys = BTreeMap::new();
        keys.insert(id, key);
        Self {
            keys,
            signing: Some(id),
        }
    }

    /// The id of the key that signs new entries, if any.
    pub fn signing_id(&self) -> Option<i32> {
        self.signing
    }

    /// The ids of every key held.
    pub fn ids(&self) -> Vec<i32> {
        self.keys.keys().copied().collect()
    }

    /// Whether the key `id` is held.
    pub fn has(&self, id: i32) -> bool {
        self.keys.contains_key(&id)
    }

    /// HMAC-SHA256 of `message` under the key `id`, in hex; none when the key is not held.
    pub fn mac(&self, id: i32, message: &[u8]) -> Option<String> {
        let key = self.keys.get(&id)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(message);
        Some(hex::encode(mac.finalize().into_bytes()))
    }

    /// Reads `ID:HEX` (or `HEX`, meaning id 1).
    pub fn parse_key(text: &str) -> Result<(i32, Vec<u8>), KeyError> {
        let text = text.trim();
        let (id, hex_part) = match text.split_once(':') {
            Some((id, key)) => (
                id.trim()
                    .parse::<i32>()
                    .map_err(|_| KeyError(format!("the key id '{}' is not a number", id.trim())))?,
                key.trim(),
            ),
            None => (1, text),
        };
        if id < 1 {
            return Err(KeyError("key ids start at 1 (0 marks unkeyed entries)".into()));
        }
        let key = hex::decode(hex_part).map_err(|_| KeyError(format!("key {id} is not hexadecimal")))?;
        if key.len() < MIN_KEY_BYTES {
            return Err(KeyError(format!(
                "key {id} has {} bytes, at least {MIN_KEY_BYTES} are needed",
                key.len()
            )));
        }
        Ok((id, key))
    }

    fn add(&mut self, id: i32, key: Vec<u8>, source: &str) -> Result<(), KeyError> {
        if let Some(existing) = self.keys.get(&id)
            && *existing != key
        {
            return Err(KeyError(format!("two different keys have the id {id} ({source})")));
        }
        self.keys.insert(id, key);
        Ok(())
    }

    /// Reads a keys file: one `ID:HEX` per line, `#` comments; the highest id signs.
    pub fn parse_file(text: &str) -> Result<Self, KeyError> {
        let mut keys = Self::none();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            if !line.contains(':') {
                return Err(KeyError("each line of the keys file is ID:HEX".into()));
            }
            let (id, key) = Self::parse_key(line)?;
            keys.add(id, key, "keys file")?;
        }
        keys.signing = keys.keys.keys().next_back().copied();
        if keys.signing.is_none() {
            return Err(KeyError("the keys file holds no key".into()));
        }
        Ok(keys)
    }

    /// The keys of this process: `OCOP_AUDIT_KEY`, else `{data_dir}/audit.key` (created
    /// when absent), plus `OCOP_AUDIT_KEYS` for verification.
    pub fn load(data_dir: &Path) -> Result<Self, KeyError> {
        let mut keys = match std::env::var("OCOP_AUDIT_KEY") {
            Ok(value) if !value.trim().is_empty() => {
                let (id, key) = Self::parse_key(&value).map_err(|e| KeyError(format!("OCOP_AUDIT_KEY: {}", e.0)))?;
                Self::single(id, key)
            }
            _ => Self::from_file(&data_dir.join(KEY_FILE))?,
        };
        if let Ok(value) = std::env::var("OCOP_AUDIT_KEYS") {
            for item in value.split([',', ' ', '\n', '\t']).filter(|s| !s.trim().is_empty()) {
                if !item.contains(':') {
                    return Err(KeyError("OCOP_AUDIT_KEYS holds ID:HEX items".into()));
                }
                let (id, key) = Self::parse_key(item).map_err(|e| KeyError(format!("OCOP_AUDIT_KEYS: {}", e.0)))?;
                keys.add(id, key, "OCOP_AUDIT_KEYS")?;
            }
        }
        Ok(keys)
    }

    /// Reads the keys file, creating it with a fresh key when it does not exist.
    fn from_file(path: &Path) -> Result<Self, KeyError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse_file(&text).map_err(|e| KeyError(format!("{}: {}", path.display(), e.0))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                create_file(path)?;
                let text = std::fs::read_to_string(path).map_err(|e| io(path, &e))?;
                Self::parse_file(&text)
            }
            Err(e) => Err(io(path, &e)),
        }
    }
}

fn io(path: &Path, e: &std::io::Error) -> KeyError {
    KeyError(format!("{}: {e}", path.display()))
}

/// A fresh random key (32 bytes from the operating system) as `ID:HEX`.
pub fn generate(id: i32) -> String {
    use rand::TryRngCore;
    let mut key = [0u8; MIN_KEY_BYTES];
    rand::rngs::OsRng
        .try_fill_bytes(&mut key)
        .expect("the operating system's random generator");
    format!("{id}:{}", hex::encode(key))
}

/// Creates the keys file (readable by its owner only) with a fresh key `1:…`; another
/// process creating it at the same moment wins and its key is used.
fn create_file(path: &Path) -> Result<(), KeyError> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, &e))?;
    }
    let tmp: PathBuf = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(|e| io(&tmp, &e))?;
    let text = format!(
        "# ocop audit keys: ID:HEX per line; the highest id signs new entries, the others verify.\n\
         # Keep a copy elsewhere: without it the audit trail cannot be verified.\n{}\n",
        generate(1)
    );
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io(&tmp, &e))?;
    // A hard link fails when the file appeared meanwhile: the first writer's key stays.
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {
            tracing::warn!(path = %path.display(), "created a new audit key; keep a copy outside the data directory");
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(path, &e)),
    }
}

static INSTALLED: RwLock<Option<Arc<AuditKeys>>> = RwLock::new(None);

/// Makes `keys` the keys of this process (`audit::append` signs with them).
pub fn install(keys: AuditKeys) {
    *INSTALLED.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(keys));
}

/// The keys of this process; none installed means entries are written unkeyed.
pub fn installed() -> Arc<AuditKeys> {
    INSTALLED
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "1:0000000000000000000000000000000000000000000000000000000000000001";
    const K2: &str = "2:0000000000000000000000000000000000000000000000000000000000000002";

    #[test]
    fn the_highest_id_signs_and_older_keys_verify() {
        let keys = AuditKeys::parse_file(&format!("# old\n{K1}\n{K2}  # new\n")).unwrap();
        assert_eq!(keys.signing_id(), Some(2));
        assert_eq!(keys.ids(), vec![1, 2]);
        assert_ne!(keys.mac(1, b"x"), keys.mac(2, b"x"));
        assert_eq!(keys.mac(3, b"x"), None);
    }

    #[test]
    fn short_zero_or_conflicting_keys_are_refused() {
        assert!(AuditKeys::parse_key("1:abcd").is_err());
        assert!(AuditKeys::parse_key(&K1.replacen('1', "0", 1)).is_err());
        assert!(AuditKeys::parse_key("1:zz").is_err());
        let conflicting = format!("{K1}\n1:{}\n", "ff".repeat(32));
        assert!(AuditKeys::parse_file(&conflicting).is_err());
        assert!(AuditKeys::parse_file("# nothing\n").is_err());
        assert_eq!(AuditKeys::parse_key(&"ab".repeat(32)).unwrap().0, 1);
    }

    #[test]
    fn a_missing_file_is_created_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEY_FILE);
        let first = AuditKeys::from_file(&path).unwrap();
        let second = AuditKeys::from_file(&path).unwrap();
        assert_eq!(first.signing_id(), Some(1));
        assert_eq!(first.mac(1, b"m"), second.mac(1, b"m"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
