//! The shared vocabulary every stage speaks, with no I/O: diagnostics (`Checked<T>`, `Pos`),
//! dates, a language's plurals, direction and date formats (`language`), slugs, XML escaping (`escape`), every URL and output path (`urls`), URL resolution (`resolve`), the theme's
//! contract (`theme`), and the built site as a value (`Output`).

pub mod dates;
pub mod diagnostic;
pub mod escape;
pub mod language;
pub mod output;
pub mod resolve;
pub mod slug;
pub mod theme;
pub mod urls;
