//! Fuzz target `frontmatter`: see `gazette_fuzz::frontmatter` for what it runs and checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::frontmatter(data));
