/**
 * Deterministic generator of plausible notices for the benchmarks: the same seed always writes the
 * same files. Names, étiquettes (from the vocabulary), licences, plateformes, langues,
 * alternative_a, createurices, dates and a body of a few French sentences all vary; one notice in
 * `logoEvery` gets a logo drawn with sharp (PNG, or an SVG to be rasterised at build), so that the
 * build's image processing is exercised.
 *
 *   node bench/generate-notices.ts --out DIR [--count 10000] [--seed 1] [--logo-every 100]
 *
 * DIR becomes a content folder (FRAMALIBRE_CONTENT): DIR/notices/*.md, DIR/notices/logos/, and a
 * copy of content/etiquettes.yaml and content/plateformes.yaml.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { writeNoticeFile } from '../src/notices/notice-file.ts';
import { slugify } from '../src/notices/slug.ts';
import { loadVocabularies } from '../src/notices/vocabulary.ts';

/** mulberry32: small, fast, good enough, and the same everywhere. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ra',
  'te',
  'vo',
  'su',
  'ne',
  'pa',
  'di',
  'fo',
  'gu',
  'ri',
  'sa',
  'to',
  'zé',
  'bé',
  'no',
  'li',
  'cro',
  'tra',
  'flu',
  'gri',
  'pho',
  'xa',
  'qui',
  'ven',
  'mar',
  'sol',
  'bri',
];
const SUFFIXES = [
  '',
  '',
  '',
  '',
  ' Studio',
  ' Pad',
  ' Notes',
  ' Cloud',
  ' Office',
  ' Player',
  ' Draw',
  ' Sync',
  ' Chat',
  ' Maps',
  ' Box',
  ' Lab',
  ' Desk',
  ' Forms',
  ' Mail',
  ' Photo',
  '++',
  ' Libre',
  ' Edu',
  ' Kids',
];
const LICENCES: [string, number][] = [
  ['GPL-3.0-or-later', 30],
  ['GPL-2.0-or-later', 12],
  ['GPL-3.0-only', 6],
  ['AGPL-3.0-or-later', 12],
  ['MIT', 18],
  ['Apache-2.0', 12],
  ['MPL-2.0', 6],
  ['LGPL-2.1-or-later', 5],
  ['BSD-3-Clause', 5],
  ['EUPL-1.2', 2],
  ['CECILL-2.1', 2],
  ['MPL-2.0 OR Apache-2.0', 1],
  ['Apache-2.0 OR MIT', 2],
  ['GPL-2.0-only WITH Classpath-exception-2.0', 1],
  ['ISC', 1],
];
const PLATFORM_SETS: [string[], number][] = [
  [['GNU/Linux', 'Windows', 'macOS'], 30],
  [['GNU/Linux', 'Windows', 'macOS', 'BSD'], 6],
  [['Android'], 8],
  [['Android', 'iOS'], 10],
  [['Web', 'Serveur'], 18],
  [['Web'], 8],
  [['GNU/Linux'], 8],
  [['Windows'], 3],
  [['GNU/Linux', 'Windows', 'macOS', 'Android', 'iOS'], 6],
  [['Serveur'], 3],
];
const LANGUES = ['en', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'ja', 'zh', 'ru', 'ca', 'eo', 'br', 'oc'];
const PROPRIETARY = [
  'Adobe Photoshop',
  'Adobe Illustrator',
  'Adobe Premiere Pro',
  'Microsoft Word',
  'Microsoft Excel',
  'Microsoft PowerPoint',
  'Microsoft Teams',
  'Microsoft OneNote',
  'Google Docs',
  'Google Drive',
  'Google Forms',
  'Google Maps',
  'Dropbox',
  'WhatsApp',
  'Skype',
  'Zoom',
  'Slack',
  'Trello',
  'Evernote',
  'Doodle',
  'Spotify',
  'Netflix',
  'YouTube',
  'Instagram',
  'X (Twitter)',
  'Facebook',
  'Discord',
  'Notion',
  'Canva',
  'AutoCAD',
  'SketchUp',
  'Final Cut Pro',
  'Gmail',
  'Outlook',
  'iCloud',
  'WinRAR',
  '1Password',
  'LastPass',
  'Chrome',
  'Kindle',
  'Steam',
  'Minecraft',
  'Shazam',
  'Deezer',
  'Pocket',
  'Feedly',
  'Calendly',
];
const ORGANISATIONS = [
  'Association Libre Ensemble',
  'Collectif Logiciels Communs',
  'Fondation Code Ouvert',
  'Université de Lyon',
  'Coopérative Numérique',
  'Camille Martin',
  'Léa Dubois',
  'Yannick Le Goff',
  'Équipe KDE',
  'Projet GNOME',
];
const OPENINGS = [
  '{nom} sert à {usage} sans dépendre d’un service commercial.',
  'Avec {nom}, on peut {usage} depuis son propre ordinateur.',
  'Pensé pour les associations comme pour les particuliers, {nom} permet de {usage}.',
  '{nom} est un logiciel libre pour {usage}, maintenu par une petite communauté active.',
  'Besoin de {usage} ? {nom} répond à ce besoin avec une interface sobre.',
];
const MIDDLES = [
  'Son interface est traduite en français et reste lisible sur un petit écran.',
  'La prise en main demande un peu de temps, mais la documentation est claire.',
  'Il fonctionne hors connexion et synchronise les données quand le réseau revient.',
  'Les fichiers restent dans des formats ouverts, faciles à reprendre ailleurs.',
  'Une version mobile existe, avec un peu moins de fonctions que la version de bureau.',
  'Il faut un serveur pour l’installer, ou passer par un hébergeur des CHATONS.',
  'Des extensions ajoutent des fonctions, mais le cœur suffit à la plupart des usages.',
  'Les mises à jour sont régulières et les anciennes versions restent disponibles.',
  'On peut l’essayer en ligne avant de l’installer.',
  'Aucun compte n’est demandé pour commencer.',
];
const ENDINGS = [
  'À conseiller à qui veut reprendre la main sur ses outils.',
  'Un bon point de départ pour découvrir le logiciel libre.',
  'Pour aller plus loin, le forum de la communauté répond vite.',
  'Il remplace sans peine un outil propriétaire bien connu.',
  '',
];

const MARKER = '.notices-generees';

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function weighted<T>(rand: () => number, list: readonly [T, number][]): T {
  const total = list.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = rand() * total;
  for (const [value, weight] of list) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return list[list.length - 1]![0];
}

function sample<T>(rand: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list];
  const out: T[] = [];
  while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]!);
  return out;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function isoDate(rand: () => number, fromYear: number, toYear: number): string {
  const day = new Date(Date.UTC(fromYear, 0, 1) + Math.floor(rand() * (toYear - fromYear + 1) * 365) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** An SVG logo: a rounded square of one colour with a circle or a triangle of another. */
function logoSvg(rand: () => number, initial: string): string {
  const hue = Math.floor(rand() * 360);
  const shape =
    rand() < 0.5
      ? `<circle cx="256" cy="256" r="${120 + Math.floor(rand() * 80)}" fill="hsl(${(hue + 180) % 360},70%,60%)"/>`
      : `<polygon points="256,70 450,420 62,420" fill="hsl(${(hue + 120) % 360},65%,55%)"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">` +
    `<rect width="512" height="512" rx="96" fill="hsl(${hue},60%,40%)"/>${shape}` +
    `<text x="256" y="300" font-family="sans-serif" font-size="160" text-anchor="middle" fill="#fff">${initial}</text></svg>`
  );
}

export interface GenerateOptions {
  /** Content folder to create (emptied first). */
  dir: string;
  count: number;
  seed?: number;
  /** One notice in `logoEvery` gets a logo (0: none). */
  logoEvery?: number;
  /** Where to copy the vocabularies from. */
  vocabularyDir?: string;
  /** AAAA-MM-JJ written in date_modification for every notice. */
  today?: string;
  /**
   * An awesome-selfhosted-data folder: bodies and one-liners then draw on its ~1.3k real
   * descriptions and its tags' descriptions (a realistic vocabulary of thousands of words) instead
   * of the few fixed French sentences, whose tiny vocabulary puts every word in every notice.
   */
  realisticText?: string;
}

/** Real sentences (descriptions of software and of tags), in a fixed order. */
function realisticSentences(dataDir: string): { descriptions: string[]; tags: string[] } {
  const read = (sub: string) =>
    readdirSync(path.join(dataDir, sub))
      .filter((name) => name.endsWith('.yml'))
      .sort()
      .map((name) => readFileSync(path.join(dataDir, sub, name), 'utf8'));
  const field = (text: string, key: string) => {
    const match = new RegExp(`^${key}: (.*)$`, 'm').exec(text);
    return match
      ? match[1]!
          .replace(/^['"]|['"]$/g, '')
          .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
          .trim()
      : '';
  };
  return {
    descriptions: read('software')
      .map((t) => field(t, 'description'))
      .filter((d) => d.length > 20),
    tags: read('tags')
      .map((t) => `${field(t, 'name')}. ${field(t, 'description')}`)
      .filter((d) => d.length > 20),
  };
}

export interface Generated {
  notices: number;
  logos: number;
  noticesDir: string;
}

export async function generateNotices(options: GenerateOptions): Promise<Generated> {
  const rand = random(options.seed ?? 1);
  const vocabularyDir = options.vocabularyDir ?? 'content';
  const { etiquettes } = loadVocabularies(vocabularyDir);
  const noticesDir = path.join(options.dir, 'notices');
  const logosDir = path.join(noticesDir, 'logos');
  // Emptied first, so refuse any folder this generator did not create (a typo must not erase content/).
  if (existsSync(options.dir) && readdirSync(options.dir).length > 0 && !existsSync(path.join(options.dir, MARKER))) {
    throw new Error(`${options.dir} existe et n’a pas été créé par ce générateur : choisir un autre dossier`);
  }
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(logosDir, { recursive: true });
  writeFileSync(path.join(options.dir, MARKER), 'Notices générées par bench/generate-notices.ts : ce dossier est effacé à chaque génération.\n');
  for (const file of ['etiquettes.yaml', 'plateformes.yaml']) copyFileSync(path.join(vocabularyDir, file), path.join(options.dir, file));

  const realistic = options.realisticText ? realisticSentences(options.realisticText) : undefined;
  const slugs = new Set<string>();
  const logoEvery = options.logoEvery ?? 100;
  let logos = 0;
  for (let i = 0; i < options.count; i++) {
    let nom = '';
    let slug = '';
    for (let attempt = 0; !slug || slugs.has(slug); attempt++) {
      const syllables = 2 + Math.floor(rand() * 3);
      const base = Array.from({ length: syllables }, () => pick(rand, SYLLABLES)).join('');
      nom = `${capitalize(base)}${pick(rand, SUFFIXES)}${attempt > 3 ? ` ${attempt}` : ''}`;
      slug = slugify(nom);
    }
    slugs.add(slug);
    const tags = sample(rand, etiquettes, 2 + Math.floor(rand() * 3));
    const usage = tags[0]!.description.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase());
    const plateformes = weighted(rand, PLATFORM_SETS);
    const alternatives = rand() < 0.6 ? sample(rand, PROPRIETARY, 1 + Math.floor(rand() * 3)) : [];
    const created = isoDate(rand, 2016, 2025);
    const real = realistic ? sample(rand, realistic.descriptions, 3) : [];
    const body = [
      ...(realistic ? [...real, pick(rand, realistic.tags)] : []),
      pick(rand, OPENINGS)
        .replace('{nom}', nom)
        .replace('{usage}', usage.charAt(0).toLowerCase() + usage.slice(1)),
      ...sample(rand, MIDDLES, 1 + Math.floor(rand() * 3)),
      alternatives.length > 0 ? `Il peut remplacer ${alternatives.join(', ')} pour la plupart des usages courants.` : '',
      pick(rand, ENDINGS),
    ]
      .filter(Boolean)
      .join(' ');
    const hasLogo = logoEvery > 0 && i % logoEvery === 0;
    let logo: string | undefined;
    if (hasLogo) {
      const svg = logoSvg(rand, nom.charAt(0).toUpperCase());
      if (logos % 5 === 4) {
        logo = `${slug}.svg`;
        writeFileSync(path.join(logosDir, logo), svg);
      } else {
        logo = `${slug}.png`;
        await sharp(Buffer.from(svg)).png().toFile(path.join(logosDir, logo));
      }
      logos++;
    }
    const data: Record<string, unknown> = {
      nom,
      description_courte: (realistic ? real[0]! : `${tags[0]!.libelle} : ${nom} aide à ${usage.charAt(0).toLowerCase()}${usage.slice(1)}.`).slice(0, 200),
      licences: [weighted(rand, LICENCES)],
      site_web: `https://${slug}.example.org/`,
      code_source: `https://framagit.org/${slug}/${slug}`,
      logo,
      plateformes,
      langues: ['fr', ...sample(rand, LANGUES, Math.floor(rand() * 5))],
      etiquettes: tags.map((tag) => tag.id),
      alternative_a: alternatives,
      createurices: rand() < 0.7 ? [pick(rand, ORGANISATIONS)] : undefined,
      mis_en_avant: rand() < 0.01 ? true : undefined,
      date_creation: created,
      date_modification: options.today ?? '2026-11-21',
    };
    writeFileSync(path.join(noticesDir, `${slug}.md`), writeNoticeFile(data, body));
  }
  return { notices: options.count, logos, noticesDir };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      count: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      'logo-every': { type: 'string', default: '100' },
    },
  });
  if (!values.out) {
    console.error('Usage : node bench/generate-notices.ts --out DOSSIER [--count 10000] [--seed 1] [--logo-every 100]');
    process.exit(2);
  }
  const started = performance.now();
  const result = await generateNotices({ dir: values.out, count: Number(values.count), seed: Number(values.seed), logoEvery: Number(values['logo-every']) });
  console.log(`${result.notices} notices et ${result.logos} logos écrits dans ${result.noticesDir} (${Math.round(performance.now() - started)} ms)`);
}
