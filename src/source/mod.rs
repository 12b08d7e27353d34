//! Reading the site: walking `content/`, reading files (UTF-8, BOM, CRLF), templates and static
//! files, and the default theme compiled into the binary. The only stage that reads the site.

pub mod load;
pub mod snippet;
pub mod theme;
