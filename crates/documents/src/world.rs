//! A minimal typst `World`: one main source, the shared preamble, the data as a
//! virtual JSON file and the vendored fonts. Nothing is read from disk or the
//! network (no `@preview` packages), so a template cannot reach outside it.

use std::sync::LazyLock;

use chrono::{Datelike, FixedOffset, Utc};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Path of the main template inside the virtual project.
pub(crate) const MAIN_PATH: &str = "/main.typ";
/// Path of the shared preamble: `#import "/ocop.typ": *`.
pub(crate) const PREAMBLE_PATH: &str = "/ocop.typ";
/// Path of the data: `#let data = json("/data.json")`.
pub(crate) const DATA_PATH: &str = "/data.json";

/// The preamble for Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP layout).
pub const PREAMBLE: &str = include_str!("../templates/ocop.typ");

/// The vendored fonts, embedded in the binary (Noto Serif, SIL OFL 1.1).
pub(crate) const FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/NotoSerif-Regular.ttf"),
    include_bytes!("../fonts/NotoSerif-Bold.ttf"),
    include_bytes!("../fonts/NotoSerif-Italic.ttf"),
    include_bytes!("../fonts/NotoSerif-BoldItalic.ttf"),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid absolute virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// One compilation's world.
pub(crate) struct DocumentWorld {
    main: Source,
    preamble: Source,
    data: Bytes,
    main_id: FileId,
    preamble_id: FileId,
    data_id: FileId,
}

impl DocumentWorld {
    pub(crate) fn new(template: &str, data: &serde_json::Value) -> Self {
        let main_id = file_id(MAIN_PATH);
        let preamble_id = file_id(PREAMBLE_PATH);
        let data_id = file_id(DATA_PATH);
        let json = serde_json::to_vec(data).expect("a serde_json::Value always serialises");
        Self {
            main: Source::new(main_id, template.to_owned()),
            preamble: Source::new(preamble_id, PREAMBLE.to_owned()),
            data: Bytes::new(json),
            main_id,
            preamble_id,
            data_id,
        }
    }
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main_id {
            Ok(self.main.clone())
        } else if id == self.preamble_id {
            Ok(self.preamble.clone())
        } else if id == self.data_id {
            Err(FileError::NotSource)
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else if id == self.main_id {
            Ok(Bytes::from_string(self.main.clone()))
        } else if id == self.preamble_id {
            Ok(Bytes::from_string(self.preamble.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// Today in Vietnam (UTC+7) unless the template asks for another offset.
    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        let seconds = offset.map_or(7.0 * 3600.0, |offset| offset.seconds());
        let zone = FixedOffset::east_opt(seconds.round() as i32)?;
        let now = Utc::now().with_timezone(&zone);
        Datetime::from_ymd(
            now.year(),
            u8::try_from(now.month()).ok()?,
            u8::try_from(now.day()).ok()?,
        )
    }
}
