/** CHATONS for the Astro pages: loaded once per build, checked against the notices. */
import { getNotices } from '../notices/collection.ts';
import { loadChatons, servicesBySoftware, type ChatonsHost, type HostedService } from './chatons.ts';

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
