//! Fuzz target `edition`: see `gazette_fuzz::edition` for what it runs and checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::edition(data));
