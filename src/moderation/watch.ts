/**
 * The scheduled check (« veille »): every notice's addresses, and the activity of every code
 * repository. The result is one Markdown text for one GitLab issue kept up to date — never one
 * issue per problem — and nothing here can fail a pipeline.
 */
import { noticeFile, noticePageUrl } from '../notices/addresses.ts';
import { LINK_KEYS } from '../notices/schema.ts';
import type { ActivityChecker, ActivityResult } from './activity.ts';
import type { RepositoryResult } from './freshness.ts';
import type { LinkChecker, LinkResult } from './links.ts';
import { code, link, plural, table } from '../gitlab/markdown.ts';
import { mapLimit } from '../shared/pool.ts';

export const WATCH_ISSUE_TITLE = 'Veille des notices : liens cassés et logiciels sans activité';
export const WATCH_LABEL = 'veille des notices';

export interface WatchNotice {
  slug: string;
  data: Record<string, unknown>;
}

export interface LinkFinding {
  slug: string;
  nom: string;
  field: string;
  result: LinkResult;
}

export interface ActivityFinding {
  slug: string;
  nom: string;
  result: ActivityResult;
}

export interface WatchReport {
  notices: number;
  links: number;
  /** Addresses that do not answer, or answer with an error. */
  broken: LinkFinding[];
  /** Refused to robots or rate-limited: to be opened by hand. */
  uncertain: LinkFinding[];
  inactive: ActivityFinding[];
  /** Every repository's answer, for content/activite.yaml (freshness.ts). */
  activityResults: RepositoryResult[];
  /** Repositories whose activity could not be read (unknown forge, rate limit…). */
  activityUnknown: number;
  repositories: number;
  /**
   * Most addresses failed at the network level: the runner itself is cut off (DNS, firewall), not
   * the sites. Nothing is reported as broken then, and the issue is left alone.
   */
  networkDown: boolean;
}

/** Above this share of network failures (on at least 10 addresses) the check is not trusted. */
export const NETWORK_DOWN_RATIO = 0.5;

const str = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

export async function runWatch(input: { notices: readonly WatchNotice[]; linkChecker: LinkChecker; activity?: ActivityChecker; concurrency?: number }): Promise<WatchReport> {
  const concurrency = input.concurrency ?? 8;
  const targets = input.notices.flatMap((n) =>
    LINK_KEYS.flatMap((field) => {
      const url = str(n.data[field]);
      return url ? [{ slug: n.slug, nom: str(n.data.nom) ?? n.slug, field, url }] : [];
    }),
  );
  // One request per address, even when several notices share it.
  const unique = [...new Set(targets.map((t) => t.url))];
  const checked = new Map<string, LinkResult>();
  await mapLimit(unique, concurrency, async (url) => checked.set(url, await input.linkChecker(url)));

  const broken: LinkFinding[] = [];
  const uncertain: LinkFinding[] = [];
  for (const target of targets) {
    const result = checked.get(target.url)!;
    if (result.status === 'ok') continue;
    const finding = { slug: target.slug, nom: target.nom, field: target.field, result };
    if (result.httpStatus === 401 || result.httpStatus === 403 || result.httpStatus === 429 || result.status === 'interne') uncertain.push(finding);
    else broken.push(finding);
  }

  const inactive: ActivityFinding[] = [];
  const activityResults: RepositoryResult[] = [];
  let activityUnknown = 0;
  const repositories = input.notices.flatMap((n) => {
    const url = str(n.data.code_source);
    return url ? [{ slug: n.slug, nom: str(n.data.nom) ?? n.slug, url }] : [];
  });
  if (input.activity) {
    const activity = input.activity;
    // Forge APIs limit anonymous clients: fewer requests at a time.
    const results = await mapLimit(repositories, Math.min(concurrency, 4), (r) => activity.check(r.url));
    results.forEach((result, index) => {
      const repo = repositories[index]!;
      activityResults.push({ slug: repo.slug, url: repo.url, result });
      if (result.status === 'inactif' || result.status === 'archive') inactive.push({ slug: repo.slug, nom: repo.nom, result });
      else if (result.status === 'inconnu' || result.status === 'erreur') activityUnknown++;
    });
  }
  const bySlug = <T extends { slug: string }>(a: T, b: T) => a.slug.localeCompare(b.slug);
  const networkFailures = [...checked.values()].filter((r) => r.status === 'injoignable' || r.status === 'delai').length;
  const networkDown = unique.length >= 10 && networkFailures / unique.length > NETWORK_DOWN_RATIO;
  return {
    networkDown,
    notices: input.notices.length,
    links: unique.length,
    broken: broken.sort(bySlug),
    uncertain: uncertain.sort(bySlug),
    inactive: inactive.sort(bySlug),
    activityResults,
    activityUnknown,
    repositories: input.activity ? repositories.length : 0,
  };
}

/** Whether the issue should be open: something a moderator should act on. */
export function watchNeedsAttention(report: WatchReport): boolean {
  return !report.networkDown && (report.broken.length > 0 || report.inactive.length > 0);
}

export function renderWatchReport(
  report: WatchReport,
  options: {
    siteUrl?: string;
    date?: Date;
    pipelineUrl?: string;
    projectUrl?: string;
    defaultBranch?: string;
    /** The review queue's section (queue.ts), shown last; left out when the network was down. */
    queue?: string;
    /** One-line remarks shown before the queue (e.g. what content/activite.yaml kept). */
    notes?: readonly string[];
  } = {},
): string {
  const date = (options.date ?? new Date()).toISOString().slice(0, 10).split('-').reverse().join('/');
  const noticeCell = (slug: string, nom: string) => {
    const url = options.siteUrl ? `${options.siteUrl.replace(/\/+$/, '')}${noticePageUrl(encodeURIComponent(slug))}` : undefined;
    return url ? `[${code(nom)}](${url})` : code(nom);
  };
  const editCell = (slug: string) =>
    options.projectUrl
      ? link('modifier', `${options.projectUrl.replace(/\/+$/, '')}/-/edit/${encodeURIComponent(options.defaultBranch ?? 'main')}/${noticeFile(encodeURIComponent(slug))}`)
      : code(noticeFile(slug));
  const out: string[] = [
    `Vérification automatique du ${date} : ${plural(report.notices, 'notice')}, ${plural(report.links, 'adresse')} testée${report.links > 1 ? 's' : ''}` +
      (report.repositories > 0 ? `, ${plural(report.repositories, 'dépôt')} de code.` : '.'),
    '',
    'Ce ticket est mis à jour par la tâche planifiée (il n’y en a qu’un) ; il se ferme tout seul quand il n’y a plus rien à signaler. Une adresse en panne une semaine peut remarcher la suivante : ouvrez-la avant de modifier la notice.',
  ];
  if (report.networkDown) {
    out.push(
      '',
      `⚠️ Vérification impossible : ${report.broken.length} adresses sur ${report.links} n’ont pas pu être jointes, ce qui indique une panne du réseau de la machine qui vérifie plutôt que des sites. Rien n’est signalé cette fois-ci ; la prochaine vérification recommencera.`,
    );
    if (options.pipelineUrl) out.push('', `<sub>${link('Journal de la vérification', options.pipelineUrl)}</sub>`);
    return out.join('\n') + '\n';
  }
  if (!watchNeedsAttention(report) && report.uncertain.length === 0) out.push('', '✅ Rien à signaler.');

  if (report.broken.length > 0) {
    out.push('', `### ❌ Adresses qui ne répondent pas (${report.broken.length})`, '');
    out.push(
      table(
        ['Notice', 'Champ', 'Adresse', 'Problème', ''],
        report.broken.map((f) => [noticeCell(f.slug, f.nom), code(f.field), code(f.result.url), code(f.result.message), editCell(f.slug)]),
      ),
    );
  }
  if (report.inactive.length > 0) {
    out.push('', `### 💤 Logiciels sans activité depuis plus d’un an (${report.inactive.length})`, '');
    out.push(
      'Ce n’est pas une raison de retirer la notice (un logiciel fini peut être stable) : à signaler dans la description s’il est abandonné, ou à remplacer par son successeur.',
      '',
    );
    out.push(
      table(
        ['Notice', 'Dépôt', 'Constat'],
        report.inactive.map((f) => [noticeCell(f.slug, f.nom), code(f.result.url), code(f.result.message)]),
      ),
    );
  }
  if (report.uncertain.length > 0) {
    out.push('', `### ⚠️ À vérifier à la main (${report.uncertain.length})`, '');
    out.push('Ces sites refusent les robots ou limitent les requêtes : leur réponse ne dit rien de leur état réel.', '');
    out.push(
      table(
        ['Notice', 'Champ', 'Adresse', 'Réponse'],
        report.uncertain.map((f) => [noticeCell(f.slug, f.nom), code(f.field), code(f.result.url), code(f.result.message)]),
      ),
    );
  }
  if (report.activityUnknown > 0)
    out.push('', `ℹ️ Activité non vérifiable pour ${plural(report.activityUnknown, 'dépôt')} (forge non prise en charge, dépôt introuvable ou limite de requêtes).`);
  for (const note of options.notes ?? []) out.push('', `ℹ️ ${note}`);
  if (options.queue) out.push('', options.queue.trimEnd());
  if (options.pipelineUrl) out.push('', `<sub>${link('Journal de la vérification', options.pipelineUrl)}</sub>`);
  return out.join('\n') + '\n';
}
