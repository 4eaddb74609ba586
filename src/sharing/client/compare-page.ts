/**
 * The page « Comparer » (/comparer/?notices=a,b,c): fetches each notice's open data
 * (/notices/<slug>.json) and the CHATONS services, draws the same comparison as the /alternatives/
 * pages, and prepares the printed version (comparison, then the workshop handout of the notices).
 */
import { COMPARE_MIN, COMPARE_SERVICES_URL, slugsToCompare } from '../../choosing/compare-url.ts';
import { comparedNotice, comparisonHtml, type ComparedService } from '../../choosing/comparison.ts';
import { noticeJsonUrl, noticePageUrl } from '../../notices/addresses.ts';
import { itemFromExport } from '../basket.ts';
import { buildHandout } from '../handout.ts';

type Exported = Record<string, unknown> & { slug: string; nom: string; licences: string[] };

const path = (url: unknown): string | undefined => {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url, location.href).pathname;
  } catch {
    return undefined;
  }
};
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

async function fetchJson<T>(url: string): Promise<T | undefined> {
  try {
    const response = await fetch(url);
    return response.ok ? ((await response.json()) as T) : undefined;
  } catch {
    return undefined;
  }
}

const names = (list: readonly string[]) => (list.length <= 1 ? (list[0] ?? '') : `${list.slice(0, -1).join(', ')} et ${list[list.length - 1]}`);

export async function mountComparePage(root: HTMLElement): Promise<void> {
  root.querySelector('[data-comparer-sans-js]')?.remove();
  const message = root.querySelector<HTMLElement>('[data-comparer-message]')!;
  const result = root.querySelector<HTMLElement>('[data-comparer-resultat]')!;
  const actions = root.querySelector<HTMLElement>('[data-comparer-actions]')!;
  const title = root.querySelector<HTMLElement>('[data-comparer-titre]')!;
  const handout = document.querySelector<HTMLElement>('[data-comparer-fiche]');
  const say = (text: string) => {
    message.textContent = text;
    message.hidden = false;
  };
  const slugs = slugsToCompare(new URLSearchParams(location.search));
  if (slugs.length < COMPARE_MIN) {
    say('Choisissez de deux à quatre logiciels dans votre sélection, puis « Comparer ». L’adresse de la comparaison se partage : elle nomme les logiciels comparés.');
    const link = document.createElement('a');
    link.href = '/selection/';
    link.textContent = ' Ouvrir ma sélection';
    message.append(link);
    return;
  }
  root.setAttribute('aria-busy', 'true');
  const [notices, services] = await Promise.all([
    // /notices/<slug>.json holds the notice under `notice`, beside the data's licence.
    Promise.all(slugs.map(async (slug) => (await fetchJson<{ notice?: Exported }>(noticeJsonUrl(slug)))?.notice)),
    fetchJson<Record<string, ComparedService[]>>(COMPARE_SERVICES_URL),
  ]);
  root.removeAttribute('aria-busy');
  const found = notices.filter((n): n is Exported => n !== undefined && typeof n.nom === 'string' && Array.isArray(n.licences));
  const missing = slugs.filter((slug) => !found.some((n) => n.slug === slug));
  if (found.length === 0) {
    say('Ces logiciels n’ont pas été trouvés dans l’annuaire : l’adresse est peut-être incomplète.');
    return;
  }
  const compared = found.map((n) => {
    const logo = path(n.logo_url);
    return comparedNotice(
      {
        slug: n.slug,
        nom: n.nom,
        url: path(n.url) ?? noticePageUrl(n.slug),
        ...(typeof n.description_courte === 'string' ? { description_courte: n.description_courte } : {}),
        ...(strings(n.plateformes) ? { plateformes: strings(n.plateformes)! } : {}),
        ...(strings(n.langues) ? { langues: strings(n.langues)! } : {}),
        ...(typeof n.compte === 'string' ? { compte: n.compte } : {}),
        licences: strings(n.licences) ?? [],
        mis_en_avant: n.mis_en_avant === true,
        ...(logo ? { logo: { png: logo } } : {}),
      },
      services?.[n.slug] ?? [],
    );
  });
  const heading = `Comparer ${names(found.map((n) => n.nom))}`;
  title.textContent = heading;
  document.title = `${heading} — Framalibre`;
  if (missing.length > 0) say(`Introuvable dans l’annuaire : ${missing.join(', ')}.`);
  // Our own markup: every value is escaped by comparisonHtml.
  result.innerHTML = comparisonHtml(compared, { level: 2 });
  actions.hidden = false;
  if (handout) {
    const items = found.map((n) => itemFromExport(n)).filter((item) => item !== undefined);
    handout.innerHTML = buildHandout(items, { title: heading, siteUrl: root.dataset.site ?? '/' });
    const comparison = document.createElement('div');
    comparison.className = 'fiche__comparaison';
    comparison.innerHTML = comparisonHtml(compared, { level: 2 });
    handout.querySelector('.fiche__chapo')?.before(comparison);
    handout.hidden = false;
  }
  root.querySelector<HTMLButtonElement>('[data-comparer-imprimer]')?.addEventListener('click', () => window.print());
}
