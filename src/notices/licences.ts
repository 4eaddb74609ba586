/**
 * Licences: SPDX expressions checked with maintained SPDX packages (spdx-expression-parse for the
 * syntax and identifiers, spdx-license-list for names, URLs and OSI approval, spdx-correct for the
 * "did you mean" hint), a short list of FSF-approved licences that OSI did not approve, and a
 * curated table of French names.
 */
import parseSpdx from 'spdx-expression-parse';
import correctSpdx from 'spdx-correct';
import spdxLicences from 'spdx-license-list';

type SpdxNode = ReturnType<typeof parseSpdx>;
type SpdxLeaf = Extract<SpdxNode, { license: string }>;

/** Free per the FSF's list but not OSI-approved (SPDX "isFsfLibre" without "isOsiApproved"). */
const FSF_LIBRE_NOT_OSI = new Set([
  'BSD-3-Clause-Clear',
  'BSD-4-Clause',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CC0-1.0',
  'CECILL-2.0',
  'CECILL-B',
  'CECILL-C',
  'ClArtistic',
  'FTL',
  'GFDL-1.1-only',
  'GFDL-1.1-or-later',
  'GFDL-1.2-only',
  'GFDL-1.2-or-later',
  'GFDL-1.3-only',
  'GFDL-1.3-or-later',
  'IJG',
  'Imlib2',
  'ODbL-1.0',
  'OpenSSL',
  'PHP-3.01',
  'Ruby',
  'SMLNJ',
  'Vim',
  'WTFPL',
  'X11',
  'XFree86-1.1',
  'Zend-2.0',
  'ZPL-2.1',
  'gnuplot',
  'xinetd',
  'BitTorrent-1.1',
  'LPPL-1.3a',
  'OLDAP-2.3',
]);

/** SPDX ids that are deprecated because they are ambiguous: the notice must say which one. */
export const DEPRECATED_REPLACEMENTS: Readonly<Record<string, string>> = {
  'GPL-1.0': 'GPL-1.0-only',
  'GPL-2.0': 'GPL-2.0-only',
  'GPL-3.0': 'GPL-3.0-only',
  'LGPL-2.0': 'LGPL-2.0-only',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-3.0': 'LGPL-3.0-only',
  'AGPL-1.0': 'AGPL-1.0-only',
  'AGPL-3.0': 'AGPL-3.0-only',
  'GFDL-1.3': 'GFDL-1.3-only',
  'BSD-2-Clause-FreeBSD': 'BSD-2-Clause',
  'BSD-2-Clause-NetBSD': 'BSD-2-Clause',
};

/** French names of the licences met in practice; others fall back on their SPDX name. */
const FRENCH_NAMES: Record<string, string> = {
  'GPL-2.0-only': 'Licence publique générale GNU, version 2 uniquement',
  'GPL-2.0-or-later': 'Licence publique générale GNU, version 2 ou ultérieure',
  'GPL-3.0-only': 'Licence publique générale GNU, version 3 uniquement',
  'GPL-3.0-or-later': 'Licence publique générale GNU, version 3 ou ultérieure',
  'LGPL-2.0-only': 'Licence publique générale limitée GNU, version 2 uniquement',
  'LGPL-2.0-or-later': 'Licence publique générale limitée GNU, version 2 ou ultérieure',
  'LGPL-2.1-only': 'Licence publique générale limitée GNU, version 2.1 uniquement',
  'LGPL-2.1-or-later': 'Licence publique générale limitée GNU, version 2.1 ou ultérieure',
  'LGPL-3.0-only': 'Licence publique générale limitée GNU, version 3 uniquement',
  'LGPL-3.0-or-later': 'Licence publique générale limitée GNU, version 3 ou ultérieure',
  'AGPL-3.0-only': 'Licence publique générale GNU Affero, version 3 uniquement',
  'AGPL-3.0-or-later': 'Licence publique générale GNU Affero, version 3 ou ultérieure',
  'MPL-1.1': 'Licence publique Mozilla, version 1.1',
  'MPL-2.0': 'Licence publique Mozilla, version 2.0',
  'Apache-2.0': 'Licence Apache, version 2.0',
  MIT: 'Licence MIT',
  'MIT-0': 'Licence MIT sans obligation d’attribution',
  ISC: 'Licence ISC',
  '0BSD': 'Licence BSD sans condition',
  'BSD-2-Clause': 'Licence BSD à 2 clauses (simplifiée)',
  'BSD-3-Clause': 'Licence BSD à 3 clauses (révisée)',
  'BSD-4-Clause': 'Licence BSD à 4 clauses (originale)',
  'EPL-1.0': 'Licence publique Eclipse, version 1.0',
  'EPL-2.0': 'Licence publique Eclipse, version 2.0',
  'EUPL-1.1': 'Licence publique de l’Union européenne, version 1.1',
  'EUPL-1.2': 'Licence publique de l’Union européenne, version 1.2',
  'CECILL-2.0': 'Licence CeCILL, version 2.0',
  'CECILL-2.1': 'Licence CeCILL, version 2.1',
  'CECILL-B': 'Licence CeCILL-B',
  'CECILL-C': 'Licence CeCILL-C',
  'CC0-1.0': 'Creative Commons Zéro (domaine public), version 1.0',
  'CC-BY-4.0': 'Creative Commons Attribution 4.0 International',
  'CC-BY-SA-4.0': 'Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International',
  Unlicense: 'The Unlicense (domaine public)',
  WTFPL: 'Licence WTFPL',
  Zlib: 'Licence zlib',
  'Artistic-2.0': 'Licence artistique, version 2.0',
  'OFL-1.1': 'Licence SIL pour les polices libres, version 1.1',
  'CDDL-1.0': 'Licence commune de développement et de distribution, version 1.0',
  'OSL-3.0': 'Licence logicielle ouverte, version 3.0',
  'Python-2.0': 'Licence de la Python Software Foundation, version 2',
  'PSF-2.0': 'Licence de la Python Software Foundation, version 2',
  'BSL-1.0': 'Licence logicielle Boost, version 1.0',
  X11: 'Licence X11',
  'GFDL-1.3-or-later': 'Licence de documentation libre GNU, version 1.3 ou ultérieure',
  Vim: 'Licence de Vim',
  Ruby: 'Licence de Ruby',
  OpenSSL: 'Licence OpenSSL',
  'Classpath-exception-2.0': 'exception Classpath 2.0',
  'LLVM-exception': 'exception LLVM',
  'OpenSSL-exception': 'exception OpenSSL',
};

/** Own entries only: « toString » or « __proto__ » typed in a form must not reach Object.prototype. */
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

export interface LicenceCheck {
  ok: boolean;
  /** French explanation when not ok. */
  message?: string;
}

/** Checks one SPDX expression as written in a notice's `licences` list. */
export function checkLicence(expression: string): LicenceCheck {
  if (!expression.trim()) return { ok: false, message: 'licence vide : indiquer un identifiant SPDX comme « GPL-3.0-or-later »' };
  const replacement = own(DEPRECATED_REPLACEMENTS, expression.trim());
  if (replacement) {
    return {
      ok: false,
      message: `« ${expression} » est ambigu : préciser la version, par exemple « ${replacement} » ou « ${replacement.replace('-only', '-or-later')} »`,
    };
  }
  let tree: SpdxNode;
  try {
    tree = parseSpdx(expression);
  } catch {
    const hint = suggestLicence(expression);
    return {
      ok: false,
      message: `« ${expression} » n’est pas un identifiant SPDX connu${hint ? ` (vouliez-vous dire « ${hint} » ?)` : ''}`,
    };
  }
  const nonFree = leavesWithoutFreeChoice(tree);
  if (nonFree.length > 0) {
    return {
      ok: false,
      message: `« ${nonFree.join(', ')} » n’est pas une licence libre reconnue par l’OSI ou la FSF : l’annuaire ne recense que des logiciels libres`,
    };
  }
  return { ok: true };
}

export function isFreeLicenceId(id: string): boolean {
  const base = id.replace(/\+$/, '');
  return own(spdxLicences, base)?.osiApproved === true || FSF_LIBRE_NOT_OSI.has(base);
}

/** The leaves that make the expression non-free (empty when it is free). */
function leavesWithoutFreeChoice(node: SpdxNode): string[] {
  if ('license' in node) {
    return isFreeLicenceId(node.license) ? [] : [node.license];
  }
  const left = leavesWithoutFreeChoice(node.left);
  const right = leavesWithoutFreeChoice(node.right);
  if (node.conjunction === 'or') {
    // With OR the user may pick either side: one free side is enough.
    return left.length === 0 || right.length === 0 ? [] : [...left, ...right];
  }
  return [...left, ...right];
}

export function suggestLicence(input: string): string | undefined {
  let corrected: string | null = null;
  try {
    corrected = correctSpdx(input, { upgrade: true });
  } catch {
    // spdx-correct throws on some inputs (« + », blanks): then there is simply no suggestion.
  }
  if (corrected && corrected !== input && isFreeLicenceId(corrected)) return corrected;
  const lowered = input.toLowerCase();
  const exact = Object.keys(spdxLicences).find((id) => id.toLowerCase() === lowered);
  return exact && exact !== input ? exact : undefined;
}

export interface LicencePart {
  /** SPDX id, or the operator text between ids ("ou", "et", "avec"). */
  id?: string;
  text: string;
  url?: string;
}

/**
 * A licence expression as French words with a link per licence, for the notice page:
 * "MPL-2.0 OR Apache-2.0" → [Licence publique Mozilla…] ou [Licence Apache…].
 */
export function describeLicence(expression: string): LicencePart[] {
  let tree: SpdxNode;
  try {
    tree = parseSpdx(expression);
  } catch {
    return [{ text: expression }];
  }
  return describeNode(tree, true);
}

function describeNode(node: SpdxNode, top: boolean): LicencePart[] {
  if ('license' in node) return describeLeaf(node);
  const joiner = node.conjunction === 'or' ? ' ou ' : ' et ';
  const parts = [...describeNode(node.left, false), { text: joiner }, ...describeNode(node.right, false)];
  return top ? parts : [{ text: '(' }, ...parts, { text: ')' }];
}

function describeLeaf(leaf: SpdxLeaf): LicencePart[] {
  const parts: LicencePart[] = [{ id: leaf.license, text: frenchLicenceName(leaf.license), url: licenceUrl(leaf.license) }];
  if (leaf.plus) parts.push({ text: ' ou version ultérieure' });
  if (leaf.exception) parts.push({ text: `, avec l’${frenchLicenceName(leaf.exception)}` });
  return parts;
}

/** The names people use for licence families, without version: « GPL », « MIT », « CeCILL ». */
const FAMILIES: [RegExp, string][] = [
  [/^AGPL-/, 'AGPL'],
  [/^LGPL-/, 'LGPL'],
  [/^GPL-/, 'GPL'],
  [/^MPL-/, 'MPL'],
  [/^Apache-/, 'Apache'],
  [/^MIT(-0)?$/, 'MIT'],
  [/^(0BSD|BSD-)/, 'BSD'],
  [/^EUPL-/, 'EUPL'],
  [/^CECILL/, 'CeCILL'],
  [/^EPL-/, 'EPL'],
  [/^(CC0-1\.0|Unlicense)$/, 'domaine public'],
  [/^CC-BY-SA-/, 'CC BY-SA'],
  [/^CC-BY-/, 'CC BY'],
  [/^GFDL-/, 'GFDL'],
  [/^OFL-/, 'OFL'],
  [/^(Python|PSF)-/, 'Python'],
  [/^BSL-/, 'Boost'],
  [/^CDDL-/, 'CDDL'],
  [/^OSL-/, 'OSL'],
  [/^Artistic-/, 'Artistic'],
  [/^ISC$/, 'ISC'],
  [/^Zlib$/, 'zlib'],
  [/^WTFPL$/, 'WTFPL'],
];

/** The family of a licence id (« GPL-3.0-or-later » → « GPL »); other ids stay as they are. */
export function licenceFamily(id: string): string {
  return FAMILIES.find(([pattern]) => pattern.test(id))?.[1] ?? id;
}

/**
 * A notice's licences in plain words, for the top of its page: « Libre (GPL) », « Libre (MPL) »,
 * « Libre (GPL, MIT) » — every family named once, in the order the notice gives them.
 */
export function plainLicence(expressions: readonly string[]): string {
  const families = [...new Set(expressions.flatMap(licenceIds).map(licenceFamily))];
  return families.length > 0 ? `Libre (${families.join(', ')})` : 'Libre';
}

export function frenchLicenceName(id: string): string {
  return own(FRENCH_NAMES, id) ?? own(spdxLicences, id)?.name ?? id;
}

export function licenceUrl(id: string): string {
  return `https://spdx.org/licenses/${encodeURIComponent(id)}.html`;
}

/** Ids of every licence a leaf of this expression names (for the per-licence pages). */
export function licenceIds(expression: string): string[] {
  try {
    const ids: string[] = [];
    const walk = (node: SpdxNode): void => {
      if ('license' in node) ids.push(node.license);
      else {
        walk(node.left);
        walk(node.right);
      }
    };
    walk(parseSpdx(expression));
    return ids;
  } catch {
    return [];
  }
}

/**
 * What a person typed or picked in the form: an SPDX expression, or a licence's French name
 * (« Licence publique Mozilla, version 2.0 ») → its SPDX id. Unknown text is returned as typed,
 * so that validation explains what is wrong with it.
 */
export function licenceFromInput(input: string): string {
  const typed = input.trim();
  return idsByName().get(typed.toLowerCase()) ?? typed;
}

/** Lowercased French and SPDX names → id, built once (a proposal may hold many licence lines). */
let namesIndex: Map<string, string> | undefined;
function idsByName(): Map<string, string> {
  if (!namesIndex) {
    namesIndex = new Map();
    for (const [id, licence] of Object.entries(spdxLicences)) if (!namesIndex.has(licence.name.toLowerCase())) namesIndex.set(licence.name.toLowerCase(), id);
    // French names win over SPDX's English ones.
    for (const [id, name] of Object.entries(FRENCH_NAMES)) namesIndex.set(name.toLowerCase(), id);
  }
  return namesIndex;
}

/** The licences offered in the form's list: free ones with a French name, by name. */
export function commonFreeLicences(): { id: string; name: string }[] {
  return Object.entries(FRENCH_NAMES)
    .filter(([id]) => isFreeLicenceId(id))
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
