//! The persistent image cache (`<site>/.gazette-cache/`): output bytes by a content key, written
//! atomically, so a second build does no image work and a killed build leaves nothing partial.
//!
//! An entry is `<dir>/<first two hex digits>/<the other 62>`: a header line, the payload's length
//! and CRC-32, then the payload. An entry whose length or checksum does not match (a disk error, a
//! cut file, an edit) is a miss, never an error. (A checksum, not a hash: the key already names the
//! content; the check only has to notice damage, and a warm build reads every entry back.) Entries are written to a temporary file in the same folder and renamed
//! into place; a temporary file left by a killed process (`.tmp-…`) is never read as an entry,
//! and is removed by a later `Cache::open` once it is an hour old (no write takes that long).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::process::{decode, make_all};
use super::{MediaError, Probe, Settings, Variant};

/// How old a temporary file must be before `sweep_stale_temps` takes it for a dead process's.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files (`.tmp-…`) that processes killed mid-write left in the entry
/// folders of `dir`, once they are `STALE_TEMP` old: a live write renames its file within
/// seconds. Best effort: what cannot be read or removed stays, as litter that is never read.
fn sweep_stale_temps(dir: &Path) {
    let Ok(folders) = fs::read_dir(dir) else { return };
    let now = std::time::SystemTime::now();
    for folder in folders.flatten() {
        let Ok(entries) = fs::read_dir(folder.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            let stale = entry.file_name().to_string_lossy().starts_with(".tmp-")
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age >= STALE_TEMP));
            if stale {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Bumped whenever the bytes gazette makes for the same input change (an encoder setting, the
/// filter, the card's layout), so old cache entries are not reused.
pub const MEDIA_VERSION: u32 = 2;

/// The first bytes of every entry: the format of the entry file itself.
const MAGIC: &[u8] = b"gazette-cache 2\n";
/// The header: `MAGIC`, the payload's length (8 bytes) and CRC-32 (4 bytes), little-endian.
const HEADER: usize = MAGIC.len() + 12;

/// A content key: the BLAKE3 hash of everything that decides an output's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub [u8; 32]);

impl Key {
    /// The key of some bytes (a source image), to build variant keys from.
    pub fn of(bytes: &[u8]) -> Key {
        Key(*blake3::hash(bytes).as_bytes())
    }

    /// The key in 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }
}

/// The key of one variant of one source: the source's key, the variant, the quality and
/// [`MEDIA_VERSION`]. (`max_pixels` and the other widths do not change this file's bytes.)
pub fn variant_key(source: &Key, variant: &Variant, settings: &Settings) -> Key {
    let mut hasher = blake3::Hasher::new();
    hasher.update(b"gazette image variant\0");
    hasher.update(&MEDIA_VERSION.to_le_bytes());
    hasher.update(&source.0);
    hasher.update(&[settings.quality]);
    hasher.update(format!("{variant:?}").as_bytes());
    Key(*hasher.finalize().as_bytes())
}

/// How much work a [`process_cached`] call did: sources decoded and outputs taken from the cache.
/// Add them up over a build; a warm build has `decoded == 0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub decoded: u32,
    pub from_cache: u32,
    /// Outputs that could not be stored (a full disk): the build is still right, only slower next time.
    pub not_stored: u32,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, other: Stats) {
        self.decoded += other.decoded;
        self.from_cache += other.from_cache;
        self.not_stored += other.not_stored;
    }
}

/// The cache folder, or a cache that keeps nothing (for `check` and tests).
#[derive(Debug)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// Makes this process's temporary file names unique across threads.
    next_temp: AtomicU64,
}

impl Cache {
    /// Opens (creating it if needed) the cache folder `dir`, e.g. `<site>/.gazette-cache/images`.
    pub fn open(dir: &Path) -> Result<Cache, MediaError> {
        fs::create_dir_all(dir).map_err(|e| MediaError::Cache {
            path: dir.to_path_buf(),
            reason: crate::core::diagnostic::io_reason(&e),
        })?;
        sweep_stale_temps(dir);
        Ok(Cache {
            dir: Some(dir.to_path_buf()),
            next_temp: AtomicU64::new(0),
        })
    }

    /// A cache that stores nothing: every `get` misses.
    pub fn disabled() -> Cache {
        Cache {
            dir: None,
            next_temp: AtomicU64::new(0),
        }
    }

    fn entry_path(dir: &Path, key: &Key) -> PathBuf {
        let hex = key.to_hex();
        dir.join(&hex[..2]).join(&hex[2..])
    }

    /// The bytes stored under `key`; a missing, unreadable or corrupt entry is `None`.
    pub fn get(&self, key: &Key) -> Option<Vec<u8>> {
        use std::io::Read;
        let dir = self.dir.as_ref()?;
        let mut file = fs::File::open(Self::entry_path(dir, key)).ok()?;
        let mut header = [0u8; HEADER];
        file.read_exact(&mut header).ok()?;
        if &header[..MAGIC.len()] != MAGIC {
            return None;
        }
        let (length, checksum) = header[MAGIC.len()..].split_at(8);
        let length = usize::try_from(u64::from_le_bytes(length.try_into().ok()?)).ok()?;
        let checksum = u32::from_le_bytes(checksum.try_into().ok()?);
        // Read straight into a buffer of the payload's size (one more byte tells a longer file).
        let mut payload = Vec::with_capacity(length.saturating_add(1).min(1 << 30));
        file.take(length as u64 + 1).read_to_end(&mut payload).ok()?;
        (payload.len() == length && crc32fast::hash(&payload) == checksum).then_some(payload)
    }

    /// Stores `bytes` under `key` atomically: a temporary file in the same folder, renamed into
    /// place, so a reader (or a killed build) never sees a partial entry.
    pub fn put(&self, key: &Key, bytes: &[u8]) -> Result<(), MediaError> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let path = Self::entry_path(dir, key);
        let fail = |e: std::io::Error| MediaError::Cache {
            path: path.clone(),
            reason: e.to_string(),
        };
        let folder = path.parent().unwrap_or(dir);
        fs::create_dir_all(folder).map_err(fail)?;
        let n = self.next_temp.fetch_add(1, Ordering::Relaxed);
        let temp = folder.join(format!(".tmp-{}-{}-{n}", std::process::id(), &key.to_hex()[2..]));
        let written = (|| {
            {
                let mut file = fs::File::create(&temp)?;
                file.write_all(MAGIC)?;
                file.write_all(&(bytes.len() as u64).to_le_bytes())?;
                file.write_all(&crc32fast::hash(bytes).to_le_bytes())?;
                file.write_all(bytes)?;
            }
            fs::rename(&temp, &path)
        })();
        if let Err(e) = written {
            // The temporary file is ours; removing it may fail too, and then it is only litter.
            let _ = fs::remove_file(&temp);
            return Err(fail(e));
        }
        Ok(())
    }
}

/// [`super::process`] through the cache: the outputs already cached are read, the others made
/// (decoding the source once) and stored. A warm cache decodes nothing. A failure to store is
/// counted in `Stats::not_stored`, not an error: the outputs are right either way.
pub fn process_cached(
    cache: &Cache,
    bytes: &[u8],
    probe: &Probe,
    variants: &[Variant],
    settings: &Settings,
) -> Result<(Vec<Vec<u8>>, Stats), MediaError> {
    let mut stats = Stats::default();
    if variants.is_empty() {
        return Ok((Vec::new(), stats));
    }
    let source = Key::of(bytes);
    let keys: Vec<Key> = variants.iter().map(|v| variant_key(&source, v, settings)).collect();
    let mut outputs: Vec<Option<Vec<u8>>> = keys.iter().map(|k| cache.get(k)).collect();
    let missing: Vec<Variant> = variants
        .iter()
        .zip(&outputs)
        .filter(|(_, o)| o.is_none())
        .map(|(v, _)| *v)
        .collect();
    stats.from_cache = u32::try_from(variants.len() - missing.len()).unwrap_or(u32::MAX);
    if !missing.is_empty() {
        if !probe.format.is_raster() {
            return Err(MediaError::NotRaster {
                format: probe.format.name(),
            });
        }
        let pixels = decode(bytes, probe.format, settings)?;
        stats.decoded = 1;
        let mut made = make_all(&pixels, &missing, settings.quality)?.into_iter();
        for (slot, key) in outputs.iter_mut().zip(&keys) {
            if slot.is_none() {
                let Some(bytes) = made.next() else { break };
                if cache.put(key, &bytes).is_err() {
                    stats.not_stored += 1;
                }
                *slot = Some(bytes);
            }
        }
    }
    let outputs: Vec<Vec<u8>> = outputs.into_iter().flatten().collect();
    Ok((outputs, stats))
}
