/**
 * The workshop handout of « Ma sélection »: what /selection/ prints (A4, print CSS in
 * basket.css). For each notice its logo (or monogram), name, one-liner, the notice's address
 * written out and a QR code of that address, so that people in a class can find the notice from
 * the paper. Plain TypeScript shared by the browser (the basket lives there) and the tests.
 */
import { escapeHtml } from '../shared/html.ts';
import { qrSvg } from './qr.ts';
import { DATA_LICENCE_SHORT, localise, monogramSvg, safeUrl, type SnippetData } from './snippet.ts';

export const HANDOUT_DEFAULT_TITLE = 'Des logiciels libres à découvrir';
export const HANDOUT_TITLE_MAX = 120;

/** The title to print: what the person typed, or the default one. */
export function handoutTitle(typed: string | null | undefined): string {
  const title = (typed ?? '').replace(/\s+/g, ' ').trim().slice(0, HANDOUT_TITLE_MAX);
  return title || HANDOUT_DEFAULT_TITLE;
}

/**
 * The handout's markup. `siteUrl` is the directory's address: logos are loaded from this site
 * (site-relative), while the printed addresses and the QR codes keep the absolute public address.
 */
export function buildHandout(notices: readonly SnippetData[], options: { title: string; siteUrl: string }): string {
  const home = safeUrl(options.siteUrl) ?? options.siteUrl;
  const items = notices.map((notice) => {
    const address = safeUrl(notice.url) ?? '';
    const logo = safeUrl(localise(notice, options.siteUrl).logo_url);
    return [
      `<li class="fiche__element">`,
      `<div class="fiche__logo">${
        logo ? `<img src="${escapeHtml(logo)}" width="64" height="64" alt="">` : monogramSvg(notice.nom, 64).replace(' role="img"', ' aria-hidden="true"')
      }</div>`,
      `<div class="fiche__texte">`,
      `<h2>${escapeHtml(notice.nom)}</h2>`,
      notice.description_courte ? `<p>${escapeHtml(notice.description_courte)}</p>` : '',
      `<p class="fiche__adresse">${escapeHtml(address)}</p>`,
      `</div>`,
      address ? `<div class="fiche__qr">${qrSvg(address, `Code QR de la notice de ${notice.nom} : ${address}`)}</div>` : '',
      `</li>`,
    ].join('');
  });
  return [
    `<h1 class="fiche__titre" data-fiche-titre>${escapeHtml(options.title)}</h1>`,
    `<p class="fiche__chapo">Chaque logiciel a sa notice sur Framalibre, qui le présente en détail : scannez son code QR ou tapez son adresse.</p>`,
    `<ol class="fiche__liste">${items.join('')}</ol>`,
    `<p class="fiche__pied">Framalibre, l’annuaire des logiciels libres : ${escapeHtml(home)} — notices sous licence ${DATA_LICENCE_SHORT}.</p>`,
  ].join('\n');
}
