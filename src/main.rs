//! The `gazette` binary: sets the process up (allocator, huge pages) and hands over to `cli`,
//! which parses the arguments, runs a command, prints its diagnostics and exits. The binary is
//! the only code that prints or exits.

#![warn(clippy::too_many_lines)]

use std::process::ExitCode;

mod cli;

// A build allocates millions of small strings from both cores; mimalloc's per-thread heaps make
// a 10,000-article build about 15% faster than glibc's malloc (bench/, issue 6).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::set_transparent_huge_pages_disabled(true);
    gazette::pipeline::configure_threads();
    cli::run()
}
