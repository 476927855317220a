//! vouch: fact-checks a journalist's markdown draft against the story's sources.
//!
//! The [`engine`] turns a draft and a corpus into findings with byte ranges in
//! the draft and locations in the corpus; it knows nothing of editors. The
//! edges, [`cli`] and `lsp`, turn findings into their own formats.

pub mod engine;
