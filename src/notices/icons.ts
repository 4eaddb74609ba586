/**
 * Brand icons from the `simple-icons` npm package (CC0, version pinned in package.json): a notice
 * without a logo of its own gets the icon of its software, filled with the brand colour the
 * package gives. A notice matches an icon by its slug, its `nom` or one of its `autres_noms`,
 * compared after folding case, accents and punctuation; content/icones.yaml adds the reviewed
 * exceptions (a name that does not match, a match that is another brand). A logo file added by
 * a moderator (`logo:`) always wins.
 *
 * Plain TypeScript (no Astro import): the pages, the exports, the build step and the tests use
 * the same function, so a notice has the same logo everywhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { contentDir } from './paths.ts';
import { parseYaml } from './notice-file.ts';
import type { NoticeData } from './schema.ts';
import type { Problem } from './problems.ts';
import { SLUG_PATTERN } from './slug.ts';

export interface BrandIcon {
  slug: string;
  title: string;
  /** Brand colour, six hex digits without « # ». */
  hex: string;
}

interface IconRecord {
  title: string;
  slug?: string;
  hex: string;
  aliases?: { aka?: string[]; dup?: { title: string }[]; loc?: Record<string, string> };
}

/**
 * Where the package lives. Resolved from the working directory (the project root, as for the
 * content): once Astro has bundled this module, `import.meta.url` may point into the output folder.
 */
function packageDir(): string {
  for (const base of [path.join(process.cwd(), 'package.json'), import.meta.url]) {
    try {
      return path.dirname(path.dirname(createRequire(base).resolve('simple-icons/icons.json')));
    } catch {
      // try the next base
    }
  }
  throw new Error('le paquet npm simple-icons est introuvable : lancer « npm install »');
}
export const SIMPLE_ICONS_DIR = packageDir();
export const SIMPLE_ICONS_VERSION: string = (JSON.parse(readFileSync(path.join(SIMPLE_ICONS_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/** The simple-icons rule for file names (sdk.mjs `titleToSlug`), needed when `slug` is absent. */
function titleToSlug(title: string): string {
  const replacements: Record<string, string> = { '+': 'plus', '.': 'dot', '&': 'and', đ: 'd', ħ: 'h', ı: 'i', ĸ: 'k', ŀ: 'l', ł: 'l', ß: 'ss', ŧ: 't', ø: 'o' };
  return title
    .toLowerCase()
    .replace(/[+.&đħıĸŀłßŧø]/g, (c) => replacements[c] ?? c)
    .normalize('NFD')
    .replace(/[^a-z\d]/g, '');
}

/**
 * The key two names are compared by: case, accents, spaces and punctuation folded, « + » kept as
 * « plus » (Notepad++ is not Notepad).
 */
export function iconKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/[^a-z0-9]/g, '');
}

let icons: Map<string, BrandIcon> | undefined;
let byKey: Map<string, BrandIcon> | undefined;

/** Every icon of the package, by its simple-icons slug. */
export function brandIcons(): Map<string, BrandIcon> {
  if (icons) return icons;
  const records = JSON.parse(readFileSync(path.join(SIMPLE_ICONS_DIR, 'data', 'simple-icons.json'), 'utf8')) as IconRecord[];
  icons = new Map();
  byKey = new Map();
  const aliases: [string, BrandIcon][] = [];
  for (const record of records) {
    const icon: BrandIcon = { slug: record.slug ?? titleToSlug(record.title), title: record.title, hex: record.hex.toUpperCase() };
    icons.set(icon.slug, icon);
    // Titles first: an alias of one brand never takes the exact title of another.
    if (!byKey.has(iconKey(record.title))) byKey.set(iconKey(record.title), icon);
    for (const name of [...(record.aliases?.aka ?? []), ...Object.values(record.aliases?.loc ?? {})]) aliases.push([iconKey(name), icon]);
  }
  for (const [key, icon] of aliases) if (key && !byKey.has(key)) byKey.set(key, icon);
  for (const icon of icons.values()) if (!byKey.has(icon.slug)) byKey.set(icon.slug, icon);
  return icons;
}

/** The reviewed exceptions of content/icones.yaml. */
export interface IconRules {
  /** Notice slug → simple-icons slug, for names that do not match by themselves. */
  correspondances: Record<string, string>;
  /** Notice slugs whose automatic match is another brand: they keep their monogram. */
  exclusions: string[];
}

export const iconRulesSchema = z.strictObject(
  {
    correspondances: z.record(z.string().regex(SLUG_PATTERN, 'doit être le slug d’une notice'), z.string().min(1, 'ne doit pas être vide')).default({}),
    exclusions: z.array(z.string().regex(SLUG_PATTERN, 'doit être le slug d’une notice')).default([]),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé inconnue : ${issue.keys.join(', ')} (clés possibles : correspondances, exclusions)`
        : 'le fichier doit contenir les clés « correspondances » et « exclusions »',
  },
);

export function iconRulesFile(root = contentDir()): string {
  return path.join(root, 'icones.yaml');
}

/** Parses and checks the rules; every problem names the entry, in French. */
export function checkIconRules(text: string, slugs: ReadonlySet<string> | undefined, file = 'content/icones.yaml'): { rules: IconRules; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ code: 'icone-regle-invalide', file, field, level: 'erreur', message });
  const empty: IconRules = { correspondances: {}, exclusions: [] };
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (error) {
    add('fichier', `YAML illisible : ${(error as Error).message.split('\n')[0]}`);
    return { rules: empty, problems };
  }
  const result = iconRulesSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) add(issue.path.map(String).join(' : ') || 'fichier', issue.message);
    return { rules: empty, problems };
  }
  const rules = result.data;
  for (const [notice, icon] of Object.entries(rules.correspondances)) {
    if (!brandIcons().has(icon))
      add(
        `correspondances : ${notice}`,
        `« ${icon} » n’est pas une icône du paquet simple-icons ${SIMPLE_ICONS_VERSION} (nom du fichier dans node_modules/simple-icons/icons/, sans « .svg »)`,
      );
    if (slugs && !slugs.has(notice)) add(`correspondances : ${notice}`, `la notice « ${notice} » n’existe pas`);
    if (rules.exclusions.includes(notice)) add(`correspondances : ${notice}`, 'cette notice est aussi dans les exclusions : choisir l’un ou l’autre');
  }
  for (const notice of rules.exclusions) if (slugs && !slugs.has(notice)) add(`exclusions : ${notice}`, `la notice « ${notice} » n’existe pas`);
  return { rules, problems };
}

let cachedRules: { file: string; rules: IconRules } | undefined;

/** The rules of the content folder (absent file: no exception). Invalid rules stop the build. */
export function loadIconRules(file = iconRulesFile()): IconRules {
  if (cachedRules?.file === file) return cachedRules.rules;
  let rules: IconRules = { correspondances: {}, exclusions: [] };
  if (existsSync(file)) {
    const checked = checkIconRules(readFileSync(file, 'utf8'), undefined, path.relative(process.cwd(), file));
    if (checked.problems.length > 0) throw new Error(checked.problems.map((p) => `${p.file} : ${p.field} : ${p.message}`).join('\n'));
    rules = checked.rules;
  }
  cachedRules = { file, rules };
  return rules;
}

/** Checks content/icones.yaml for `npm run validate`. */
export function validateIconRules(slugs: ReadonlySet<string>, file = iconRulesFile()): Problem[] {
  if (!existsSync(file)) return [];
  return checkIconRules(readFileSync(file, 'utf8'), slugs, path.relative(process.cwd(), file)).problems;
}

const matches = new WeakMap<IconRules, Map<string, BrandIcon | null>>();
/** Past this many names, the memory of `matchIcon` starts again (a long-running server sees many). */
const MATCHES_KEPT = 100_000;

/**
 * The brand icon of a notice, if the package has one and no rule excludes it. Remembered per set of
 * rules and names: a build asks again for every card, page and export that shows the notice (at
 * 10,000 notices, 0.9 s of a cold build went to folding the same names again).
 */
export function matchIcon(notice: { slug: string; data: Pick<NoticeData, 'nom' | 'autres_noms'> }, rules: IconRules = loadIconRules()): BrandIcon | undefined {
  let known = matches.get(rules);
  if (!known || known.size > MATCHES_KEPT) {
    known = new Map();
    matches.set(rules, known);
  }
  const key = [notice.slug, notice.data.nom, ...(notice.data.autres_noms ?? [])].join('\n');
  const remembered = known.get(key);
  if (remembered !== undefined) return remembered ?? undefined;
  const icon = findIcon(notice, rules);
  known.set(key, icon ?? null);
  return icon;
}

function findIcon(notice: { slug: string; data: Pick<NoticeData, 'nom' | 'autres_noms'> }, rules: IconRules): BrandIcon | undefined {
  const all = brandIcons();
  const mapped = Object.hasOwn(rules.correspondances, notice.slug) ? rules.correspondances[notice.slug] : undefined;
  if (mapped) return all.get(mapped);
  if (rules.exclusions.includes(notice.slug)) return undefined;
  for (const name of [notice.slug, notice.data.nom, ...(notice.data.autres_noms ?? [])]) {
    const icon = byKey!.get(iconKey(name));
    if (icon) return icon;
  }
  return undefined;
}

/** Where a notice's logo comes from. */
export type NoticeLogoSource = { kind: 'fichier'; file: string } | { kind: 'simple-icons'; icon: BrandIcon };

/** The logo a notice shows: its own file first, else its brand icon, else none (monogram). */
export function noticeLogoSource(notice: { slug: string; data: Pick<NoticeData, 'nom' | 'autres_noms' | 'logo'> }, rules?: IconRules): NoticeLogoSource | undefined {
  if (notice.data.logo) return { kind: 'fichier', file: notice.data.logo };
  const icon = matchIcon(notice, rules);
  return icon ? { kind: 'simple-icons', icon } : undefined;
}

/**
 * The logo as a file name for the URL helpers (src/notices/logos.ts `logoUrls`): the notice's own
 * file, or `<slug>.svg` for a brand icon, published as `/images/logo/<slug>.png`.
 */
export function noticeLogo(notice: { slug: string; data: Pick<NoticeData, 'nom' | 'autres_noms' | 'logo'> }, rules?: IconRules): string | undefined {
  const source = noticeLogoSource(notice, rules);
  if (!source) return undefined;
  return source.kind === 'fichier' ? source.file : `${notice.slug}.svg`;
}

/** WCAG relative luminance of a hex colour. */
function luminance(hex: string): number {
  const channels = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/**
 * The icon as a standalone SVG: the glyph in its brand colour with a margin. A colour too pale to
 * be seen on the site's white background (contrast below 1.6:1, e.g. a white or pale yellow
 * brand) is drawn on a dark rounded tile instead, so the logo never vanishes.
 */
export function iconSvg(icon: BrandIcon, pathData: string, size = 256): string {
  const pale = 1.05 / (luminance(icon.hex) + 0.05) < 1.6;
  const tile = pale ? '<rect x="-3" y="-3" width="30" height="30" rx="5" fill="#1f2328"/>' : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="-3 -3 30 30">${tile}<path fill="#${icon.hex}" d="${pathData}"/></svg>`;
}

/** The path of an icon, read from the package's SVG file. */
export function iconPath(icon: BrandIcon): string {
  const svg = readFileSync(path.join(SIMPLE_ICONS_DIR, 'icons', `${icon.slug}.svg`), 'utf8');
  const match = /<path d="([^"]+)"/.exec(svg);
  if (!match) throw new Error(`icône simple-icons illisible : ${icon.slug}`);
  return match[1]!;
}
