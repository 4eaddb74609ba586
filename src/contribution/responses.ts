/**
 * The handler's edge: every answer it gives, as JSON for scripts or as a French page for a plain
 * HTML form, and the one table that turns a refusal's code into an HTTP status. The domain
 * (draft, plan, proposal, logo, the anti-spam layers) only says why it refuses (refusal.ts).
 * Whatever the answer, the person's text comes back with it: JSON clients get it under
 * `proposition`, a plain form is rendered again, filled, with a fresh confirmation token.
 */
import { NOTICES_INDEX_URL } from '../notices/addresses.ts';
import type { Vocabularies } from '../notices/vocabulary.ts';
import { escapeHtml } from '../shared/html.ts';
import { EDIT_FIELD, SENDING_FIELDS } from './form-fields.ts';
import { renderContributionForm, renderPage } from './form-html.ts';
import type { SubmittedForm } from './http.ts';
import type { Opened } from './plan.ts';
import type { Refusal } from './refusal.ts';

/** HTTP status of each refusal code; an unknown code is a 422 (the proposal itself is at fault). */
const STATUS: Record<string, number> = {
  'corps-interrompu': 400,
  'formulaire-illisible': 400,
  'json-illisible': 400,
  'pot-de-miel': 400,
  'preuve-invalide': 400,
  'autre-site': 403,
  'notice-inconnue': 404,
  methode: 405,
  doublon: 409,
  'existe-deja': 409,
  'modifiee-entre-temps': 409,
  'jeton-deja-utilise': 409,
  'version-inconnue': 409,
  'champ-trop-long': 413,
  'formulaire-demesure': 413,
  'trop-volumineux': 413,
  'format-inconnu': 415,
  'trop-d-essais': 429,
  'trop-de-propositions': 429,
  'jeton-trop-tot': 429,
  'jeton-perime': 429,
  'jeton-invalide': 429,
  'erreur-interne': 500,
  fermees: 503,
  'etat-indisponible': 503,
  'forge-indisponible': 503,
};

export const statusOf = (refusal: Refusal): number => STATUS[refusal.code] ?? 422;

export interface ResponderOptions {
  siteUrl: string;
  endpoint: string;
  corsOrigins: readonly string[];
  vocabularies: Vocabularies;
  /** A fresh no-JavaScript token for a form rendered again. */
  formToken: () => string;
}

const BASE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' };

/** The answers, each bound to the site's address, the endpoint and the allowed origins. */
export function createResponder(options: ResponderOptions) {
  const edge: Edge = { ...options, siteOrigin: new URL(options.siteUrl).origin };
  return {
    json: (request: Request, status: number, body: unknown) => json(edge, request, status, body),
    html: (request: Request, status: number, title: string, body: string) => html(edge, request, status, title, body),
    refusal: (request: Request, submission: SubmittedForm | undefined, refused: Refusal) => refusal(edge, request, submission, refused),
    opened: (request: Request, submission: SubmittedForm, done: Opened) => opened(edge, request, submission, done),
    formPage: (request: Request, values: Map<string, string[]>, editing: string | undefined, closedMessage: string | undefined) =>
      formPage(edge, request, values, editing, closedMessage),
    unknownNotice: (request: Request, slug: string) => unknownNotice(edge, request, slug),
    preflight: (request: Request) => new Response(null, { status: 204, headers: { ...BASE_HEADERS, ...corsHeaders(edge, request) } }),
    wantsHtml,
  };
}

type Edge = ResponderOptions & { siteOrigin: string };

function corsHeaders(edge: Edge, request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (!origin || !edge.corsOrigins.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type, accept' };
}

function json(edge: Edge, request: Request, status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...corsHeaders(edge, request), 'content-type': 'application/json; charset=utf-8' } });
}

function html(edge: Edge, request: Request, status: number, title: string, body: string): Response {
  return new Response(renderPage({ title, siteUrl: edge.siteUrl, body }), {
    status,
    headers: {
      ...BASE_HEADERS,
      ...corsHeaders(edge, request),
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; style-src 'self' ${edge.siteOrigin}; img-src 'self'; form-action 'self' ${edge.siteOrigin}; frame-ancestors 'none'`,
    },
  });
}

/** The form, filled with `values` (never the sending fields), with a fresh no-JavaScript token. */
function form(edge: Edge, values: Map<string, string[]>, errors: readonly { field: string; message: string }[], editing?: string): string {
  const kept = new Map([...values].filter(([key]) => !SENDING_FIELDS.includes(key)));
  return renderContributionForm({ action: edge.endpoint, vocabularies: edge.vocabularies, values: kept, errors: [...errors], token: edge.formToken(), editing });
}

/** Whether the person sent a plain HTML form (a page back) or a script (JSON back). */
function wantsHtml(request: Request, submission: SubmittedForm | undefined): boolean {
  if (submission) return submission.wantsHtml;
  return !(request.headers.get('accept') ?? '').includes('application/json') && !(request.headers.get('content-type') ?? '').includes('json');
}

/** A refusal: French, with the person's text given back (JSON or the form again). */
function refusal(edge: Edge, request: Request, submission: SubmittedForm | undefined, refused: Refusal): Response {
  const status = statusOf(refused);
  const values = submission?.fields ?? new Map<string, string[]>();
  if (!wantsHtml(request, submission)) {
    return json(edge, request, status, {
      ok: false,
      code: refused.code,
      message: refused.message,
      erreurs: refused.fields.map((f) => ({ champ: f.field, message: f.message })),
      proposition: Object.fromEntries([...values].filter(([k]) => !SENDING_FIELDS.includes(k))),
    });
  }
  const errors = refused.fields.length > 0 ? refused.fields : [{ field: 'en-tête', message: refused.message }];
  const editing = values.get(EDIT_FIELD)?.[0] || undefined;
  return html(edge, request, status, 'Proposition non envoyée', `<p class="chapo">${escapeHtml(refused.message)}</p>\n${form(edge, values, errors, editing)}`);
}

/** The proposal was opened (or had already been): where to follow it. */
function opened(edge: Edge, request: Request, submission: SubmittedForm, done: Opened): Response {
  const { result } = done;
  const status = result.alreadyExisted ? 200 : 201;
  if (!submission.wantsHtml) {
    return json(edge, request, status, { ok: true, branche: result.branch, url: result.url ?? null, deja_recue: result.alreadyExisted, notice: done.slug });
  }
  const siteUrl = edge.siteUrl;
  const nom = escapeHtml(done.nom);
  const where = result.url
    ? `<p>Vous pouvez suivre la discussion sur <a href="${escapeHtml(result.url)}">la demande de fusion</a> (sans compte, en lecture).</p>`
    : `<p>Elle est enregistrée dans la branche <code>${escapeHtml(result.branch)}</code> du dépôt, où l’équipe de modération la relira.</p>`;
  return html(
    edge,
    request,
    status,
    'Merci pour votre proposition !',
    `<p class="chapo">${result.alreadyExisted ? 'Cette proposition avait déjà été reçue : elle n’a pas été envoyée une seconde fois.' : `Votre proposition ${done.mode === 'nouvelle' ? `de notice « ${nom} »` : `de modification de « ${nom} »`} est arrivée.`}</p>
${where}
<h2>Et maintenant ?</h2>
<ol><li>Une personne bénévole de l’équipe de modération relit la proposition, généralement sous quelques jours.</li><li>Si tout va bien, elle l’accepte et la notice paraît sur le site à la publication suivante.</li><li>Si quelque chose manque, elle l’explique dans la discussion.</li></ol>
<p><a href="${escapeHtml(siteUrl)}/">Retour à l’annuaire</a> · <a href="${escapeHtml(siteUrl)}/contribuer/">Proposer un autre logiciel</a></p>`,
  );
}

/** The form for people without JavaScript (new notice, or an edit filled from the notice). */
function formPage(edge: Edge, request: Request, values: Map<string, string[]>, editing: string | undefined, closedMessage: string | undefined): Response {
  const intro = closedMessage
    ? `<p class="chapo" role="alert">${escapeHtml(closedMessage)}</p>`
    : `<p class="chapo">${editing ? 'Modifiez les champs à corriger : seuls les champs changés seront proposés.' : 'Seuls le nom et la licence sont obligatoires.'}</p>`;
  return html(edge, request, 200, editing ? 'Proposer une modification' : 'Proposer un logiciel', `${intro}\n${form(edge, values, [], editing)}`);
}

function unknownNotice(edge: Edge, request: Request, slug: string): Response {
  return html(
    edge,
    request,
    404,
    'Notice introuvable',
    `<p>Aucune notice ne s’appelle « ${escapeHtml(slug)} ». <a href="${escapeHtml(edge.siteUrl)}${NOTICES_INDEX_URL}">Voir toutes les notices</a>.</p>`,
  );
}

export type Responder = ReturnType<typeof createResponder>;
