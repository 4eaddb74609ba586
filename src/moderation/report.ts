/**
 * The moderators' report on a merge request, in French, for people who are not developers: is
 * the proposal valid (and if not, why), what changes field by field, possible duplicates, do the
 * site and source addresses answer, what the logo looks like, and the link to the preview.
 *
 * Two steps, one folder: `collectReport` (report/collect.ts) gathers the facts (git, validation,
 * network through an injectable link checker); `renderReport` (report/render.ts, one notice's part
 * in report/notice.ts) turns them into Markdown — a pure function, tested on fixtures and compared
 * byte for byte with tests/fixtures/moderation/rapports/. The shapes are in report/data.ts.
 */
export { type CollectOptions, collectReport } from './report/collect.ts';
export { type CheckedLink, type NoticeSection, REPORT_MARKER, type ReportData } from './report/data.ts';
export { MAX_REPORT_LENGTH, renderReport } from './report/render.ts';
