/**
 * One micromark parser per set of syntax extensions, reused for every text. micromark's own
 * `micromark()` and `parse()` combine the extensions anew on each call (micromark/lib/parse.js),
 * and that combining was most of the cost of checking a short contributor text. A parser keeps
 * per-document state: the definitions seen (`defined`), the lazy lines (`lazy`), and whatever an
 * extension adds (GFM's footnotes add `gfmFootnotes`). Before each document both are emptied and
 * every key added since the parser was made is removed, so nothing of one text reaches the next
 * (tests/unit/micromark-parser.test.ts compares with micromark() over sequences of documents).
 * micromark is synchronous, so one parser never serves two documents at once. No Node import:
 * the form's live check uses it too.
 */
import { compile, parse, postprocess, preprocess } from 'micromark';
import type { CompileOptions, Event, Extension } from 'micromark-util-types';

export type MarkdownEvents = (markdown: string) => Event[];

/** A function from Markdown to micromark's events, with `extensions` combined once. */
export function reusableParser(extensions: Extension[]): MarkdownEvents {
  const parser = parse({ extensions });
  const ownKeys = new Set(Object.keys(parser));
  const state = parser as unknown as Record<string, unknown>;
  return (markdown) => {
    for (const key of Object.keys(state)) if (!ownKeys.has(key)) delete state[key];
    parser.defined = [];
    parser.lazy = {};
    return postprocess(parser.document().write(preprocess()(markdown, undefined, true)));
  };
}

/** A function from Markdown to HTML: what `micromark(markdown, options)` returns, parser reused. */
export function reusableRenderer(options: CompileOptions & { extensions: Extension[] }): (markdown: string) => string {
  const events = reusableParser(options.extensions);
  return (markdown) => compile(options)(events(markdown));
}
