//! Fuzz target `dates`: see `gazette_fuzz::dates` for what it runs and checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::dates(data));
