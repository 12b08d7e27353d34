//! Fuzz target `article_pipeline`: see `gazette_fuzz::article_pipeline` for what it runs and checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gazette_fuzz::article_pipeline(data));
