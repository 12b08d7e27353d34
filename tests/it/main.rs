//! Integration tests: one binary, a module per feature. They run the real `gazette` binary on
//! fixture sites and check what it writes and prints.

mod authors;
mod browser;
mod cache;
mod cli;
mod editions;
mod common;
mod editions_browser;
mod editions_cli;
mod errors;
mod feeds;
mod fuzz_regressions;
mod golden;
mod i18n;
mod images;
mod languages;
mod layout;
mod links;
mod pagination;
mod properties;
mod publish;
mod robust;
mod sample;
mod schemas;
mod search;
mod serve;
mod theme;
mod writers_day;
