/**
 * The contribution function: a web-standard handler `(Request) => Promise<Response>`, no
 * framework inside. Astro's node route, a serverless platform or a bare Node server wrap it in
 * one line. Every refusal is French, names the field, writes nothing, and gives the person's text
 * back; the forge is only called once everything has been checked.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { NoticeRef } from '../notices/duplicates.ts';
import { parseNoticeFile } from '../notices/notice-file.ts';
import { createNoticeSchema, type NoticeSchema } from '../notices/schema.ts';
import { loadVocabularies, vocabularyIds, type Vocabularies } from '../notices/vocabulary.ts';
import { HONEYPOT_FIELD, POW_FIELD, ProofOfWork, RateLimiter, TOKEN_FIELD, checkContent, checkToken, issueToken } from './antispam.ts';
import { BackendUnavailableError, type ContributionBackend } from './backend.ts';
import type { ContributionConfig } from './config.ts';
import { renderContributionForm, renderPage } from './form-html.ts';
import { escapeHtml } from '../shared/html.ts';
import { HttpError, parseSubmission, readCappedBody, type SubmittedForm } from './http.ts';
import { BODY_FIELD, EDITABLE_KEYS, EDIT_FIELD, draftFromFields } from './draft.ts';
import { createPlanner } from './plan.ts';

export interface HandlerOptions {
  config: ContributionConfig;
  backend: ContributionBackend;
  /** Folder holding notices/, etiquettes.yaml and plateformes.yaml (the deployed content). */
  contentRoot: string;
  /** Public address of the site, for links in answers and merge requests. */
  siteUrl: string;
  /** Path of the form action as the site uses it. */
  endpoint?: string;
  log?: (line: string) => void;
  now?: () => number;
}

export type ContributionHandler = (request: Request, info?: { clientAddress?: string }) => Promise<Response>;

/** Proposals per client and per hour: with the proof of work, and without (no JavaScript). */
export const PER_CLIENT_WITH_POW = 6;
export const PER_CLIENT_WITHOUT_POW = 2;
const HOUR = 3_600_000;
const CLOSED_MESSAGE =
  'Les contributions sont momentanément fermées. Vous pouvez proposer un logiciel en écrivant à l’équipe de Framasoft (https://contact.framasoft.org/) ; votre texte ci-dessous n’est pas perdu.';

export function createContributionHandler(options: HandlerOptions): ContributionHandler {
  const { config, backend, siteUrl } = options;
  const endpoint = options.endpoint ?? '/api/contribuer';
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const vocabularies: Vocabularies = loadVocabularies(options.contentRoot);
  const schema: NoticeSchema = createNoticeSchema(vocabularyIds(vocabularies));
  const noticesDir = path.join(options.contentRoot, 'notices');
  const pow = new ProofOfWork(config.secret, config.powMaxNumber);
  const withPow = new RateLimiter(PER_CLIENT_WITH_POW, HOUR);
  const withoutPow = new RateLimiter(PER_CLIENT_WITHOUT_POW, HOUR);
  const breaker = new RateLimiter(config.maxPerHour, HOUR);

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
    if (breaker.count('global', now()) >= config.maxPerHour) {
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
      headers: { ...baseHeaders, ...corsHeaders(request), 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'self' " + new URL(siteUrl).origin + "; img-src 'self'; form-action 'self' " + new URL(siteUrl).origin + '; frame-ancestors \'none\'' },
    });

  /** The form again, filled with what the person sent, with a fresh token. */
  function formAgain(values: Map<string, string[]>, errors: { field: string; message: string }[], editing?: string): string {
    const kept = new Map(values);
    for (const key of [TOKEN_FIELD, POW_FIELD, HONEYPOT_FIELD]) kept.delete(key);
    return renderContributionForm({ action: endpoint, vocabularies, values: kept, errors, token: issueToken(config.secret, now()), editing });
  }

  function refusal(request: Request, submission: SubmittedForm | undefined, error: HttpError): Response {
    const values = submission?.fields ?? new Map<string, string[]>();
    if (submission && !submission.wantsHtml) {
      return json(request, error.status, {
        ok: false,
        code: error.code,
        message: error.message,
        erreurs: error.fields.map((f) => ({ champ: f.field, message: f.message })),
        // The text is given back so that a client can restore it.
        proposition: Object.fromEntries([...values].filter(([k]) => ![TOKEN_FIELD, POW_FIELD, HONEYPOT_FIELD].includes(k))),
      });
    }
    const errors = error.fields.length > 0 ? error.fields : [{ field: 'en-tête', message: error.message }];
    const editing = values.get(EDIT_FIELD)?.[0] || undefined;
    return html(request, error.status, 'Proposition non envoyée', `<p class="chapo">${escapeHtml(error.message)}</p>\n${formAgain(values, errors, editing)}`);
  }

  function clientKey(request: Request, info?: { clientAddress?: string }): string {
    if (config.trustProxy) {
      const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
      if (forwarded) return forwarded;
    }
    return info?.clientAddress ?? 'inconnu';
  }

  async function handleGet(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const slug = url.searchParams.get('notice');
    const wantsHtml = slug !== null || (request.headers.get('accept') ?? '').includes('text/html');
    const reason = await closedReason();
    if (!wantsHtml) {
      return json(request, 200, reason ? { ouvert: false, message: reason } : { ouvert: true, jeton: issueToken(config.secret, now()), defi: await pow.challenge() });
    }
    // The form for people without JavaScript, filled from the notice when one is named.
    const values = new Map<string, string[]>();
    let editing: string | undefined;
    if (slug) {
      const text = (await planner.readNotice(slug))?.content;
      if (!text) return html(request, 404, 'Notice introuvable', `<p>Aucune notice ne s’appelle « ${escapeHtml(slug)} ». <a href="${escapeHtml(siteUrl)}/notices/">Voir toutes les notices</a>.</p>`);
      editing = slug;
      const notice = parseNoticeFile(text);
      for (const key of EDITABLE_KEYS) {
        const v = notice.data[key];
        // One value per list item: checkboxes are ticked by item, text areas join them by line.
        if (v !== undefined) values.set(key, Array.isArray(v) ? v.map(String) : [String(v)]);
      }
      values.set(BODY_FIELD, [notice.body]);
    }
    const intro = reason ? `<p class="chapo" role="alert">${escapeHtml(reason)}</p>` : `<p class="chapo">${editing ? 'Modifiez les champs à corriger : seuls les champs changés seront proposés.' : 'Seuls le nom et la licence sont obligatoires.'}</p>`;
    return html(request, 200, editing ? 'Proposer une modification' : 'Proposer un logiciel', `${intro}\n${formAgain(values, [], editing)}`);
  }

  async function handlePost(request: Request, info?: { clientAddress?: string }): Promise<Response> {
    let submission: SubmittedForm | undefined;
    try {
      submission = await parseSubmission(request, await readCappedBody(request));
      const fields = submission.fields;
      const first = (name: string) => fields.get(name)?.[0]?.trim() ?? '';

      const reason = await closedReason();
      if (reason) throw new HttpError(503, 'fermees', reason);

      if (first(HONEYPOT_FIELD)) throw new HttpError(400, 'pot-de-miel', 'Le champ « Ne remplissez pas ce champ » doit rester vide (il sert à repérer les robots).');
      const token = checkToken(first(TOKEN_FIELD) || undefined, config.secret, now());
      if (token !== 'ok') {
        const messages = {
          absent: 'Relisez votre proposition puis envoyez-la : cette étape de confirmation protège l’annuaire contre les robots.',
          'trop-tot': 'Proposition envoyée trop vite : relisez-la, puis envoyez-la à nouveau.',
          perime: 'Le formulaire était ouvert depuis trop longtemps : vérifiez votre proposition, puis envoyez-la à nouveau.',
          invalide: 'Le formulaire a expiré : vérifiez votre proposition, puis envoyez-la à nouveau.',
        } as const;
        throw new HttpError(token === 'absent' ? 422 : 429, `jeton-${token}`, messages[token]);
      }
      const powPayload = first(POW_FIELD);
      const powOk = powPayload ? await pow.verify(powPayload) : false;
      if (powPayload && !powOk) throw new HttpError(400, 'preuve-invalide', 'La vérification anti-robot a échoué : rechargez la page et envoyez à nouveau.');
      const client = clientKey(request, info);
      if (!(powOk ? withPow : withoutPow).take(client, now())) {
        throw new HttpError(429, 'trop-de-propositions', 'Vous avez envoyé beaucoup de propositions en peu de temps : réessayez dans une heure. Votre texte ci-dessous n’est pas perdu.');
      }
      checkContent([...fields.entries()].filter(([k]) => ![TOKEN_FIELD, POW_FIELD].includes(k)).flatMap(([, v]) => v));

      const draft = draftFromFields(schema, fields);
      const { result, slug, mode, nom } = await planner.propose({
        draft,
        editing: first(EDIT_FIELD),
        logo: submission.logo?.bytes,
        today: new Date(now()).toISOString().slice(0, 10),
      });
      if (!result.alreadyExisted) breaker.take('global', now());
      log(`contribution ${result.alreadyExisted ? 'déjà reçue' : 'reçue'} : ${result.branch}${result.url ? ` ${result.url}` : ''}`);

      if (!submission.wantsHtml) {
        return json(request, result.alreadyExisted ? 200 : 201, { ok: true, branche: result.branch, url: result.url ?? null, deja_recue: result.alreadyExisted, notice: slug });
      }
      const where = result.url
        ? `<p>Vous pouvez suivre la discussion sur <a href="${escapeHtml(result.url)}">la demande de fusion</a> (sans compte, en lecture).</p>`
        : `<p>Elle est enregistrée dans la branche <code>${escapeHtml(result.branch)}</code> du dépôt, où l’équipe de modération la relira.</p>`;
      return html(
        request,
        result.alreadyExisted ? 200 : 201,
        'Merci pour votre proposition !',
        `<p class="chapo">${result.alreadyExisted ? 'Cette proposition avait déjà été reçue : elle n’a pas été envoyée une seconde fois.' : `Votre proposition ${mode === 'nouvelle' ? `de notice « ${escapeHtml(nom)} »` : `de modification de « ${escapeHtml(nom)} »`} est arrivée.`}</p>
${where}
<h2>Et maintenant ?</h2>
<ol><li>Une personne bénévole de l’équipe de modération relit la proposition, généralement sous quelques jours.</li><li>Si tout va bien, elle l’accepte et la notice paraît sur le site à la publication suivante.</li><li>Si quelque chose manque, elle l’explique dans la discussion.</li></ol>
<p><a href="${escapeHtml(siteUrl)}/">Retour à l’annuaire</a> · <a href="${escapeHtml(siteUrl)}/contribuer/">Proposer un autre logiciel</a></p>`,
      );
    } catch (error) {
      if (error instanceof HttpError) return refusal(request, submission, error);
      if (error instanceof BackendUnavailableError) {
        log(`contribution non transmise : ${error.message}`);
        return refusal(request, submission, new HttpError(503, 'forge-indisponible', 'La forge où les propositions sont relues ne répond pas pour le moment. Votre texte est ci-dessous : réessayez dans quelques minutes (il ne sera pas envoyé deux fois).'));
      }
      log(`erreur inattendue : ${(error as Error).stack ?? String(error)}`);
      return refusal(request, submission, new HttpError(500, 'erreur-interne', 'Une erreur inattendue a empêché l’envoi. Votre texte est ci-dessous ; réessayez, et si cela recommence, prévenez Framasoft.'));
    }
  }

  return async (request, info) => {
    try {
      if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...baseHeaders, ...corsHeaders(request) } });
      if (request.method === 'GET' || request.method === 'HEAD') return await handleGet(request);
      if (request.method === 'POST') return await handlePost(request, info);
      return json(request, 405, { ok: false, code: 'methode', message: 'Seules les méthodes GET et POST sont acceptées.' });
    } catch (error) {
      log(`erreur inattendue : ${(error as Error).stack ?? String(error)}`);
      return json(request, 500, { ok: false, code: 'erreur-interne', message: 'Une erreur inattendue est survenue.' });
    }
  };
}
