/**
 * The contribution function: a web-standard handler `(Request) => Promise<Response>`, no
 * framework inside. Astro's node route, a serverless platform or a bare Node server wrap it in
 * one line. A POST is a list of named steps (`POST_STEPS`), each a few lines that either pass or
 * refuse (refusal.ts); the anti-spam layers live in layers/, one file each with its fields and
 * limits; every answer and the status of every refusal are in responses.ts. A new layer is a
 * file in layers/ and one line in POST_STEPS (docs/architecture.md).
 *
 * Order matters: the body is read (bounded) before anything asks the shared store, so that a
 * store failure still gives the person's text back; a used token is refused before anything
 * reads the forge; the quotas are reserved only right before the forge is asked, and given back
 * when nothing new is opened.
 */
import path from 'node:path';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { NoticeRef } from '../notices/duplicates.ts';
import { parseNoticeFile } from '../notices/notice-file.ts';
import { createNoticeSchema, type NoticeSchema } from '../notices/schema.ts';
import { SLUG_PATTERN } from '../notices/slug.ts';
import { noticeVersion } from '../notices/version.ts';
import { loadVocabularies, vocabularyIds, type Vocabularies } from '../notices/vocabulary.ts';
import { BackendUnavailableError, type ContributionBackend } from './backend.ts';
import { UNKNOWN_CLIENT, clientNetworks } from './client.ts';
import { CLOSED_MESSAGES, createClosedCheck } from './closed.ts';
import type { ContributionConfig } from './config.ts';
import { draftFromFields, type NoticeDraft } from './draft.ts';
import { BODY_FIELD, EDITABLE_KEYS, EDIT_FIELD, POW_FIELD, TOKEN_FIELD, VERSION_FIELD } from './form-fields.ts';
import { parseSubmission, readCappedBody, type SubmittedForm } from './http.ts';
import { ATTEMPTS_PER_ADDRESS, countAttempt } from './layers/attempts.ts';
import { refuseCrossSite } from './layers/cross-site.ts';
import { refuseFilledHoneypot } from './layers/honeypot.ts';
import { ProofOfWork } from './layers/proof-of-work.ts';
import { refuseUsedSending, reserveQuotas, type Sending } from './layers/quotas.ts';
import { MIN_FILL_MS, checkToken, issueToken, tokenId } from './layers/token.ts';
import { createPlanner, type Opened, type Planner } from './plan.ts';
import { CALM, pressureFor, type Pressure } from './pressure.ts';
import { checkedProposal, submissionIdentity } from './proposal.ts';
import { Refusal } from './refusal.ts';
import { createResponder, type Responder } from './responses.ts';
import { StoreUnavailableError, createMemoryStore, type ContributionStore, type Limit } from './store.ts';

export interface HandlerOptions {
  config: ContributionConfig;
  backend: ContributionBackend;
  /** Folder holding notices/, etiquettes.yaml and plateformes.yaml (the deployed content). */
  contentRoot: string;
  /** Public address of the site, for links in answers and merge requests. */
  siteUrl: string;
  /** Shared state (limits, single use); in memory when absent. */
  store?: ContributionStore;
  /** Path of the form action as the site uses it. */
  endpoint?: string;
  log?: (line: string) => void;
  now?: () => number;
}

export type ContributionHandler = (request: Request, info?: { clientAddress?: string }) => Promise<Response>;

/** Re-exported for the bench and the tests: the calm hour's quotas per address. */
export const PER_CLIENT_WITH_POW = CALM.perAddress.js;
export const PER_CLIENT_WITHOUT_POW = CALM.perAddress['sans-js'];
export const ATTEMPTS_PER_CLIENT = ATTEMPTS_PER_ADDRESS.points;

const TOKEN_MESSAGES = {
  absent: 'Relisez votre proposition puis envoyez-la : cette étape de confirmation protège l’annuaire contre les robots.',
  perime: 'Le formulaire était ouvert depuis trop longtemps : vérifiez votre proposition, puis envoyez-la à nouveau.',
  invalide: 'Le formulaire a expiré : vérifiez votre proposition, puis envoyez-la à nouveau.',
} as const;

/** What a POST learns, step after step. */
interface Post {
  request: Request;
  networks: string[];
  submission?: SubmittedForm;
  pressure: Pressure;
  sending?: Sending;
  draft?: NoticeDraft;
  identity?: string;
  opened?: Opened;
}

export function createContributionHandler(options: HandlerOptions): ContributionHandler {
  const ctx = createContext(options);
  return async (request, info) => {
    try {
      if (request.method === 'OPTIONS') return ctx.respond.preflight(request);
      if (request.method === 'GET' || request.method === 'HEAD') return await handleGet(ctx, request);
      if (request.method === 'POST') return await handlePost(ctx, request, info);
      return ctx.respond.json(request, 405, { ok: false, code: 'methode', message: 'Seules les méthodes GET et POST sont acceptées.' });
    } catch (error) {
      ctx.log(`erreur inattendue : ${(error as Error)?.stack ?? String(error)}`);
      return ctx.respond.json(request, 500, { ok: false, code: 'erreur-interne', message: 'Une erreur inattendue est survenue.' });
    }
  };
}

/** What the steps share: the configuration, the state and the parts built once. */
interface Context {
  config: ContributionConfig;
  backend: ContributionBackend;
  siteUrl: string;
  log: (line: string) => void;
  now: () => number;
  store: ContributionStore;
  schema: NoticeSchema;
  pow: ProofOfWork;
  breaker: Limit;
  respond: Responder;
  closedCheck: ReturnType<typeof createClosedCheck>;
  planner: Planner;
  /** The client's address and networks (client.ts), said once in the log when unknown. */
  networksOf: (request: Request, info?: { clientAddress?: string }) => string[];
}

/** A field of the submission as sent, trimmed. */
const field = (post: Post, name: string) => post.submission!.fields.get(name)?.[0]?.trim() ?? '';

/** Everything a request needs, built once from the options. */
function createContext(options: HandlerOptions): Context {
  const { config, backend, siteUrl } = options;
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryStore();
  const vocabularies: Vocabularies = loadVocabularies(options.contentRoot);
  const schema: NoticeSchema = createNoticeSchema(vocabularyIds(vocabularies));
  const pow = new ProofOfWork(config.secret, config.powMaxNumber);
  const breaker: Limit = { name: 'disjoncteur', points: config.maxPerHour, windowSeconds: 3_600 };
  const respond = createResponder({
    siteUrl,
    endpoint: options.endpoint ?? '/api/contribuer',
    corsOrigins: config.corsOrigins,
    vocabularies,
    formToken: () => issueToken(config.secret, now(), 'sans-js'),
  });
  const closedCheck = createClosedCheck({ closedByEnvironment: config.closedByEnvironment, backend, store, breaker, log, now });
  const noticesDir = path.join(options.contentRoot, 'notices');
  const planner = createPlanner({ schema, backend, siteUrl, deployedNotice: deployedNoticeOf(noticesDir), deployedNotices: deployedNoticesOf(noticesDir), log });
  let warnedUnknownClient = false;

  const networksOf = (request: Request, info?: { clientAddress?: string }): string[] => {
    const networks = clientNetworks(request, config, info?.clientAddress);
    if (networks[0] === UNKNOWN_CLIENT && !warnedUnknownClient) {
      warnedUnknownClient = true;
      log('adresse du client inconnue : toutes les personnes partagent la même limite. Réglez CONTRIBUTION_CLIENT_IP_HEADER (serverless) ou CONTRIBUTION_TRUST_PROXY.');
    }
    return networks;
  };
  return { config, backend, siteUrl, log, now, store, schema, pow, breaker, respond, closedCheck, planner, networksOf };
}

/** The steps of a POST, in order; each passes or throws a Refusal. */
const POST_STEPS: [name: string, step: (ctx: Context, post: Post) => Promise<void> | void][] = [
  ['cross-site', (ctx, post) => refuseCrossSite(post.request, [new URL(ctx.siteUrl).origin, ...ctx.config.corsOrigins])],
  [
    'read',
    async (_ctx, post) => {
      post.submission = await parseSubmission(post.request, await readCappedBody(post.request));
    },
  ],
  ['attempts', (ctx, post) => countAttempt(ctx.store, post.networks)],
  [
    'closed',
    async (ctx, post) => {
      const closed = await ctx.closedCheck();
      if (closed.reason) throw new Refusal('fermees', CLOSED_MESSAGES[closed.reason]);
      post.pressure = pressureFor(closed.opened, ctx.config.maxPerHour);
    },
  ],
  ['honeypot', (_ctx, post) => refuseFilledHoneypot(post.submission!.fields)],
  [
    'token',
    (ctx, post) => {
      const token = checkToken(field(post, TOKEN_FIELD) || undefined, ctx.config.secret, ctx.now(), post.pressure.delayFactor);
      if (token.status === 'trop-tot') {
        const seconds = Math.ceil((MIN_FILL_MS[token.kind!] * (token.kind === 'sans-js' ? post.pressure.delayFactor : 1)) / 1000);
        throw new Refusal(
          'jeton-trop-tot',
          `Proposition envoyée trop vite : relisez-la, puis envoyez-la à nouveau (au moins ${seconds} secondes après l’ouverture du formulaire).`,
        );
      }
      if (token.status !== 'ok') throw new Refusal(`jeton-${token.status}`, TOKEN_MESSAGES[token.status]);
      post.sending = { kind: token.kind!, tokenId: token.id! };
    },
  ],
  [
    'proof-of-work',
    async (ctx, post) => {
      if (post.sending!.kind === 'sans-js') return;
      // The script could not solve the challenge: the person confirms as without JavaScript.
      if (!field(post, POW_FIELD)) throw new Refusal('jeton-absent', TOKEN_MESSAGES.absent);
      const signature = await ctx.pow.verify(field(post, POW_FIELD), post.sending!.tokenId);
      if (!signature) throw new Refusal('preuve-invalide', 'La vérification anti-robot a échoué : rechargez la page et envoyez à nouveau.');
      post.sending!.powSignature = signature;
    },
  ],
  [
    'content',
    (ctx, post) => {
      post.draft = draftFromFields(ctx.schema, post.submission!.fields);
      // The checker's errors, on the draft as sent: bad content is refused before the forge is read.
      checkedProposal(ctx.schema, post.draft.data, post.draft.body, post.draft.message);
      post.identity = submissionIdentity(field(post, EDIT_FIELD), post.draft, post.submission!.logo?.bytes);
    },
  ],
  ['single-use', (ctx, post) => refuseUsedSending(ctx.store, post.sending!, post.identity!)],
  [
    'plan-reserve-open',
    async (ctx, post) => {
      let giveBack: (() => Promise<void>) | undefined;
      post.opened = await ctx.planner.propose({
        draft: post.draft!,
        identity: post.identity!,
        editing: field(post, EDIT_FIELD),
        version: field(post, VERSION_FIELD) || undefined,
        logo: post.submission!.logo?.bytes,
        today: new Date(ctx.now()).toISOString().slice(0, 10),
        beforeOpen: async () => {
          giveBack = await reserveQuotas(ctx.store, { sending: post.sending!, identity: post.identity!, networks: post.networks, pressure: post.pressure, breaker: ctx.breaker });
        },
        notOpened: async () => {
          await giveBack?.().catch(() => undefined);
          giveBack = undefined;
        },
      });
    },
  ],
];

async function handlePost(ctx: Context, request: Request, info?: { clientAddress?: string }): Promise<Response> {
  const post: Post = { request, networks: ctx.networksOf(request, info), pressure: CALM };
  try {
    for (const [, step] of POST_STEPS) await step(ctx, post);
    const { result } = post.opened!;
    ctx.log(`contribution ${result.alreadyExisted ? 'déjà reçue' : 'reçue'} : ${result.branch}${result.url ? ` ${result.url}` : ''}`);
    return ctx.respond.opened(request, post.submission!, post.opened!);
  } catch (error) {
    return ctx.respond.refusal(request, post.submission, asRefusal(ctx, error));
  }
}

/** Everything that can go wrong, as a refusal the person reads (the unexpected is logged). */
function asRefusal({ log }: Context, error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof BackendUnavailableError) {
    log(`contribution non transmise : ${error.message}`);
    return new Refusal(
      'forge-indisponible',
      'La forge où les propositions sont relues ne répond pas pour le moment. Votre texte est ci-dessous : réessayez dans quelques minutes (il ne sera pas envoyé deux fois).',
    );
  }
  if (error instanceof StoreUnavailableError) {
    log(`état partagé injoignable : ${error.message}`);
    return new Refusal('etat-indisponible', 'Le service de contribution est momentanément indisponible. Votre texte est ci-dessous : réessayez dans quelques minutes.');
  }
  log(`erreur inattendue : ${(error as Error)?.stack ?? String(error)}`);
  return new Refusal('erreur-interne', 'Une erreur inattendue a empêché l’envoi. Votre texte est ci-dessous ; réessayez, et si cela recommence, prévenez Framasoft.');
}

/** Whether contributions are open (JSON, with a token and a challenge priced for the hour), or the no-JavaScript form. */
async function handleGet(ctx: Context, request: Request): Promise<Response> {
  const { config, respond, pow, planner, now } = ctx;
  const slug = new URL(request.url).searchParams.get('notice');
  const wantsHtml = slug !== null || (request.headers.get('accept') ?? '').includes('text/html');
  try {
    const closed = await ctx.closedCheck();
    if (!wantsHtml) {
      if (closed.reason) return respond.json(request, 200, { ouvert: false, raison: closed.reason, message: CLOSED_MESSAGES[closed.reason] });
      const token = issueToken(config.secret, now(), 'js');
      const pressure = pressureFor(closed.opened, config.maxPerHour);
      return respond.json(request, 200, { ouvert: true, jeton: token, defi: await pow.challenge(tokenId(token), pressure.powFactor) });
    }
    const values = new Map<string, string[]>();
    if (slug) {
      const current = await planner.readNotice(slug);
      if (!current) return respond.unknownNotice(request, slug);
      fillFromNotice(values, current.content);
    }
    return respond.formPage(request, values, slug ?? undefined, closed.reason ? CLOSED_MESSAGES[closed.reason] : undefined);
  } catch (error) {
    const refusal = asRefusal(ctx, error);
    return wantsHtml ? respond.refusal(request, undefined, refusal) : respond.json(request, 503, { ok: false, code: refusal.code, message: refusal.message });
  }
}

/** The edit form's values, from the notice as it is now, with its version as the merge's base. */
function fillFromNotice(values: Map<string, string[]>, content: string): void {
  const notice = parseNoticeFile(content);
  for (const key of EDITABLE_KEYS) {
    const v = notice.data[key];
    // One value per list item: checkboxes are ticked by item, text areas join them by line.
    if (v !== undefined) values.set(key, Array.isArray(v) ? v.map(String) : [String(v)]);
  }
  values.set(BODY_FIELD, [notice.body]);
  values.set(VERSION_FIELD, [noticeVersion(content)]);
}

/** The deployed copy of one notice: only for backends that cannot read the target branch (test doubles). */
function deployedNoticeOf(noticesDir: string): (slug: string) => string | undefined {
  return (slug) => {
    const file = path.join(noticesDir, `${slug}.md`);
    return SLUG_PATTERN.test(slug) && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
}

/**
 * The notices deployed with the function, for the duplicate search when the live state cannot
 * be read: read once, and again only when the folder changes.
 */
function deployedNoticesOf(noticesDir: string): () => NoticeRef[] {
  let cache: { mtimeMs: number; notices: NoticeRef[] } | undefined;
  return () => {
    const mtimeMs = statSync(noticesDir).mtimeMs;
    if (cache?.mtimeMs !== mtimeMs) {
      const notices = readdirSync(noticesDir)
        .filter((name) => name.endsWith('.md'))
        .flatMap((name) => {
          try {
            return [{ slug: name.slice(0, -3), data: parseNoticeFile(readFileSync(path.join(noticesDir, name), 'utf8')).data }];
          } catch {
            return [];
          }
        });
      cache = { mtimeMs, notices };
    }
    return cache.notices;
  };
}
