/**
 * /comparer/services.json: the CHATONS services of each software (content/chatons.yaml), by notice
 * slug, for the comparison the basket opens in the browser (src/sharing/client/compare-page.ts).
 */
import type { APIRoute } from 'astro';
import { getChatons } from '../../chatons/collection.ts';
import { servicesBySoftware } from '../../notices/chatons.ts';
import type { ComparedService } from '../../choosing/comparison.ts';

export const GET: APIRoute = async () => {
  const services: Record<string, ComparedService[]> = {};
  for (const [slug, list] of servicesBySoftware(await getChatons())) services[slug] = list.map((s) => ({ nom: s.nom, adresse: s.adresse, hebergeur: s.hebergeur.nom }));
  return new Response(JSON.stringify(services), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
