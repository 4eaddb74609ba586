/**
 * A notice without logo gets a monogram: its initials on a colour picked from its name, so the
 * same notice always looks the same (on the site and in mini-site snippets). Every colour keeps
 * white text above 4.5:1 contrast. No other import: browser bundles stay light.
 */
export const MONOGRAM_COLOURS = ['#6a4a8c', '#a3400e', '#1d6b5f', '#305f9e', '#8a3b62', '#5b6016', '#7a4b1e', '#3d5a80'];

/** The position of a monogram's colour in the palette: src/styles/long-lists.css has a class for each. */
export function monogramColourIndex(colour: string): number {
  return MONOGRAM_COLOURS.indexOf(colour);
}

export function monogram(nom: string): { letters: string; colour: string } {
  const words = nom
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const letters = (words.length > 1 ? words[0]!.charAt(0) + words[1]!.charAt(0) : (words[0] ?? '?').charAt(0)).toUpperCase();
  let hash = 0;
  for (const char of nom) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return { letters, colour: MONOGRAM_COLOURS[hash % MONOGRAM_COLOURS.length]! };
}
