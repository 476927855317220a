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
    /// The source's id (indexed, for deleting a source's sentences and
    /// listing them).
    pub source: Field,
    /// The whole sentence as a check reads it back, in one stored value
    /// (`SourceSentence` in postcard): where it stands, its prose, its
    /// figures and who says what in it. One value instead of one per part:
    /// tantivy writes a field number and a type code before each stored
    /// value, eight bytes for each number, and walks a document's values
    /// once for each of its writers.
    pub sentence: Field,
    /// Normalised terms and figure keys, with positions: BM25 retrieval,
    /// IDF, and phrase queries that find a quotation's words in order.
    pub terms: Field,
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
    let source = b.add_u64_field("source", NumericOptions::default().set_indexed());
    let sentence = b.add_bytes_field("sentence", STORED);
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
    let speaker = b.add_text_field("speaker", STRING);
    let order = b.add_u64_field(ORDER, NumericOptions::default().set_fast());
    let schema = b.build();
    (
        schema,
        Fields {
            source,
            sentence,
            terms,
            speaker,
            order,
        },
    )
}
