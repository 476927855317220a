//! The tantivy schema: one document per source sentence.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

/// The name of `Fields::order`, for fast-field readers.
pub const ORDER: &str = "order";

/// Fields of a sentence document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The source's id (indexed, for deleting a source's sentences).
    pub source: Field,
    /// The sentence's number within its source.
    pub ordinal: Field,
    /// 0-based line where the sentence starts.
    pub line: Field,
    /// Byte offset of the sentence in the source.
    pub start: Field,
    /// The sentence's block number within its source (a paragraph).
    pub block: Field,
    pub headline: Field,
    /// The sentence's prose, for excerpts.
    pub text: Field,
    /// The sentence's figures, serialized, with ranges relative to the sentence.
    pub figures: Field,
    /// Normalised terms and figure keys, with positions: BM25 retrieval,
    /// IDF, and phrase queries that find a quotation's words in order.
    pub terms: Field,
    /// Who says what in the sentence, serialized (`StoredSaid`).
    pub said: Field,
    /// The speakers of the sentence's reported words, by their fullest name
    /// in the source: the statements an entity card lists.
    pub speaker: Field,
    /// Orders sentences that score the same, by where they stand (a hash of
    /// the source's path, then the sentence's number), never by where
    /// tantivy happened to put them: the same files give the same order,
    /// however the index was built.
    pub order: Field,
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stored_u64 = NumericOptions::default().set_stored();
    let source = b.add_u64_field(
        "source",
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    let ordinal = b.add_u64_field("ordinal", stored_u64.clone());
    let line = b.add_u64_field("line", stored_u64.clone());
    let start = b.add_u64_field("start", stored_u64.clone());
    let block = b.add_u64_field("block", stored_u64.clone());
    let headline = b.add_u64_field("headline", stored_u64);
    let text = b.add_text_field("text", STORED);
    let figures = b.add_bytes_field("figures", STORED);
    // Terms are analysed by vouch itself and handed to tantivy joined by
    // spaces: cheaper than pre-tokenized values, which tantivy carries
    // through its documents as JSON. One positional field serves both
    // ranking and phrase queries; a second field of raw words cost 40% of
    // the cold build.
    let terms = b.add_text_field(
        "terms",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("whitespace")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    let said = b.add_bytes_field("said", STORED);
    let speaker = b.add_text_field("speaker", STRING);
    let order = b.add_u64_field(ORDER, NumericOptions::default().set_fast());
    let schema = b.build();
    (
        schema,
        Fields {
            source,
            ordinal,
            line,
            start,
            block,
            headline,
            text,
            figures,
            terms,
            said,
            speaker,
            order,
        },
    )
}
