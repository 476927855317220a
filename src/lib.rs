//! vouch: fact-checks a journalist's markdown draft against the story's sources.
//!
//! The [`engine`] turns a draft and a corpus into findings with byte ranges in
//! the draft and locations in the corpus; it knows nothing of editors. The
//! edges, [`cli`] and [`lsp`], turn findings into their own formats, and
//! [`position`] is the one place that converts offsets to lines and characters.
//! [`bench`] measures them from outside, as users and editors meet them.

pub mod bench;
pub mod cli;
pub mod config;
pub mod engine;
pub mod lsp;
pub mod position;
