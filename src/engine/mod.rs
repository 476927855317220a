//! The checking engine: markdown → claims → evidence → findings.

pub mod figures;
pub mod text;
