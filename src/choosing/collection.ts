/** The comparison's data for the Astro pages: notices with their CHATONS services and logos. */
import { logoUrls } from '../notices/logos.ts';
import { getServicesOf } from '../chatons/collection.ts';
import { getNotices, type SiteNotice } from '../notices/collection.ts';
import { choiceReferences, loadChoices, type Choice } from '../notices/choices.ts';
import { noticeLogo } from '../notices/icons.ts';
import { noticePageUrl } from '../notices/addresses.ts';
import { activityLabel, activityOf } from '../notices/activity.ts';
import { comparedNotice, type ComparedNotice, type ComparedService } from './comparison.ts';

/** The veille's words for a notice's last release or activity, when its data is there and fresh. */
export function activityWordsOf(notice: SiteNotice): string | undefined {
  const activity = activityOf(notice.slug, notice.data.code_source ? { codeSource: notice.data.code_source } : {});
  return activity ? activityLabel(activity) : undefined;
}

export async function servicesForComparison(slug: string): Promise<ComparedService[]> {
  return (await getServicesOf(slug)).map((s) => ({ nom: s.nom, adresse: s.adresse, hebergeur: s.hebergeur.nom }));
}

export async function comparedNotices(notices: readonly SiteNotice[]): Promise<ComparedNotice[]> {
  return Promise.all(
    notices.map(async (notice) => {
      const logo = noticeLogo(notice);
      const urls = logo ? logoUrls(logo) : undefined;
      const activity = activityWordsOf(notice);
      return comparedNotice(
        {
          slug: notice.slug,
          nom: notice.data.nom,
          url: noticePageUrl(notice.slug),
          ...(notice.data.description_courte ? { description_courte: notice.data.description_courte } : {}),
          ...(notice.data.plateformes ? { plateformes: notice.data.plateformes } : {}),
          ...(notice.data.langues ? { langues: notice.data.langues } : {}),
          ...(notice.data.compte ? { compte: notice.data.compte } : {}),
          ...(activity ? { activite: activity } : {}),
          licences: notice.data.licences,
          ...(notice.data.mis_en_avant ? { mis_en_avant: true } : {}),
          ...(urls ? { logo: { png: urls.png, webp: urls.webp[96] } } : {}),
        },
        await servicesForComparison(notice.slug),
      );
    }),
  );
}

let choices: Map<string, Choice> | undefined;
/** Every « Lequel choisir ? » (content/alternatives/), checked against the notices, by product slug. */
export async function getChoices(): Promise<ReadonlyMap<string, Choice>> {
  choices ??= loadChoices(choiceReferences(await getNotices()));
  return choices;
}

/** « Lequel choisir ? » of a product (content/alternatives/<produit>.md). */
export async function getChoice(productSlug: string): Promise<Choice | undefined> {
  return (await getChoices()).get(productSlug);
}
