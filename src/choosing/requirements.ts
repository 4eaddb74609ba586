/**
 * « Ce qu’il faut » : what a notice takes, in plain French, derived from its data — the platforms
 * it lists and the CHATONS hosts that offer it (content/chatons.yaml). Three ways, several of
 * which may hold for one software:
 *   - « Rien à installer » : a web service someone hosts (CHATONS first, named), used in a browser;
 *   - « S’installe comme une application » : on the systems it lists;
 *   - « Demande un serveur » : to be installed on a server (self-hosting).
 * Shown on every card, notice page and comparison, and filtered on in the search. No Node import:
 * the search box draws cards with it too.
 */

/** The values of the search filter « Ce qu’il faut », in the order they are offered. */
export const REQUIREMENT_LABELS = {
  'rien-a-installer': 'Rien à installer',
  application: 'S’installe comme une application',
  serveur: 'Demande un serveur',
} as const;
export type RequirementKind = keyof typeof REQUIREMENT_LABELS;

/** Systems a person installs an application on (content/plateformes.yaml), in the order shown. */
const DEVICE_PLATFORMS = ['GNU/Linux', 'Windows', 'macOS', 'BSD', 'Android', 'iOS'] as const;

export interface Requirement {
  kind: RequirementKind;
  /** « Rien à installer ». */
  label: string;
  /** The hosts (for a web service) or the systems (for an application), when known. */
  details: string[];
}

export interface RequirementInput {
  plateformes?: readonly string[];
  /** Names of the CHATONS hosts that offer the software (src/notices/chatons.ts), in their order. */
  hosts?: readonly string[];
}

/** What the notice takes, the lightest first; empty when its data says nothing about it. */
export function requirementsOf({ plateformes = [], hosts = [] }: RequirementInput): Requirement[] {
  const found: Requirement[] = [];
  const uniqueHosts = [...new Set(hosts)];
  if (uniqueHosts.length > 0 || plateformes.includes('Web')) {
    found.push({ kind: 'rien-a-installer', label: REQUIREMENT_LABELS['rien-a-installer'], details: uniqueHosts });
  }
  const systems = DEVICE_PLATFORMS.filter((p) => plateformes.includes(p));
  if (systems.length > 0) found.push({ kind: 'application', label: REQUIREMENT_LABELS.application, details: systems });
  if (plateformes.includes('Serveur')) found.push({ kind: 'serveur', label: REQUIREMENT_LABELS.serveur, details: [] });
  return found;
}

/** The filter values of a notice (« Rien à installer »…). */
export const requirementFilters = (requirements: readonly Requirement[]): string[] => requirements.map((r) => r.label);

/** How many hosts a short line names before « … ». */
const HOSTS_SHOWN = 2;

/**
 * One requirement in a few words, for a card: « Rien à installer, chez Framasoft ou Chapril »,
 * « S’installe comme une application (GNU/Linux, Windows) », « Demande un serveur ».
 */
export function requirementText(requirement: Requirement): string {
  const { kind, label, details } = requirement;
  if (kind === 'rien-a-installer') {
    if (details.length === 0) return `${label} : s’utilise dans un navigateur`;
    const shown = details.slice(0, HOSTS_SHOWN);
    const more = details.length - shown.length;
    return `${label}, chez ${shown.join(more > 0 ? ', ' : ' ou ')}${more > 0 ? ` ou ${more} autre${more > 1 ? 's' : ''} hébergeur${more > 1 ? 's' : ''} CHATONS` : ''}`;
  }
  if (kind === 'application') return `${label} (${details.join(', ')})`;
  return `${label} (à héberger soi-même)`;
}

/** The whole line of a card: each requirement, the lightest first. */
export const requirementsLine = (requirements: readonly Requirement[]): string => requirements.map(requirementText).join(' · ');
