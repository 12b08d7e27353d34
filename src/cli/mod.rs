//! The command line's commands and how the terminal shows their results (binary only).

pub mod scaffold;
pub mod schema;
pub mod terminal;
