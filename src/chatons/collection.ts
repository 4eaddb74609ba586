/** CHATONS for the Astro pages: loaded once per build, checked against the notices. */
import { getNotices } from '../notices/collection.ts';
import { hostNamesBySoftware, loadChatons, servicesBySoftware, type ChatonsHost, type HostedService } from '../notices/chatons.ts';

let hosts: ChatonsHost[] | undefined;
let bySoftware: Map<string, HostedService[]> | undefined;

export async function getChatons(): Promise<ChatonsHost[]> {
  hosts ??= loadChatons(new Set((await getNotices()).map((n) => n.slug)));
  return hosts;
}

export async function getServicesOf(slug: string): Promise<HostedService[]> {
  bySoftware ??= servicesBySoftware(await getChatons());
  return bySoftware.get(slug) ?? [];
}

let namesBySoftware: Map<string, string[]> | undefined;
/** The names of the CHATONS hosts that offer a software (none: an empty list). */
export async function getHostNamesOf(slug: string): Promise<string[]> {
  namesBySoftware ??= hostNamesBySoftware(await getChatons());
  return namesBySoftware.get(slug) ?? [];
}
