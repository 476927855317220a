//! The checking engine: markdown → claims → evidence → findings.
//!
//! It speaks byte ranges in the draft and locations in the corpus, and knows
//! nothing of editors or terminals.

pub mod check;
pub mod corpus;
pub mod document;
pub mod entities;
pub mod explain;
pub mod figures;
pub mod findings;
pub mod index;
pub mod lexicon;
pub mod quotes;
pub mod sources;
pub mod text;
