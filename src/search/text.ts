/** A rendered notice body as plain words, for the ranking's text field (what Pagefind indexes). */
export const htmlToText = (html: string): string =>
  html.replace(/<[^>]*>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ').replace(/\s+/g, ' ').trim();
