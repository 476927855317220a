//! Vouch's own tantivy document: a sentence whose values tantivy reads in
//! place, from one buffer that all the sentences of a source share.
//!
//! A `TantivyDocument` would copy each sentence's stored bytes, terms and
//! speakers into a buffer of its own (one allocation and copy per sentence),
//! which tantivy then decodes value by value. Here the source's sentences
//! are written once into a [`SourceSentences`], and each [`SentenceDoc`]
//! holds where its values stand in it. tantivy indexes and stores the same
//! values in the same order, so the index is the same bytes.

use std::ops::Range;
use std::sync::Arc;

use tantivy::Document;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Field, Value};

use super::schema::Fields;

/// The values of a source's sentences, written one sentence after another.
#[derive(Default)]
pub struct SourceSentences {
    /// The stored values (`Fields::sentence`), back to back.
    stored: Vec<u8>,
    /// The terms (`Fields::terms`) and speakers' names, back to back.
    text: String,
    /// Where each speaker's name stands in `text`.
    speakers: Vec<Range<u32>>,
}

/// Where a sentence's values stand in its [`SourceSentences`], and its
/// numeric values.
#[derive(Clone)]
struct Parts {
    source: u64,
    order: u64,
    stored: Range<u32>,
    terms: Range<u32>,
    /// Indices into `SourceSentences::speakers`.
    speakers: Range<u32>,
}

/// A source's sentences as they are being written: each sentence's values
/// appended, then the documents made once all are in.
#[derive(Default)]
pub struct SentencesBuilder {
    all: SourceSentences,
    parts: Vec<Parts>,
}

impl SentencesBuilder {
    /// Room for the sentences of a source of `bytes` bytes of prose: their
    /// stored values and their terms are each about as long.
    pub fn with_capacity(bytes: usize, sentences: usize) -> SentencesBuilder {
        SentencesBuilder {
            all: SourceSentences {
                stored: Vec::with_capacity(bytes + bytes / 4),
                text: String::with_capacity(bytes + bytes / 4),
                speakers: Vec::new(),
            },
            parts: Vec::with_capacity(sentences),
        }
    }

    /// The buffer a sentence's stored value is appended to.
    pub fn stored(&mut self) -> &mut Vec<u8> {
        &mut self.all.stored
    }

    /// The buffer a sentence's terms are appended to.
    pub fn text(&mut self) -> &mut String {
        &mut self.all.text
    }

    /// Appends a speaker's name to the sentence being written.
    pub fn push_speaker(&mut self, name: &str) {
        let start = offset(self.all.text.len());
        self.all.text.push_str(name);
        self.all.speakers.push(start..offset(self.all.text.len()));
    }

    /// Where the sentence being written starts: its stored value, its terms
    /// and its speakers are what is appended after this mark.
    pub fn mark(&self) -> Mark {
        Mark {
            stored: offset(self.all.stored.len()),
            text: offset(self.all.text.len()),
            speakers: offset(self.all.speakers.len()),
        }
    }

    /// Ends the sentence begun at `mark`; `terms_end` is where its terms end
    /// in the text (its speakers follow them).
    pub fn end_sentence(&mut self, mark: Mark, terms_end: usize, source: u64, order: u64) {
        self.parts.push(Parts {
            source,
            order,
            stored: mark.stored..offset(self.all.stored.len()),
            terms: mark.text..offset(terms_end),
            speakers: mark.speakers..offset(self.all.speakers.len()),
        });
    }

    /// The sentences' documents, sharing one buffer.
    pub fn finish(self, fields: Fields) -> impl Iterator<Item = SentenceDoc> {
        let shared = Arc::new((fields, self.all));
        self.parts.into_iter().map(move |parts| SentenceDoc {
            shared: Arc::clone(&shared),
            parts,
        })
    }
}

/// Where a sentence starts in a [`SentencesBuilder`].
#[derive(Clone, Copy)]
pub struct Mark {
    stored: u32,
    text: u32,
    speakers: u32,
}

impl Mark {
    /// The length of the stored values before the sentence.
    pub fn stored_len(&self) -> usize {
        self.stored as usize
    }
}

/// Buffers of a source stay far below 4 GB (a source is at most
/// `max_file_bytes`, its terms about as long as its text).
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a source's sentences hold less than 4 GB")
}

fn span(r: &Range<u32>) -> Range<usize> {
    r.start as usize..r.end as usize
}

/// One sentence of a source, as tantivy indexes it.
pub struct SentenceDoc {
    shared: Arc<(Fields, SourceSentences)>,
    parts: Parts,
}

/// A value of a [`SentenceDoc`], read in place.
#[derive(Clone, Debug)]
pub enum SentenceValue<'a> {
    U64(u64),
    Bytes(&'a [u8]),
    Str(&'a str),
}

impl<'a> Value<'a> for SentenceValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            SentenceValue::U64(n) => ReferenceValueLeaf::U64(n),
            SentenceValue::Bytes(b) => ReferenceValueLeaf::Bytes(b),
            SentenceValue::Str(s) => ReferenceValueLeaf::Str(s),
        })
    }
}

/// A sentence's fields and values, in the order add_document gave them to
/// a `TantivyDocument`: source, order, sentence, terms, then each speaker.
pub struct SentenceValues<'a> {
    doc: &'a SentenceDoc,
    /// The next value: 0 to 3 the fixed fields, then the speakers.
    next: u32,
}

impl<'a> Iterator for SentenceValues<'a> {
    type Item = (Field, SentenceValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let (fields, all) = &*self.doc.shared;
        let parts = &self.doc.parts;
        let at = self.next;
        self.next += 1;
        Some(match at {
            0 => (fields.source, SentenceValue::U64(parts.source)),
            1 => (fields.order, SentenceValue::U64(parts.order)),
            2 => (
                fields.sentence,
                SentenceValue::Bytes(&all.stored[span(&parts.stored)]),
            ),
            3 => (
                fields.terms,
                SentenceValue::Str(&all.text[span(&parts.terms)]),
            ),
            _ => {
                let i = parts.speakers.start + (at - 4);
                if i >= parts.speakers.end {
                    self.next = at;
                    return None;
                }
                let name = &all.speakers[i as usize];
                (fields.speaker, SentenceValue::Str(&all.text[span(name)]))
            }
        })
    }
}

impl Document for SentenceDoc {
    type Value<'a> = SentenceValue<'a>;
    type FieldsValuesIter<'a> = SentenceValues<'a>;

    fn iter_fields_and_values(&self) -> SentenceValues<'_> {
        SentenceValues { doc: self, next: 0 }
    }
}
