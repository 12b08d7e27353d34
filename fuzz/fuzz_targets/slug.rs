//! Fuzz target `slug`: see `gazette_fuzz::slug` for what it runs and checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::slug(data));
