/**
 * The notice schema: the single source of truth for what a notice holds. The Astro content
 * collection, `npm run validate`, the contribution handler, the importer and the JSON export all
 * build on it; types are derived from it. Messages are French and name what is wrong; the field
 * itself is added by `describeIssues` (errors.ts).
 *
 * The schema is a factory because two of its lists (étiquettes, plateformes) come from vocabulary
 * files: Node code loads them with vocabulary.ts, browser code receives them embedded in the page.
 */
import { z } from 'zod';
import { checkLicence } from './licences.ts';
import { NOTICE_FIELDS, NOTICE_KEYS, type NoticeKey } from './fields.ts';
import { textProblem } from './text.ts';

export { MODERATOR_ONLY_KEYS, NOTICE_KEYS, type NoticeKey } from './fields.ts';

/** The keys holding web addresses (checked by moderation, published as https patterns). */
export const LINK_KEYS = ['site_web', 'code_source', 'lien_wikipedia'] as const satisfies readonly NoticeKey[];

export const DESCRIPTION_COURTE_MAX = NOTICE_FIELDS.description_courte.max;
export const LOGO_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'svg'] as const;

export interface Vocabulary {
  etiquettes: readonly string[];
  plateformes: readonly string[];
}

/** zod's type error in French: « champ obligatoire » or « doit être … ». */
export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'champ obligatoire' : `doit être ${what}`),
});

/** A one-line text of at most `max` characters, without invisible characters. */
export const text = (max: number) =>
  z.string(expected('un texte')).trim().min(1, 'ne doit pas être vide').max(max, `${max} caractères au plus`).superRefine(refuseUnsafeCharacters);

/** Control, bidi and zero-width characters, and line breaks: see text.ts. */
function refuseUnsafeCharacters(value: string, ctx: z.RefinementCtx): void {
  const problem = textProblem(value, 'line');
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
}

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .array(item, expected(`une liste de ${what}`))
    .max(50, '50 éléments au plus')
    .refine((list) => new Set(list.map((v) => v.toLowerCase())).size === list.length, 'contient un doublon');

/**
 * https only: zod's `url()` accepts `javascript:` and plain http is refused by browsers' mixed
 * content rules on an https site anyway.
 */
export const httpsUrl = z
  .string(expected('une adresse web'))
  .trim()
  .max(NOTICE_FIELDS.site_web.max, `${NOTICE_FIELDS.site_web.max} caractères au plus`)
  .superRefine(refuseUnsafeCharacters)
  .refine((value) => !/\s/u.test(value), 'ne doit pas contenir d’espace (une seule adresse, sans texte autour)')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.hostname.includes('.') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'doit être une adresse complète commençant par https:// (par exemple https://exemple.org/)');

export const isoDate = z
  .string(expected('une date AAAA-MM-JJ'))
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'doit être une date au format AAAA-MM-JJ')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'n’est pas une date qui existe');

const languageCode = z
  .string(expected('un code de langue'))
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'doit être un code de langue comme « fr », « en » ou « pt-BR »', abort: true })
  .refine((code) => {
    try {
      return Intl.getCanonicalLocales(code).length === 1;
    } catch {
      return false;
    }
  }, 'n’est pas un code de langue valide');

const licence = z
  .string(expected('un identifiant SPDX'))
  .trim()
  .superRefine((value, ctx) => {
    const result = checkLicence(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message ?? 'licence refusée', input: value });
  });

/** A field's zod type carrying its French label and description (fields.ts). */
function field<T extends z.ZodType>(key: NoticeKey, type: T): T {
  return type.meta({ title: NOTICE_FIELDS[key].label, description: NOTICE_FIELDS[key].description });
}

export function createNoticeSchema(vocabulary: Vocabulary) {
  const etiquettes = new Set(vocabulary.etiquettes);
  const plateformes = new Set(vocabulary.plateformes);
  return z.strictObject(
    {
      nom: field('nom', text(NOTICE_FIELDS.nom.max)),
      autres_noms: field('autres_noms', uniqueList(text(NOTICE_FIELDS.autres_noms.max), 'noms')).optional(),
      description_courte: field('description_courte', text(DESCRIPTION_COURTE_MAX)).optional(),
      licences: field(
        'licences',
        uniqueList(licence, 'identifiants SPDX').refine((list) => list.length > 0, 'indiquer au moins une licence'),
      ),
      site_web: field('site_web', httpsUrl).optional(),
      code_source: field('code_source', httpsUrl).optional(),
      logo: field(
        'logo',
        z
          .string(expected('un nom de fichier'))
          .regex(
            new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.(${LOGO_EXTENSIONS.join('|')})$`, 'i'),
            `doit être un nom de fichier d’image (${LOGO_EXTENSIONS.join(', ')}) placé dans content/notices/logos/, sans dossier`,
          ),
      ).optional(),
      plateformes: field(
        'plateformes',
        uniqueList(
          z.string(expected('un nom de plateforme')).refine((v) => plateformes.has(v), {
            error: (issue) => `« ${String(issue.input)} » n’est pas une plateforme connue (possibles : ${[...plateformes].join(', ')})`,
          }),
          'plateformes',
        ),
      ).optional(),
      langues: field('langues', uniqueList(languageCode, 'codes de langue')).optional(),
      compte: field('compte', text(NOTICE_FIELDS.compte.max)).optional(),
      etiquettes: field(
        'etiquettes',
        uniqueList(
          z.string(expected('un identifiant d’étiquette')).refine((v) => etiquettes.has(v), {
            error: (issue) => `« ${String(issue.input)} » n’est pas dans le vocabulaire des étiquettes (content/etiquettes.yaml)`,
          }),
          'étiquettes',
        ),
      ).optional(),
      alternative_a: field('alternative_a', uniqueList(text(NOTICE_FIELDS.alternative_a.max), 'noms de logiciels')).optional(),
      createurices: field('createurices', uniqueList(text(NOTICE_FIELDS.createurices.max), 'noms')).optional(),
      mis_en_avant: field('mis_en_avant', z.boolean(expected('true ou false'))).optional(),
      lien_wikipedia: field(
        'lien_wikipedia',
        httpsUrl.refine((value) => /^https:\/\/[a-z-]+\.wikipedia\.org\/wiki\/./.test(value), 'doit être une adresse d’article Wikipédia (https://fr.wikipedia.org/wiki/…)'),
      ).optional(),
      identifiant_wikidata: field(
        'identifiant_wikidata',
        z.string(expected('un identifiant Wikidata')).regex(/^Q[1-9][0-9]*$/, 'doit être un identifiant Wikidata comme « Q698 »'),
      ).optional(),
      date_creation: field('date_creation', isoDate).optional(),
      date_modification: field('date_modification', isoDate).optional(),
      date_relecture: field('date_relecture', isoDate).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `clé inconnue : ${issue.keys.map((k) => `« ${k} »`).join(', ')} (clés possibles : ${NOTICE_KEYS.join(', ')})`
          : 'l’en-tête doit être une liste de clés « clé: valeur »',
    },
  );
}

export type NoticeSchema = ReturnType<typeof createNoticeSchema>;
/** A valid notice's front matter. */
export type NoticeData = z.infer<NoticeSchema>;
/** A notice as the site uses it: its slug (id and file name), data and Markdown body. */
export interface Notice {
  slug: string;
  data: NoticeData;
  body: string;
}
