/**
 * boilerstrip: label every line of a scraped article body, navigation,
 * advertisement or disclaimer, and keep the body.
 */
export { CLASSES, LABELS, type ContentLabel, type Label, type LabelledLine, type InputLine, type DomFeatures, type Scores } from './types.js';
export { BoilerstripError, ERROR_CODES, type ErrorCode, type Position } from './errors.js';
export { labelLines, cleanText, labelBytes, labelByteBatches, cleanByteBatches, labelDocument, keptLines, Labeller, type CleanOptions } from './pipeline.js';
export { labelHtml, labelText, extractHtml, processPage, documentConfidence, type DocumentOptions, type DocumentResult, type HtmlLabelOptions, type PageFormat } from './document.js';
export { createLabelStream, createCleanStream, type LabelStream, type CleanStream } from './node.js';
export { LineSplitter, splitLines, type LineBreaks, type LinePosition, type LongLines, type SplitWarning, type SplitterOptions } from './split.js';
export { lineFeatures, lineFeatureVector, type Features } from './features.js';
export { FEATURE_NAMES, CONTEXT_FEATURE_NAMES, F, C, toRecord, fromRecord, type FeatureVector, type FeatureName, type ContextFeatureName } from './schema.js';
export { firstLabel } from './classify.js';
export { defaultModel, htmlModel, markdownModel, readabilityModel, parseModel, type Model } from './model.js';
export { Lexicon, defaultLexicon, loadLexiconData } from './lexicon.js';
export { resolveOptions, type LabelOptions } from './options.js';
export { RepetitionSketch, countsForSite, runCountsOnly, MIN_SITE_DOCUMENTS, MAX_SITE_PAIR_SLOTS, MAX_SKETCH_COUNTERS, type RepetitionCounts, type CountedWith } from './repetition.js';
export { recordSite, siteOfUrl, DEFAULT_SITE_FIELDS } from './json/page.js';
export { htmlSite } from './html/site.js';
export { htmlToLines, type HtmlOptions } from './html/lines.js';
export { decodeHtml, type DecodedHtml, type CharsetSource } from './html/charset.js';
export { readJsonl, readJsonArray, pickPage, toJsonlLine, JsonNumber, type RecordEvent } from './json/records.js';
export { readWarc, WARC_PAGE_FIELD, type ReadWarcOptions, type WarcPageCounts, type WarcPageEvent, type WarcPage } from './warc/pages.js';
export { computeMetrics, runCase, parseGolden, type Metrics } from './check.js';
