/**
 * The contribution function: a web-standard handler `(Request) => Promise<Response>`, no
 * framework inside. Astro's node route, a serverless platform or a bare Node server wrap it in
 * one line. A POST goes through named steps — guard the request, read it (bounded), check the
 * sending (token, proof of work), then the planner (plan.ts) builds the proposal from the target
 * branch as it is now, the quotas are reserved right before the forge is asked, and the answer
 * follows. Every refusal is French, names the field, writes nothing and gives the person's text
 * back. Quotas are taken only for a proposal that is really opened.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NoticeRef } from '../notices/duplicates.ts';
import { parseNoticeFile } from '../notices/notice-file.ts';
import { createNoticeSchema, type NoticeSchema } from '../notices/schema.ts';
import { loadVocabularies, vocabularyIds, type Vocabularies } from '../notices/vocabulary.ts';
import { ProofOfWork, MAX_FILL_MS, POW_TTL_MS, checkContent, checkToken, issueToken, tokenId, type TokenKind } from './antispam.ts';
import { BackendUnavailableError, type ContributionBackend } from './backend.ts';
import { UNKNOWN_CLIENT, clientKey } from './client.ts';
import type { ContributionConfig } from './config.ts';
import { EDITABLE_KEYS, draftFromFields } from './draft.ts';
import { BODY_FIELD, EDIT_FIELD, HONEYPOT_FIELD, POW_FIELD, SENDING_FIELDS, TOKEN_FIELD } from './form-fields.ts';
import { renderContributionForm, renderPage } from './form-html.ts';
import { HttpError, parseSubmission, readCappedBody, type SubmittedForm } from './http.ts';
import { createPlanner, type Opened } from './plan.ts';
import { submissionIdentity } from './proposal.ts';
import { StoreUnavailableError, createMemoryStore, type ContributionStore, type Limit } from './store.ts';
import { escapeHtml } from '../shared/html.ts';

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

/** Proposals per client and per hour: with the proof of work, and without (no JavaScript). */
export const PER_CLIENT_WITH_POW = 6;
export const PER_CLIENT_WITHOUT_POW = 2;
/** Any POST, refused or not, per client and per ten minutes: bounds what a script costs us. */
export const ATTEMPTS_PER_CLIENT = 60;
const HOUR_SECONDS = 3_600;

const CLOSED_MESSAGE =
  'Les contributions sont momentanément fermées. Vous pouvez proposer un logiciel en écrivant à l’équipe de Framasoft (https://contact.framasoft.org/) ; votre texte ci-dessous n’est pas perdu.';
const TOKEN_MESSAGES = {
  absent: 'Relisez votre proposition puis envoyez-la : cette étape de confirmation protège l’annuaire contre les robots.',
  'trop-tot': 'Proposition envoyée trop vite : relisez-la, puis envoyez-la à nouveau.',
  perime: 'Le formulaire était ouvert depuis trop longtemps : vérifiez votre proposition, puis envoyez-la à nouveau.',
  invalide: 'Le formulaire a expiré : vérifiez votre proposition, puis envoyez-la à nouveau.',
} as const;

/** The sending checks passed: which quota applies, and what single use is recorded under. */
interface Sending {
  kind: TokenKind;
  tokenId: string;
  powSignature?: string;
}

export function createContributionHandler(options: HandlerOptions): ContributionHandler {
  const { config, backend, siteUrl } = options;
  const endpoint = options.endpoint ?? '/api/contribuer';
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryStore();
  const vocabularies: Vocabularies = loadVocabularies(options.contentRoot);
  const schema: NoticeSchema = createNoticeSchema(vocabularyIds(vocabularies));
  const noticesDir = path.join(options.contentRoot, 'notices');
  const pow = new ProofOfWork(config.secret, config.powMaxNumber);
  const limits = {
    attempts: { name: 'essais', points: ATTEMPTS_PER_CLIENT, windowSeconds: 600 },
    withPow: { name: 'client-js', points: PER_CLIENT_WITH_POW, windowSeconds: HOUR_SECONDS },
    withoutPow: { name: 'client-sans-js', points: PER_CLIENT_WITHOUT_POW, windowSeconds: HOUR_SECONDS },
    breaker: { name: 'disjoncteur', points: config.maxPerHour, windowSeconds: HOUR_SECONDS },
  } satisfies Record<string, Limit>;
  const siteOrigin = new URL(siteUrl).origin;
  let warnedUnknownClient = false;

  /** The deployed copy: a last resort only, the target branch is the source of truth (plan.ts). */
  const deployedNotice = (slug: string): string | undefined => {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return undefined;
    const file = path.join(noticesDir, `${slug}.md`);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  // The deployed notices, for the duplicate search when the live state cannot be read: read once,
  // and again only when the folder changes.
  let noticesCache: { mtimeMs: number; notices: NoticeRef[] } | undefined;
  const allNotices = (): NoticeRef[] => {
    const mtimeMs = statSync(noticesDir).mtimeMs;
    if (noticesCache?.mtimeMs !== mtimeMs) {
      const notices = readdirSync(noticesDir)
        .filter((name) => name.endsWith('.md'))
        .flatMap((name) => {
          try {
            return [{ slug: name.slice(0, -3), data: parseNoticeFile(readFileSync(path.join(noticesDir, name), 'utf8')).data }];
          } catch {
            return [];
          }
        });
      noticesCache = { mtimeMs, notices };
    }
    return noticesCache.notices;
  };

  const planner = createPlanner({ schema, backend, siteUrl, deployedNotice, deployedNotices: allNotices, log });

  /** Why contributions are closed right now, or undefined when they are open. */
  async function closedReason(): Promise<string | undefined> {
    if (config.closedByEnvironment) return CLOSED_MESSAGE;
    if ((await store.used(limits.breaker, 'global')) >= config.maxPerHour) {
      return 'Trop de propositions sont arrivées cette heure-ci : le formulaire se rouvrira de lui-même dans moins d’une heure. Votre texte ci-dessous n’est pas perdu.';
    }
    if (backend.closedByModerators) {
      try {
        if (await backend.closedByModerators()) return CLOSED_MESSAGE;
      } catch {
        return 'Impossible de vérifier pour le moment si les contributions sont ouvertes : réessayez dans quelques minutes. Votre texte ci-dessous n’est pas perdu.';
      }
    }
    return undefined;
  }

  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    if (!origin || !config.corsOrigins.includes(origin)) return {};
    return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type, accept' };
  }

  const baseHeaders = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' };
  const json = (request: Request, status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { ...baseHeaders, ...corsHeaders(request), 'content-type': 'application/json; charset=utf-8' } });
  const html = (request: Request, status: number, title: string, body: string) =>
    new Response(renderPage({ title, siteUrl, body }), {
      status,
      headers: {
        ...baseHeaders,
        ...corsHeaders(request),
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'none'; style-src 'self' ${siteOrigin}; img-src 'self'; form-action 'self' ${siteOrigin}; frame-ancestors 'none'`,
      },
    });

  /** The form again, filled with what the person sent, with a fresh no-JavaScript token. */
  function formAgain(values: Map<string, string[]>, errors: { field: string; message: string }[], editing?: string): string {
    const kept = new Map([...values].filter(([key]) => !SENDING_FIELDS.includes(key)));
    return renderContributionForm({ action: endpoint, vocabularies, values: kept, errors, token: issueToken(config.secret, now(), 'sans-js'), editing });
  }

  function refusal(request: Request, submission: SubmittedForm | undefined, error: HttpError): Response {
    const values = submission?.fields ?? new Map<string, string[]>();
    const wantsHtml = submission
      ? submission.wantsHtml
      : !(request.headers.get('accept') ?? '').includes('application/json') && !(request.headers.get('content-type') ?? '').includes('json');
    if (!wantsHtml) {
      return json(request, error.status, {
        ok: false,
        code: error.code,
        message: error.message,
        erreurs: error.fields.map((f) => ({ champ: f.field, message: f.message })),
        // The text is given back so that a client can restore it.
        proposition: Object.fromEntries([...values].filter(([k]) => !SENDING_FIELDS.includes(k))),
      });
    }
    const errors = error.fields.length > 0 ? error.fields : [{ field: 'en-tête', message: error.message }];
    const editing = values.get(EDIT_FIELD)?.[0] || undefined;
    return html(request, error.status, 'Proposition non envoyée', `<p class="chapo">${escapeHtml(error.message)}</p>\n${formAgain(values, errors, editing)}`);
  }

  function clientOf(request: Request, info?: { clientAddress?: string }): string {
    const key = clientKey(request, config, info?.clientAddress);
    if (key === UNKNOWN_CLIENT && !warnedUnknownClient) {
      warnedUnknownClient = true;
      log('adresse du client inconnue : toutes les personnes partagent la même limite. Réglez CONTRIBUTION_CLIENT_IP_HEADER (serverless) ou CONTRIBUTION_TRUST_PROXY.');
    }
    return key;
  }

  async function handleGet(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const slug = url.searchParams.get('notice');
    const wantsHtml = slug !== null || (request.headers.get('accept') ?? '').includes('text/html');
    const reason = await closedReason();
    if (!wantsHtml) {
      if (reason) return json(request, 200, { ouvert: false, message: reason });
      const token = issueToken(config.secret, now(), 'js');
      return json(request, 200, { ouvert: true, jeton: token, defi: await pow.challenge(tokenId(token)) });
    }
    // The form for people without JavaScript, filled from the notice when one is named.
    const values = new Map<string, string[]>();
    let editing: string | undefined;
    if (slug) {
      const text = (await planner.readNotice(slug))?.content;
      if (!text)
        return html(
          request,
          404,
          'Notice introuvable',
          `<p>Aucune notice ne s’appelle « ${escapeHtml(slug)} ». <a href="${escapeHtml(siteUrl)}/notices/">Voir toutes les notices</a>.</p>`,
        );
      editing = slug;
      const notice = parseNoticeFile(text);
      for (const key of EDITABLE_KEYS) {
        const v = notice.data[key];
        // One value per list item: checkboxes are ticked by item, text areas join them by line.
        if (v !== undefined) values.set(key, Array.isArray(v) ? v.map(String) : [String(v)]);
      }
      values.set(BODY_FIELD, [notice.body]);
    }
    const intro = reason
      ? `<p class="chapo" role="alert">${escapeHtml(reason)}</p>`
      : `<p class="chapo">${editing ? 'Modifiez les champs à corriger : seuls les champs changés seront proposés.' : 'Seuls le nom et la licence sont obligatoires.'}</p>`;
    return html(request, 200, editing ? 'Proposer une modification' : 'Proposer un logiciel', `${intro}\n${formAgain(values, [], editing)}`);
  }

  /** Step 1: refuse cross-site submissions and clients that send far too much, before reading. */
  async function guardRequest(request: Request, client: string): Promise<void> {
    const origin = request.headers.get('origin');
    const fetchSite = request.headers.get('sec-fetch-site');
    const allowed = new Set([siteOrigin, new URL(request.url).origin, ...config.corsOrigins]);
    const crossSite = origin ? !allowed.has(origin) : fetchSite === 'cross-site' || fetchSite === 'same-site';
    if (crossSite) {
      throw new HttpError(403, 'autre-site', 'Cette proposition vient d’une page d’un autre site : ouvrez le formulaire de Framalibre lui-même pour proposer un logiciel.');
    }
    if (!(await store.take(limits.attempts, client))) {
      throw new HttpError(
        429,
        'trop-d-essais',
        'Beaucoup d’envois sont arrivés de votre connexion ces dernières minutes : patientez dix minutes avant de réessayer. Votre texte ci-dessous n’est pas perdu.',
      );
    }
  }

  /** Step 3: honeypot, token and proof of work — checked, not yet used up. */
  async function checkSending(fields: Map<string, string[]>): Promise<Sending> {
    const first = (name: string) => fields.get(name)?.[0]?.trim() ?? '';
    if (first(HONEYPOT_FIELD)) throw new HttpError(400, 'pot-de-miel', 'Le champ « Ne remplissez pas ce champ » doit rester vide (il sert à repérer les robots).');
    const token = checkToken(first(TOKEN_FIELD) || undefined, config.secret, now());
    if (token.status !== 'ok') throw new HttpError(token.status === 'absent' ? 422 : 429, `jeton-${token.status}`, TOKEN_MESSAGES[token.status]);
    if (token.kind === 'sans-js') return { kind: 'sans-js', tokenId: token.id! };
    const payload = first(POW_FIELD);
    // The script could not solve the challenge: the person confirms as without JavaScript.
    if (!payload) throw new HttpError(422, 'jeton-absent', TOKEN_MESSAGES.absent);
    const powSignature = await pow.verify(payload, token.id!);
    if (!powSignature) throw new HttpError(400, 'preuve-invalide', 'La vérification anti-robot a échoué : rechargez la page et envoyez à nouveau.');
    return { kind: 'js', tokenId: token.id!, powSignature };
  }

  /**
   * Step 4, right before the forge is asked (plan.ts calls it): single use of the token and the
   * solution (a retry of the same submission may use them again), then the client's quota, then
   * the breaker — each taken atomically, so concurrent requests cannot pass a limit. Returns how
   * to give the quotas back.
   */
  async function reserve(client: string, sending: Sending, identity: string): Promise<() => Promise<void>> {
    const claims = [[`jeton:${sending.tokenId}`, MAX_FILL_MS] as const, ...(sending.powSignature ? [[`preuve:${sending.powSignature}`, POW_TTL_MS] as const] : [])];
    for (const [key, ttl] of claims) {
      const previous = await store.claim(key, identity, ttl);
      if (previous !== undefined && previous !== identity) {
        throw new HttpError(
          409,
          'jeton-deja-utilise',
          'Ce formulaire a déjà servi à envoyer une autre proposition : rechargez la page pour en envoyer une nouvelle. Votre texte ci-dessous n’est pas perdu.',
        );
      }
    }
    const perClient = sending.kind === 'js' ? limits.withPow : limits.withoutPow;
    if (!(await store.take(perClient, client))) {
      throw new HttpError(
        429,
        'trop-de-propositions',
        'Vous avez envoyé beaucoup de propositions en peu de temps : réessayez dans une heure. Votre texte ci-dessous n’est pas perdu.',
      );
    }
    if (!(await store.take(limits.breaker, 'global'))) {
      await store.giveBack(perClient, client);
      throw new HttpError(
        503,
        'fermees',
        'Trop de propositions sont arrivées cette heure-ci : le formulaire se rouvrira de lui-même dans moins d’une heure. Votre texte ci-dessous n’est pas perdu.',
      );
    }
    return async () => {
      await store.giveBack(perClient, client);
      await store.giveBack(limits.breaker, 'global');
    };
  }

  /** Step 5: the answer, as JSON for scripts or a page for a plain form. */
  function answer(request: Request, submission: SubmittedForm, opened: Opened): Response {
    const { result } = opened;
    const status = result.alreadyExisted ? 200 : 201;
    if (!submission.wantsHtml) {
      return json(request, status, { ok: true, branche: result.branch, url: result.url ?? null, deja_recue: result.alreadyExisted, notice: opened.slug });
    }
    const nom = escapeHtml(opened.nom);
    const where = result.url
      ? `<p>Vous pouvez suivre la discussion sur <a href="${escapeHtml(result.url)}">la demande de fusion</a> (sans compte, en lecture).</p>`
      : `<p>Elle est enregistrée dans la branche <code>${escapeHtml(result.branch)}</code> du dépôt, où l’équipe de modération la relira.</p>`;
    return html(
      request,
      status,
      'Merci pour votre proposition !',
      `<p class="chapo">${result.alreadyExisted ? 'Cette proposition avait déjà été reçue : elle n’a pas été envoyée une seconde fois.' : `Votre proposition ${opened.mode === 'nouvelle' ? `de notice « ${nom} »` : `de modification de « ${nom} »`} est arrivée.`}</p>
${where}
<h2>Et maintenant ?</h2>
<ol><li>Une personne bénévole de l’équipe de modération relit la proposition, généralement sous quelques jours.</li><li>Si tout va bien, elle l’accepte et la notice paraît sur le site à la publication suivante.</li><li>Si quelque chose manque, elle l’explique dans la discussion.</li></ol>
<p><a href="${escapeHtml(siteUrl)}/">Retour à l’annuaire</a> · <a href="${escapeHtml(siteUrl)}/contribuer/">Proposer un autre logiciel</a></p>`,
    );
  }

  async function handlePost(request: Request, info?: { clientAddress?: string }): Promise<Response> {
    let submission: SubmittedForm | undefined;
    try {
      const client = clientOf(request, info);
      await guardRequest(request, client);
      submission = await parseSubmission(request, await readCappedBody(request));
      const reason = await closedReason();
      if (reason) throw new HttpError(503, 'fermees', reason);
      const sending = await checkSending(submission.fields);
      checkContent([...submission.fields].filter(([k]) => !SENDING_FIELDS.includes(k)).flatMap(([, v]) => v));
      const draft = draftFromFields(schema, submission.fields);
      const editing = submission.fields.get(EDIT_FIELD)?.[0]?.trim() ?? '';
      const identity = submissionIdentity(editing, draft, submission.logo?.bytes);
      let release: (() => Promise<void>) | undefined;
      const opened = await planner.propose({
        draft,
        identity,
        editing,
        logo: submission.logo?.bytes,
        today: new Date(now()).toISOString().slice(0, 10),
        beforeOpen: async () => {
          release = await reserve(client, sending, identity);
        },
        notOpened: async () => {
          await release?.().catch(() => undefined);
          release = undefined;
        },
      });
      log(`contribution ${opened.result.alreadyExisted ? 'déjà reçue' : 'reçue'} : ${opened.result.branch}${opened.result.url ? ` ${opened.result.url}` : ''}`);
      return answer(request, submission, opened);
    } catch (error) {
      if (error instanceof HttpError) return refusal(request, submission, error);
      if (error instanceof BackendUnavailableError) {
        log(`contribution non transmise : ${error.message}`);
        return refusal(
          request,
          submission,
          new HttpError(
            503,
            'forge-indisponible',
            'La forge où les propositions sont relues ne répond pas pour le moment. Votre texte est ci-dessous : réessayez dans quelques minutes (il ne sera pas envoyé deux fois).',
          ),
        );
      }
      if (error instanceof StoreUnavailableError) {
        log(`état partagé injoignable : ${error.message}`);
        return refusal(
          request,
          submission,
          new HttpError(503, 'etat-indisponible', 'Le service de contribution est momentanément indisponible. Votre texte est ci-dessous : réessayez dans quelques minutes.'),
        );
      }
      log(`erreur inattendue : ${(error as Error).stack ?? String(error)}`);
      return refusal(
        request,
        submission,
        new HttpError(500, 'erreur-interne', 'Une erreur inattendue a empêché l’envoi. Votre texte est ci-dessous ; réessayez, et si cela recommence, prévenez Framasoft.'),
      );
    }
  }

  return async (request, info) => {
    try {
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...baseHeaders, ...corsHeaders(request) } });
      if (request.method === 'GET' || request.method === 'HEAD') return await handleGet(request);
      if (request.method === 'POST') return await handlePost(request, info);
      return json(request, 405, { ok: false, code: 'methode', message: 'Seules les méthodes GET et POST sont acceptées.' });
    } catch (error) {
      if (error instanceof StoreUnavailableError)
        return json(request, 503, {
          ok: false,
          code: 'etat-indisponible',
          message: 'Le service de contribution est momentanément indisponible : réessayez dans quelques minutes.',
        });
      log(`erreur inattendue : ${(error as Error).stack ?? String(error)}`);
      return json(request, 500, { ok: false, code: 'erreur-interne', message: 'Une erreur inattendue est survenue.' });
    }
  };
}
