/**
 * CHATONS (Collectif des Hébergeurs Alternatifs, Transparents, Ouverts, Neutres et Solidaires):
 * hosts that offer free software as online services, so that people can use a software without
 * installing it. The list lives in content/chatons.yaml, edited by moderators (docs/chatons.md),
 * and is validated like the notices: by `npm run validate` and again by the build, which stops
 * on any error (every service's software must be an existing notice; addresses are https).
 * It lives on the ground floor with the other content files because the catalogue checker reads
 * it; what the pages show of it is in src/chatons/.
 */
import { noticeFile } from './addresses.ts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { httpsUrl } from './schema.ts';
import { parseYaml } from './notice-file.ts';
import { contentDir } from './paths.ts';
import type { Problem } from './problems.ts';
import { SLUG_PATTERN } from './slug.ts';

const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'champ obligatoire' : 'doit être un texte') })
    .trim()
    .min(1, 'ne doit pas être vide')
    .max(max, `${max} caractères au plus`);

export const serviceSchema = z.strictObject(
  {
    logiciel: z
      .string({ error: (issue) => (issue.input === undefined ? 'champ obligatoire' : 'doit être le slug d’une notice') })
      .regex(SLUG_PATTERN, 'doit être le slug d’une notice (nom du fichier sans « .md », par exemple « etherpad »)'),
    nom: text(80),
    adresse: httpsUrl,
    conditions: text(200).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé inconnue : ${issue.keys.join(', ')} (clés possibles : logiciel, nom, adresse, conditions)`
        : 'doit être une liste de clés « clé: valeur »',
  },
);

export const hostSchema = z.strictObject(
  {
    nom: text(80),
    site_web: httpsUrl,
    description: text(300).optional(),
    services: z.array(serviceSchema, { error: 'doit être une liste de services' }).min(1, 'au moins un service'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `clé inconnue : ${issue.keys.join(', ')} (clés possibles : nom, site_web, description, services)`
        : 'doit être une liste de clés « clé: valeur »',
  },
);

export const chatonsSchema = z.array(hostSchema, { error: 'le fichier doit être une liste d’hébergeurs (lignes « - nom: … »)' });

export type ChatonsHost = z.infer<typeof hostSchema>;
export type ChatonsService = z.infer<typeof serviceSchema>;
/** A service with the host that offers it. */
export interface HostedService extends ChatonsService {
  hebergeur: Pick<ChatonsHost, 'nom' | 'site_web'>;
}

export function chatonsFile(root = contentDir()): string {
  return path.join(root, 'chatons.yaml');
}

/**
 * Every problem of the file, each naming the host and the field, in French: each host is read
 * on its own, so a malformed host does not hide the others' problems (nor their references).
 */
export function checkChatons(text: string, slugs: ReadonlySet<string>, file = 'content/chatons.yaml'): { hosts: ChatonsHost[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (code: string, field: string, message: string) => problems.push({ code, file, field, level: 'erreur', message });
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? [];
  } catch (error) {
    add('chatons-illisible', 'fichier', `YAML illisible : ${(error as Error).message.split('\n')[0]}`);
    return { hosts: [], problems };
  }
  if (!Array.isArray(raw)) {
    // The list schema's own message (« le fichier doit être une liste d’hébergeurs… »).
    for (const issue of chatonsSchema.safeParse(raw).error?.issues ?? []) add('chatons-champ-invalide', 'fichier', issue.message);
    return { hosts: [], problems };
  }
  const hosts: { host: ChatonsHost; position: number }[] = [];
  raw.forEach((item, i) => {
    const result = hostSchema.safeParse(item);
    if (result.success) hosts.push({ host: result.data, position: i + 1 });
    else for (const issue of result.error.issues) add('chatons-champ-invalide', fieldOf([i, ...issue.path], raw), issue.message);
  });
  checkHostReferences(hosts, slugs, add);
  return { hosts: problems.length > 0 ? [] : hosts.map((h) => h.host), problems };
}

/** No host twice, every service's software is a notice, no service twice. */
function checkHostReferences(
  hosts: readonly { host: ChatonsHost; position: number }[],
  slugs: ReadonlySet<string>,
  add: (code: string, field: string, message: string) => void,
): void {
  const names = new Set<string>();
  for (const { host, position } of hosts) {
    const where = `hébergeur ${position} (${host.nom})`;
    if (names.has(host.nom.toLowerCase())) add('chatons-hebergeur-double', `${where} : nom`, 'cet hébergeur est déjà dans la liste : ajouter ses services à la première entrée');
    names.add(host.nom.toLowerCase());
    const seen = new Set<string>();
    host.services.forEach((service, j) => {
      const field = `${where} : services : élément ${j + 1} (${service.nom})`;
      if (!slugs.has(service.logiciel)) add('chatons-notice-inconnue', `${field} : logiciel`, `la notice « ${service.logiciel} » n’existe pas (${noticeFile(service.logiciel)})`);
      const key = `${service.logiciel} ${service.adresse}`;
      if (seen.has(key)) add('chatons-service-double', field, 'service en double');
      seen.add(key);
    });
  }
}

function fieldOf(pathParts: readonly PropertyKey[], raw: unknown): string {
  const [hostIndex, key, serviceIndex, serviceKey] = pathParts;
  if (typeof hostIndex !== 'number') return 'fichier';
  const host = Array.isArray(raw) ? (raw[hostIndex] as { nom?: unknown } | undefined) : undefined;
  const parts = [`hébergeur ${hostIndex + 1}${typeof host?.nom === 'string' ? ` (${host.nom})` : ''}`];
  if (key !== undefined) parts.push(String(key));
  if (typeof serviceIndex === 'number') parts.push(`élément ${serviceIndex + 1}`);
  if (serviceKey !== undefined) parts.push(String(serviceKey));
  return parts.join(' : ');
}

/** Checks content/chatons.yaml (absent is fine: no host yet). */
export function validateChatons(slugs: ReadonlySet<string>, file = chatonsFile()): Problem[] {
  if (!existsSync(file)) return [];
  return checkChatons(readFileSync(file, 'utf8'), slugs, path.relative(process.cwd(), file)).problems;
}

/** The hosts, for the build: any problem stops it, with the same messages as `npm run validate`. */
export function loadChatons(slugs: ReadonlySet<string>, file = chatonsFile()): ChatonsHost[] {
  if (!existsSync(file)) return [];
  const { hosts, problems } = checkChatons(readFileSync(file, 'utf8'), slugs, path.relative(process.cwd(), file));
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.file} : ${p.field} : ${p.message}`).join('\n'));
  return hosts;
}

/** Services by software slug, each list sorted by host then service name. */
export function servicesBySoftware(hosts: readonly ChatonsHost[]): Map<string, HostedService[]> {
  const bySlug = new Map<string, HostedService[]>();
  for (const host of hosts) {
    for (const service of host.services) {
      bySlug.set(service.logiciel, [...(bySlug.get(service.logiciel) ?? []), { ...service, hebergeur: { nom: host.nom, site_web: host.site_web } }]);
    }
  }
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  for (const list of bySlug.values()) list.sort((a, b) => collator.compare(a.hebergeur.nom, b.hebergeur.nom) || collator.compare(a.nom, b.nom));
  return bySlug;
}

/** The names of the hosts that offer each software, by slug (for « Ce qu’il faut »: who hosts it). */
export function hostNamesBySoftware(hosts: readonly ChatonsHost[]): Map<string, string[]> {
  return new Map([...servicesBySoftware(hosts)].map(([slug, services]) => [slug, [...new Set(services.map((s) => s.hebergeur.nom))]]));
}
