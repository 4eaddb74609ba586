/**
 * The side-by-side comparison of free alternatives: one aligned card per notice, the same factual
 * rows in each (what it takes, systems, interface in French, account needed as the notice states
 * it, CHATONS hosts, licence in plain words, whether the project is still active — from the
 * veille's data, on the site's pages only —, « Utilisé chez Framasoft »). A row appears only when
 * at least one notice has data for it: nothing is guessed. Drawn as HTML by one function, on /alternatives/<produit>.html at build
 * time and by the basket's « Comparer » page (/comparer/) in the browser from /notices/<slug>.json:
 * no Node import here.
 *
 * Adding a row: add an optional field to ComparedNotice, fill it in comparedNotice(), and add one entry to ROWS; a notice without
 * the value shows « non renseigné », and the row is left out when no notice has it.
 */
import { escapeHtml as e } from '../shared/html.ts';
import { logoHtml } from '../search/card.ts';
import { requirementText, requirementsOf, type Requirement } from './requirements.ts';

/** One CHATONS service offering the software. */
export interface ComparedService {
  nom: string;
  adresse: string;
  hebergeur: string;
}

/** What the comparison says about one notice. */
export interface ComparedNotice {
  slug: string;
  nom: string;
  url: string;
  description?: string;
  logo?: { png: string; webp?: string };
  requirements: Requirement[];
  plateformes: string[];
  /** Whether the interface is in French; undefined when the notice lists no language. */
  french?: boolean;
  /** Whether an account is needed, as the notice states it (`compte`); undefined when it does not. */
  account?: string;
  /** « Dernière version : mars 2026 », « Projet archivé »… from the veille's data, when known. */
  activity?: string;
  licence: string;
  framasoft: boolean;
  services: ComparedService[];
}

/** The data a comparison needs: a notice's fields as the notice file and /notices/<slug>.json hold them. */
export interface ComparisonInput {
  slug: string;
  nom: string;
  url: string;
  description_courte?: string;
  plateformes?: readonly string[];
  langues?: readonly string[];
  compte?: string;
  /** The veille's words for the project's last release or activity (notices/activity.ts), when known. */
  activite?: string;
  licences: readonly string[];
  mis_en_avant?: boolean;
  logo?: { png: string; webp?: string };
}

/** The SPDX ids of licence expressions, without exceptions (« GPL-2.0-only WITH … » → GPL-2.0-only). */
export function expressionIds(expressions: readonly string[]): string[] {
  return expressions.flatMap((expression) =>
    expression
      .replace(/\s+WITH\s+[^\s()]+/g, '')
      .split(/\s+(?:OR|AND)\s+|[()]/)
      .map((id) => id.trim())
      .filter(Boolean),
  );
}

/** GPL-3.0-or-later → GPL, BSD-3-Clause → BSD, CECILL-2.1 → CeCILL. */
export function licenceFamily(id: string): string {
  const family = id
    .replace(/-(only|or-later)$/, '')
    .replace(/\+$/, '')
    .replace(/-\d+(\.\d+)*(-.*)?$/, '')
    .replace(/-\d-Clause.*$/, '');
  return family === 'CECILL' ? 'CeCILL' : family;
}

/** Licence families by what they ask of whoever shares a modified version. */
const STRONG_ONLINE = new Set(['AGPL']);
const STRONG = new Set(['GPL', 'EUPL', 'CeCILL', 'OSL']);
const WEAK = new Set(['LGPL', 'MPL', 'EPL', 'CDDL', 'CECILL-C', 'MS-RL']);
const PERMISSIVE = new Set(['MIT', 'BSD', 'Apache', 'ISC', 'Zlib', 'X11', 'Unlicense', '0BSD', 'BSL', 'PSF', 'CECILL-B', 'MIT-0', 'WTFPL', 'PostgreSQL', 'NCSA']);

/**
 * The licence in plain words: free, and what it asks of those who share a modified version.
 * When the notice's licences do not all say the same thing, only « Libre » and the families.
 */
export function licenceInPlainWords(expressions: readonly string[]): string {
  const families = [...new Set(expressionIds(expressions).map(licenceFamily))];
  const named = families.length > 0 ? ` (${families.join(', ')})` : '';
  const all = (set: ReadonlySet<string>) => families.length > 0 && families.every((f) => set.has(f));
  if (all(STRONG_ONLINE)) return `Libre ; ses versions modifiées restent libres, même proposées en ligne${named}`;
  if (all(new Set([...STRONG, ...STRONG_ONLINE]))) return `Libre ; ses versions modifiées restent libres${named}`;
  if (all(WEAK)) return `Libre ; ses fichiers modifiés restent libres${named}`;
  if (all(PERMISSIVE)) return `Libre et permissive : réutilisable même dans un logiciel fermé${named}`;
  return `Libre${named}`;
}

export function comparedNotice(input: ComparisonInput, services: readonly ComparedService[]): ComparedNotice {
  return {
    slug: input.slug,
    nom: input.nom,
    url: input.url,
    ...(input.description_courte ? { description: input.description_courte } : {}),
    ...(input.logo ? { logo: input.logo } : {}),
    requirements: requirementsOf({ plateformes: input.plateformes ?? [], hosts: services.map((s) => s.hebergeur) }),
    plateformes: [...(input.plateformes ?? [])],
    ...(input.langues && input.langues.length > 0 ? { french: input.langues.some((l) => l === 'fr' || l.startsWith('fr-')) } : {}),
    ...(input.compte ? { account: input.compte } : {}),
    ...(input.activite ? { activity: input.activite } : {}),
    licence: licenceInPlainWords(input.licences),
    framasoft: input.mis_en_avant === true,
    services: [...services],
  };
}

/** How platforms read in the comparison: « Web » is a browser, « Serveur » is said by « Ce qu’il faut ». */
const PLATFORM_WORDS: Record<string, string> = { Web: 'navigateur web', Serveur: 'serveur' };

interface Row {
  id: string;
  label: string;
  /** The cell's HTML, or undefined when the notice has no data for this row. */
  cell: (notice: ComparedNotice) => string | undefined;
}

const list = (items: readonly string[]) => (items.length === 1 ? items[0]! : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);

/** « Ce qu’il faut » in the comparison: the systems have their own row, the hosts are named here. */
const requirementCell = (r: Requirement) => e(r.kind === 'application' ? r.label : requirementText(r));

/** Whether someone could host the software as an online service (a CHATON, oneself). */
const hostable = (n: ComparedNotice) => n.plateformes.includes('Serveur') || n.plateformes.includes('Web');

/** The rows, in the order a person choosing reads them. */
const ROWS: Row[] = [
  {
    id: 'besoin',
    label: 'Ce qu’il faut',
    cell: (n) => (n.requirements.length > 0 ? list(n.requirements.map(requirementCell)) : undefined),
  },
  {
    id: 'systemes',
    label: 'Fonctionne sur',
    cell: (n) => (n.plateformes.length > 0 ? e(n.plateformes.map((p) => PLATFORM_WORDS[p] ?? p).join(', ')) : undefined),
  },
  {
    id: 'francais',
    label: 'Interface en français',
    cell: (n) => (n.french === undefined ? undefined : n.french ? 'Oui' : 'Non (pas dans ses langues)'),
  },
  { id: 'compte', label: 'Compte nécessaire', cell: (n) => (n.account ? e(n.account) : undefined) },
  {
    id: 'chatons',
    label: 'Chez un CHATON, sans rien installer',
    cell: (n) =>
      n.services.length > 0
        ? list(n.services.map((s) => `<a href="${e(s.adresse)}" rel="noopener">${e(s.nom)}</a>${s.nom === s.hebergeur ? '' : `, chez ${e(s.hebergeur)}`}`))
        : hostable(n)
          ? 'Aucun pour l’instant'
          : 'Sans objet : s’installe sur l’appareil',
  },
  { id: 'licence', label: 'Licence', cell: (n) => e(n.licence) },
  { id: 'activite', label: 'Toujours actif ?', cell: (n) => (n.activity ? e(n.activity) : undefined) },
  { id: 'framasoft', label: 'Utilisé chez Framasoft', cell: (n) => (n.framasoft ? 'Oui, ses membres l’utilisent et le conseillent' : 'Non') },
];

export interface ComparisonOptions {
  /** The heading level of each notice's name (the page's outline: 2 under the h1, 3 under a section). */
  level?: 2 | 3;
}

/**
 * The comparison as HTML: a list of aligned cards, each with the same rows as a description list.
 * Rows no notice has data for are left out; a notice without data for a row says so.
 */
export function comparisonHtml(notices: readonly ComparedNotice[], options: ComparisonOptions = {}): string {
  const level = options.level ?? 2;
  const rows = ROWS.filter((row) => notices.some((n) => row.cell(n) !== undefined));
  const cards = notices.map((n) => {
    const cells = rows.map((row) => {
      const cell = row.cell(n);
      return `<div class="comparaison__ligne comparaison__ligne--${row.id}"><dt>${e(row.label)}</dt><dd>${cell ?? '<span class="compte">Non renseigné</span>'}</dd></div>`;
    });
    return [
      `<li class="comparaison__notice${n.framasoft ? ' comparaison__notice--vedette' : ''}">`,
      `<div class="comparaison__tete">${logoHtml({ nom: n.nom, ...(n.logo ? { logo: n.logo } : {}) })}<h${level} class="comparaison__nom"><a href="${e(n.url)}">${e(n.nom)}</a></h${level}></div>`,
      `<p class="comparaison__description">${n.description ? e(n.description) : ''}</p>`,
      `<dl class="comparaison__faits">${cells.join('')}</dl>`,
      '</li>',
    ].join('');
  });
  // The number of rows sets the aligned grid's spans (a class, not a style attribute: the pages' CSP).
  return `<ul class="comparaison comparaison--${rows.length}-lignes" aria-label="Comparaison de ${notices.length} logiciels">${cards.join('')}</ul>`;
}
