/**
 * The fields of a notice, described once: key (and canonical order), what a person reads about
 * it, its kind and its length limit. The zod schema attaches this to each field (`.meta()`), and
 * everything that documents the fields derives from it: NOTICE_KEYS, the JSON Schema of the open
 * data, the table of /donnees/, the table of docs/format-des-notices.md (checked by a test) and
 * the form's length limits. No Node import: the browser form uses it too.
 */

export type FieldKind = 'texte' | 'texte Markdown' | 'liste de textes' | 'adresse' | 'booléen' | 'date' | 'nom de fichier';

export interface FieldDoc {
  /** Short French name of the field. */
  label: string;
  /** French description, for re-users and contributors. */
  description: string;
  kind: FieldKind;
  /** Longest text (or list item) accepted. */
  max?: number;
  required?: boolean;
}

export const NOTICE_FIELDS = {
  nom: { label: 'Nom', description: 'Nom affiché du logiciel.', kind: 'texte', max: 100, required: true },
  autres_noms: { label: 'Autres noms', description: 'Autres noms sous lesquels on cherche le logiciel (ancien nom, nom long).', kind: 'liste de textes', max: 100 },
  description_courte: { label: 'Description courte', description: 'Une phrase de 200 caractères au plus, montrée dans les listes.', kind: 'texte', max: 200 },
  licences: {
    label: 'Licences',
    description: 'Licences libres du logiciel : identifiants ou expressions SPDX, comme GPL-3.0-or-later ou MIT.',
    kind: 'liste de textes',
    required: true,
  },
  site_web: { label: 'Site web', description: 'Adresse https du site officiel du logiciel.', kind: 'adresse', max: 500 },
  code_source: { label: 'Code source', description: 'Adresse https du dépôt de code source.', kind: 'adresse', max: 500 },
  logo: {
    label: 'Logo',
    description:
      'Nom d’un fichier image placé dans content/notices/logos/ (origine et licence notées dans content/notices/logos/SOURCES.md) ; sans cette clé, la notice montre l’icône de sa marque tirée du paquet simple-icons, ou ses initiales.',
    kind: 'nom de fichier',
  },
  plateformes: {
    label: 'Plateformes',
    description: 'Systèmes sur lesquels le logiciel fonctionne, pris dans un vocabulaire fixe (content/plateformes.yaml).',
    kind: 'liste de textes',
  },
  langues: { label: 'Langues', description: 'Langues de l’interface, codes BCP 47 (fr, en, pt-BR…).', kind: 'liste de textes' },
  compte: {
    label: 'Compte',
    description:
      'S’il faut créer un compte pour s’en servir, en quelques mots (« Non », « Oui, lié à un numéro de téléphone », « Pour créer un formulaire ; pas pour y répondre ») ; montré dans les comparaisons (réservé à la modération).',
    kind: 'texte',
    max: 120,
  },
  etiquettes: {
    label: 'Étiquettes',
    description: 'Identifiants des étiquettes (usages), pris dans le vocabulaire de Framalibre (content/etiquettes.yaml).',
    kind: 'liste de textes',
  },
  alternative_a: { label: 'Alternative à', description: 'Logiciels ou services privateurs que ce logiciel peut remplacer.', kind: 'liste de textes', max: 100 },
  createurices: { label: 'Créateurs et créatrices', description: 'Personnes ou organisations qui créent et maintiennent le logiciel.', kind: 'liste de textes', max: 150 },
  mis_en_avant: { label: 'Mis en avant', description: 'Vrai si les membres de Framasoft utilisent et conseillent ce logiciel (réservé à la modération).', kind: 'booléen' },
  lien_wikipedia: { label: 'Article Wikipédia', description: 'Adresse de l’article Wikipédia (en français de préférence).', kind: 'adresse', max: 500 },
  identifiant_wikidata: { label: 'Identifiant Wikidata', description: 'Identifiant Wikidata du logiciel (Q…).', kind: 'texte' },
  date_creation: { label: 'Date de création', description: 'Date de création de la notice (AAAA-MM-JJ).', kind: 'date' },
  date_modification: { label: 'Date de modification', description: 'Date de dernière modification de la notice (AAAA-MM-JJ).', kind: 'date' },
  date_relecture: {
    label: 'Date de relecture',
    description: 'Date à laquelle une personne de la modération a relu toute la notice et vérifié ses informations (AAAA-MM-JJ, réservé à la modération).',
    kind: 'date',
  },
} as const satisfies Record<string, FieldDoc>;

export type NoticeKey = keyof typeof NOTICE_FIELDS;

/** Key order of the canonical writer, and the only keys a notice may hold. */
export const NOTICE_KEYS = Object.keys(NOTICE_FIELDS) as NoticeKey[];

/** Fields an anonymous contribution may not set: only moderators decide them. */
export const MODERATOR_ONLY_KEYS: readonly NoticeKey[] = ['mis_en_avant', 'compte', 'date_relecture'];

/** Longest long description, and longest message to the moderators, in characters. */
export const BODY_MAX = 8000;
export const MESSAGE_MAX = 3000;

/** The fields table of docs/format-des-notices.md, as it must read. */
export function fieldsMarkdownTable(): string {
  const rows = NOTICE_KEYS.map((key) => {
    const field: FieldDoc = NOTICE_FIELDS[key];
    const details = [field.kind, field.max ? `${field.max} caractères au plus` : '', field.required ? '**obligatoire**' : ''].filter(Boolean).join(', ');
    return `| \`${key}\` | ${field.description} | ${details} |`;
  });
  return ['| clé | contenu | forme |', '| --- | --- | --- |', ...rows].join('\n');
}
