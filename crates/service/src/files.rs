//! Stored files (product photos now, dossier evidence later) behind one small
//! interface, so object storage can replace the local directory.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{ServiceError, ServiceResult};
use ocop_domain::ErrorCode;

/// The largest photo accepted.
pub const MAX_PHOTO_BYTES: usize = 8 * 1024 * 1024;

/// File types recognised from their first bytes, never from the name or the
/// declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// PDF.
    Pdf,
}

impl Sniffed {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Sniffed::Jpeg => "image/jpeg",
            Sniffed::Png => "image/png",
            Sniffed::Webp => "image/webp",
            Sniffed::Pdf => "application/pdf",
        }
    }

    /// True for the photo formats.
    pub fn is_image(self) -> bool {
        !matches!(self, Sniffed::Pdf)
    }
}

/// Recognises a file from its magic bytes.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Sniffed::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Sniffed::Png)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(Sniffed::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Sniffed::Pdf)
    } else {
        None
    }
}

/// A client's file name made safe to keep and show: only its last path component
/// (no `../`, no directories, either slash), control characters and quotes dropped,
/// at most 200 characters; `tep` when nothing is left. It is never used in a path:
/// files are stored under their SHA-256.
pub fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '`'))
        .take(200)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() { "tep".to_owned() } else { cleaned }
}

/// A content-addressed store in a local directory: the key is the SHA-256 of
/// the content, so a file is written once and never overwritten.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    /// A store under `root` (created when missing).
    pub fn local(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, key: &str) -> ServiceResult<PathBuf> {
        let valid = key.len() == 64 && key.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
        if !valid {
            return Err(ServiceError::NotFound);
        }
        Ok(self.root.join(&key[..2]).join(key))
    }

    /// Stores bytes and returns their key; writes to a temporary name and
    /// renames, so a crash never leaves half a file under a real key.
    pub async fn put(&self, bytes: &[u8]) -> ServiceResult<String> {
        let key = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&key)?;
        if tokio::fs::try_exists(&path).await? {
            return Ok(key);
        }
        let dir = path.parent().expect("has parent");
        tokio::fs::create_dir_all(dir).await?;
        let temp = dir.join(format!(".{key}.{}.tmp", uuid::Uuid::now_v7().simple()));
        let written = async {
            tokio::fs::write(&temp, bytes).await?;
            let file = tokio::fs::File::open(&temp).await?;
            file.sync_all().await?;
            tokio::fs::rename(&temp, &path).await
        }
        .await;
        if let Err(e) = written {
            // A full disk or an I/O error: leave no half-written temporary behind.
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(e.into());
        }
        Ok(key)
    }

    /// Reads a stored file.
    pub async fn get(&self, key: &str) -> ServiceResult<Vec<u8>> {
        let path = self.path_of(key)?;
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ServiceError::NotFound),
            Err(e) => Err(e.into()),
        }
    }
}

/// The longest side of a photo accepted, in pixels.
pub const MAX_PHOTO_SIDE: u32 = 12_000;
/// The most memory one photo may take while decoded (a 12,000 × 12,000 photo in colour
/// would need 432 MiB; camera photos of 50 megapixels need 150 MiB).
pub const MAX_PHOTO_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// Checks an uploaded photo: size, real type from the magic bytes, and that it decodes
/// whole within the limits — a truncated or forged file is `invalid_image`, one beyond
/// [`MAX_PHOTO_SIDE`] or [`MAX_PHOTO_DECODED_BYTES`] (a decompression bomb) is
/// `image_too_large`, both on the `photo` field. Decoding costs CPU: call it from a
/// blocking thread (`add_photo` does).
pub fn check_photo(bytes: &[u8]) -> ServiceResult<Sniffed> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(ServiceError::Coded(ErrorCode::PayloadTooLarge));
    }
    let kind = match sniff(bytes) {
        Some(kind) if kind.is_image() => kind,
        _ => return Err(ServiceError::Coded(ErrorCode::UnsupportedMediaType)),
    };
    let format = match kind {
        Sniffed::Jpeg => image::ImageFormat::Jpeg,
        Sniffed::Png => image::ImageFormat::Png,
        Sniffed::Webp => image::ImageFormat::WebP,
        Sniffed::Pdf => return Err(ServiceError::Coded(ErrorCode::UnsupportedMediaType)),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(MAX_PHOTO_DECODED_BYTES);
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits);
    match reader.decode() {
        Ok(_) => Ok(kind),
        Err(image::ImageError::Limits(_)) => Err(ServiceError::field("photo", ErrorCode::ImageTooLarge)),
        Err(_) => Err(ServiceError::field("photo", ErrorCode::InvalidImage)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole 1 × 1 PNG.
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\
        \0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

    fn field_code(result: ServiceResult<Sniffed>) -> Option<ErrorCode> {
        result.err()?.field_errors()?.fields.first().map(|f| f.code)
    }

    #[test]
    fn a_renamed_executable_is_not_a_photo() {
        assert!(check_photo(b"\x7fELF\x02\x01\x01\0\0\0\0\0").is_err());
        assert!(check_photo(b"MZ\x90\0\x03").is_err());
        assert_eq!(check_photo(PNG).unwrap(), Sniffed::Png);
        let mut trailing = PNG.to_vec();
        trailing.extend_from_slice(b"bytes after IEND are ignored");
        assert_eq!(check_photo(&trailing).unwrap(), Sniffed::Png);
    }

    #[test]
    fn truncated_and_forged_photos_do_not_decode() {
        assert_eq!(
            field_code(check_photo(b"\x89PNG\r\n\x1a\n")),
            Some(ErrorCode::InvalidImage)
        );
        assert_eq!(field_code(check_photo(&PNG[..40])), Some(ErrorCode::InvalidImage));
        assert_eq!(
            field_code(check_photo(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0rest of nothing")),
            Some(ErrorCode::InvalidImage)
        );
        assert_eq!(
            field_code(check_photo(b"RIFF\0\0\0\0WEBPVP8 ")),
            Some(ErrorCode::InvalidImage)
        );
    }

    #[test]
    fn a_photo_declaring_huge_dimensions_is_refused_before_decoding() {
        // The IHDR of the 1 × 1 PNG rewritten to 20,000 × 20,000 (its CRC fixed).
        let mut bomb = PNG.to_vec();
        bomb[16..24].copy_from_slice(&[0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20]);
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(field_code(check_photo(&bomb)), Some(ErrorCode::ImageTooLarge));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn client_file_names_lose_their_paths_and_controls() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(safe_name("bien-ban \"cuoi\".pdf\r\nX: y"), "bien-ban cuoi.pdfX: y");
        assert_eq!(safe_name(".."), "tep");
        assert_eq!(safe_name("/"), "tep");
        assert_eq!(safe_name(".htaccess"), "htaccess");
        assert_eq!(safe_name("Biên bản nghiệm thu.pdf"), "Biên bản nghiệm thu.pdf");
        assert_eq!(safe_name(&"a".repeat(300)).chars().count(), 200);
    }

    #[tokio::test]
    async fn keys_cannot_escape_the_store() {
        let dir = std::env::temp_dir().join(format!("ocop-files-{}", uuid::Uuid::now_v7().simple()));
        let store = FileStore::local(&dir);
        let key = store.put(b"hello").await.unwrap();
        assert_eq!(store.get(&key).await.unwrap(), b"hello");
        assert!(matches!(
            store.get("../../etc/passwd").await,
            Err(ServiceError::NotFound)
        ));
        let _ = std::fs::remove_dir_all(dir);
    }
}
