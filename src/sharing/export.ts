/**
 * The open data: every notice as JSON (`/notices.json`, `/notices/<slug>.json`), its JSON Schema
 * generated from the one zod schema (src/notices/schema.ts), and the licence of the data.
 *
 * Versioning: `format_version` changes only when a change could break a re-use (a field removed,
 * renamed or of another type). Adding a field does not change it; re-users must ignore unknown
 * fields. The /donnees/ page documents all of it.
 */
import { z } from 'zod';
import { NOTICE_FIELDS, type FieldDoc } from '../notices/fields.ts';
import { createNoticeSchema, LINK_KEYS, NOTICE_KEYS, type Notice, type Vocabulary } from '../notices/schema.ts';
import { DATA_LICENCE_SHORT, DATA_LICENCE_URL } from './snippet.ts';
import { absolute, noticeLogoPath, noticePath, type SiteAddress } from './urls.ts';
import { SLUG_PATTERN } from '../notices/slug.ts';

export const FORMAT_VERSION = 1;
export const COLLECTION_PATH = '/notices.json';
export const COLLECTION_SCHEMA_PATH = '/notices.schema.json';
export const NOTICE_SCHEMA_PATH = '/notice.schema.json';
export const CSV_PATH = '/notices.csv';

/**
 * The notices' texts are written by contributors and moderators and published under CC BY-SA 4.0
 * (Framalibre's licence for its contents, the same as Wikipedia's, so texts can move between
 * them); the facts (names, licences, addresses) are free to use anyway.
 */
export const DATA_LICENCE = {
  id: 'CC-BY-SA-4.0',
  nom: 'Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International',
  abreviation: DATA_LICENCE_SHORT,
  url: DATA_LICENCE_URL,
  attribution: 'Framalibre, l’annuaire des logiciels libres de Framasoft, et ses contributeurices',
} as const;

/** Fields the export adds to a notice's own: documented like them (see src/notices/fields.ts). */
const EXPORT_ONLY_FIELDS = {
  slug: {
    label: 'Identifiant',
    description: 'Identifiant stable de la notice : nom du fichier et de l’adresse de la page (minuscules, chiffres, tirets).',
    kind: 'texte',
    required: true,
  },
  url: { label: 'Adresse', description: 'Adresse de la page de la notice sur Framalibre.', kind: 'adresse', required: true },
  logo_url: {
    label: 'Adresse du logo',
    description:
      'Adresse stable de l’image du logo (PNG carré de 256 pixels), quand la notice en a un : son propre fichier (clé logo), sinon l’icône de la marque tirée du paquet simple-icons (CC0), aux couleurs de la marque.',
    kind: 'adresse',
  },
  description_longue: { label: 'Description longue', description: 'Description longue de la notice, en Markdown (sans HTML).', kind: 'texte Markdown', required: true },
} as const satisfies Record<string, FieldDoc>;

/** Every exported field in the order of the export, with its documentation. */
export const EXPORTED_FIELDS: readonly [string, FieldDoc][] = [
  ['slug', EXPORT_ONLY_FIELDS.slug],
  ['url', EXPORT_ONLY_FIELDS.url],
  ...NOTICE_KEYS.flatMap((key): [string, FieldDoc][] =>
    key === 'logo'
      ? [
          [key, NOTICE_FIELDS[key]],
          ['logo_url', EXPORT_ONLY_FIELDS.logo_url],
        ]
      : [[key, NOTICE_FIELDS[key]]],
  ),
  ['description_longue', EXPORT_ONLY_FIELDS.description_longue],
];

const exportOnly = <K extends keyof typeof EXPORT_ONLY_FIELDS, T extends z.ZodType>(key: K, type: T) =>
  type.meta({ title: EXPORT_ONLY_FIELDS[key].label, description: EXPORT_ONLY_FIELDS[key].description });

const slugSchema = z.string().regex(SLUG_PATTERN);

/** One exported notice: the notice's own fields plus its slug, addresses and long description. */
export function exportedNoticeSchema(vocabulary: Vocabulary) {
  return createNoticeSchema(vocabulary).extend({
    slug: exportOnly('slug', slugSchema),
    url: exportOnly('url', z.url({ protocol: /^https?$/ })),
    logo_url: exportOnly('logo_url', z.url({ protocol: /^https?$/ })).optional(),
    description_longue: exportOnly('description_longue', z.string()),
  });
}

const licenceSchema = z.strictObject({
  id: z.string(),
  nom: z.string(),
  abreviation: z.string(),
  url: z.url(),
  attribution: z.string(),
});

/** `/notices.json`. */
export function collectionSchema(vocabulary: Vocabulary) {
  return z.strictObject({
    $schema: z.url().optional(),
    format_version: z.literal(FORMAT_VERSION),
    licence: licenceSchema,
    generated: z.iso.datetime(),
    count: z.int().min(0),
    notices: z.array(exportedNoticeSchema(vocabulary)),
  });
}

/** `/notices/<slug>.json`. */
export function noticeFileSchema(vocabulary: Vocabulary) {
  return z.strictObject({
    $schema: z.url().optional(),
    format_version: z.literal(FORMAT_VERSION),
    licence: licenceSchema,
    notice: exportedNoticeSchema(vocabulary),
    version: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .meta({
        description: 'Version du fichier de la notice (identifiant git du fichier) : le formulaire de modification la renvoie pour que seuls les champs changés soient proposés.',
      }),
  });
}

export type ExportedNotice = z.infer<ReturnType<typeof exportedNoticeSchema>>;

/** A notice as exported: slug and address first, then the fields in the canonical order. */
export function exportNotice(notice: Notice, site: SiteAddress | undefined): ExportedNotice {
  const out: Record<string, unknown> = { slug: notice.slug, url: absolute(noticePath(notice.slug), site) };
  const logo = noticeLogoPath(notice);
  for (const key of NOTICE_KEYS) {
    const value = notice.data[key];
    if (value !== undefined) out[key] = value;
    // Right after `logo`, even without one: a brand icon gives a logo_url to a notice with no logo file.
    if (key === 'logo' && logo) out.logo_url = absolute(logo, site);
  }
  out.description_longue = notice.body;
  return out as ExportedNotice;
}

/** The generation date: now, or SOURCE_DATE_EPOCH for reproducible builds. */
export function generationDate(env: Record<string, string | undefined> = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function exportCollection(notices: readonly Notice[], site: SiteAddress | undefined, generated = generationDate()) {
  return {
    $schema: absolute(COLLECTION_SCHEMA_PATH, site),
    format_version: FORMAT_VERSION,
    licence: DATA_LICENCE,
    generated,
    count: notices.length,
    notices: notices.map((notice) => exportNotice(notice, site)),
  };
}

export function exportNoticeFile(notice: Notice & { version: string }, site: SiteAddress | undefined) {
  return {
    $schema: absolute(NOTICE_SCHEMA_PATH, site),
    format_version: FORMAT_VERSION,
    licence: DATA_LICENCE,
    notice: exportNotice(notice, site),
    version: notice.version,
  };
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * zod's refinements (vocabularies, https only, no duplicates) cannot be expressed by
 * `z.toJSONSchema`; they are added back here. Titles and descriptions come from the fields'
 * `.meta()` (src/notices/fields.ts).
 */
function completeNoticeSchema(schema: JsonSchema, vocabulary: Vocabulary): JsonSchema {
  const properties = schema.properties ?? {};
  for (const property of Object.values(properties)) {
    if (property.type === 'array') property.uniqueItems = true;
  }
  for (const key of LINK_KEYS) {
    if (properties[key]) properties[key].pattern = '^https://[^\\s/]+\\.[^\\s]+$'; // no « format: uri »: addresses may keep their accents
  }
  if (properties.lien_wikipedia) properties.lien_wikipedia.pattern = '^https://[a-z-]+\\.wikipedia\\.org/wiki/.';
  for (const key of ['date_creation', 'date_modification', 'date_relecture'] as const) {
    if (properties[key]) properties[key].format = 'date';
  }
  const items = (key: string) => properties[key]?.items as Record<string, unknown> | undefined;
  if (items('etiquettes')) items('etiquettes')!.enum = [...vocabulary.etiquettes];
  if (items('plateformes')) items('plateformes')!.enum = [...vocabulary.plateformes];
  if (properties.licences) properties.licences.minItems = 1;
  return schema;
}

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as JsonSchema;
}

/** The JSON Schema of `/notices.json`, published at /notices.schema.json. */
export function collectionJsonSchema(vocabulary: Vocabulary, site: SiteAddress | undefined): JsonSchema {
  const schema = toJsonSchema(collectionSchema(vocabulary));
  const notices = schema.properties!.notices!;
  notices.items = completeNoticeSchema(notices.items as JsonSchema, vocabulary);
  notices.description = 'Toutes les notices, triées par nom.';
  schema.properties!.format_version!.description = 'Version du format : change seulement quand un changement peut casser une réutilisation.';
  schema.properties!.licence!.description = 'Licence des données.';
  schema.properties!.generated!.description = 'Date et heure de production du fichier (UTC).';
  schema.properties!.count!.description = 'Nombre de notices.';
  return {
    $schema: schema.$schema,
    $id: absolute(COLLECTION_SCHEMA_PATH, site),
    title: 'Notices de Framalibre',
    description: `Toutes les notices de l’annuaire Framalibre. Documentation : ${absolute('/donnees/', site)}`,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The JSON Schema of `/notices/<slug>.json`, published at /notice.schema.json. */
export function noticeFileJsonSchema(vocabulary: Vocabulary, site: SiteAddress | undefined): JsonSchema {
  const schema = toJsonSchema(noticeFileSchema(vocabulary));
  schema.properties!.notice = completeNoticeSchema(schema.properties!.notice as JsonSchema, vocabulary);
  return {
    $schema: schema.$schema,
    $id: absolute(NOTICE_SCHEMA_PATH, site),
    title: 'Une notice de Framalibre',
    description: `Une notice de l’annuaire Framalibre. Documentation : ${absolute('/donnees/', site)}`,
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
