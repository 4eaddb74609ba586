/**
 * The contribution form as HTML, in one place: the static /contribuer/ page renders it empty,
 * and the function renders it again, filled with the person's text, whenever it refuses a
 * proposal or asks for a confirmation — so nothing typed is ever lost, JavaScript or not.
 * Control names are the notice keys.
 */
import { commonFreeLicences } from '../notices/licences.ts';
import type { Vocabularies } from '../notices/vocabulary.ts';
import { BODY_FIELD, BODY_MAX, EDITABLE_KEYS, EDIT_FIELD, HONEYPOT_FIELD, LOGO_FIELD, MESSAGE_FIELD, MESSAGE_MAX, POW_FIELD, TOKEN_FIELD, VERSION_FIELD } from './form-fields.ts';
import { NOTICE_FIELDS } from '../notices/fields.ts';
import { DESCRIPTION_COURTE_MAX } from '../notices/schema.ts';
import { escapeHtml } from '../shared/html.ts';

export interface FormOptions {
  action: string;
  vocabularies: Vocabularies;
  /** Values to put back, by control name. */
  values?: Map<string, string[]>;
  /** Problems to show next to their field. */
  errors?: { field: string; message: string }[];
  /** Signed fill-time token, when the server renders the form. */
  token?: string;
  /** Slug of the notice being edited. */
  editing?: string;
}

export function renderContributionForm(options: FormOptions): string {
  const errors = options.errors ?? [];
  const write = controlWriters(options.values ?? new Map<string, string[]>(), errors);
  return `<form class="formulaire" method="post" action="${escapeHtml(options.action)}" enctype="multipart/form-data" data-formulaire-contribution novalidate>
  ${errorSummary(errors)}
  ${sendingFields(write, options)}

  <h2>Le logiciel</h2>
  ${softwareFields(write, options.vocabularies)}

  <h2>La description</h2>
  ${write.area(BODY_FIELD, 'Description longue', 8, 'À quoi il sert, pour qui, ce qu’il faut savoir avant de l’adopter. Texte simple ou Markdown (pas de HTML).', BODY_MAX)}

  <h2>Pour les modérateurs</h2>
  ${write.area(MESSAGE_FIELD, 'Message (facultatif)', 3, 'Une précision, une source, une étiquette à créer… Ce message est public dans la demande de fusion : n’y mettez pas de données personnelles.', MESSAGE_MAX)}

  <p class="formulaire__pow" data-pow-etat hidden></p>
  <p><button class="bouton" type="submit">Envoyer la proposition</button></p>
  <p class="champ__aide">Aucun compte n’est nécessaire. Votre proposition sera relue par l’équipe de modération avant publication.</p>
</form>`;
}

type Problem = { field: string; message: string };
type ControlWriters = ReturnType<typeof controlWriters>;

/** The writers of one form's controls, each given back its value and its problems. */
function controlWriters(values: Map<string, string[]>, errors: readonly Problem[]) {
  const value = (name: string) => escapeHtml((values.get(name) ?? []).join('\n'));
  /** One-line inputs cannot hold line breaks: list items are shown separated by commas. */
  const inlineValue = (name: string) => escapeHtml((values.get(name) ?? []).join('\n').split('\n').join(', '));
  const errorId = (name: string) => `erreur-${name}`;
  const errorOf = (name: string) => {
    const messages = errors
      .filter(
        (e) =>
          e.field === name ||
          String(e.field ?? '')
            .split(', ')
            .includes(name),
      )
      .map((e) => e.message);
    return `<p class="champ__erreur" id="${errorId(name)}" data-erreur="${name}"${messages.length ? '' : ' hidden'}>${escapeHtml(messages.join(' ; '))}</p>`;
  };
  const described = (name: string, hasHelp: boolean) =>
    `aria-describedby="${[hasHelp ? `aide-${name}` : '', errorId(name)].filter(Boolean).join(' ')}"${errors.some((e) => e.field === name) ? ' aria-invalid="true"' : ''}`;
  const help = (name: string, text: string) => `<p class="champ__aide" id="aide-${name}">${text}</p>`;
  const text = (name: string, label: string, attrs: string, helpText?: string, required = false) => `
    <div class="champ">
      <label for="champ-${name}">${label}${required ? ' <span class="obligatoire">(obligatoire)</span>' : ''}</label>
      ${helpText ? help(name, helpText) : ''}
      <input id="champ-${name}" name="${name}" ${attrs} value="${inlineValue(name)}" ${described(name, Boolean(helpText))}${required ? ' required' : ''} />
      ${errorOf(name)}
    </div>`;
  const area = (name: string, label: string, rows: number, helpText: string, maxlength?: number) => `
    <div class="champ">
      <label for="champ-${name}">${label}</label>
      ${help(name, helpText)}
      <textarea id="champ-${name}" name="${name}" rows="${rows}"${maxlength ? ` maxlength="${maxlength}"` : ''} ${described(name, Boolean(helpText))}>${value(name)}</textarea>
      ${errorOf(name)}
    </div>`;
  const checks = (name: string, legend: string, items: { id: string; label: string; title?: string }[]) => {
    const chosen = new Set(values.get(name) ?? []);
    return `
    <fieldset class="champ cases" aria-describedby="${errorId(name)}">
      <legend>${legend}</legend>
      <div class="cases__liste">
      ${items.map((item) => `<label${item.title ? ` title="${escapeHtml(item.title)}"` : ''}><input type="checkbox" name="${name}" value="${escapeHtml(item.id)}"${chosen.has(item.id) ? ' checked' : ''} /> ${escapeHtml(item.label)}</label>`).join('\n      ')}
      </div>
      ${errorOf(name)}
    </fieldset>`;
  };
  return { value, errorOf, described, help, text, area, checks };
}

/** Every problem above the form, linked to its control; problems of no control without a link. */
function errorSummary(errors: readonly Problem[]): string {
  if (errors.length === 0) return '<div class="formulaire__erreurs" role="alert" tabindex="-1" data-resume-erreurs hidden></div>';
  const controls = new Set<string>([...EDITABLE_KEYS, BODY_FIELD, MESSAGE_FIELD, LOGO_FIELD]);
  const items = errors.map((e) => `<li>${controls.has(e.field) ? `<a href="#champ-${escapeHtml(e.field)}">${escapeHtml(e.field)}</a> : ` : ''}${escapeHtml(e.message)}</li>`);
  return `<div class="formulaire__erreurs" role="alert" tabindex="-1" data-resume-erreurs><p><strong>La proposition n’a pas été envoyée : ${errors.length > 1 ? `${errors.length} points sont à corriger` : 'un point est à corriger'}.</strong></p><ul>${items.join('')}</ul></div>`;
}

/** The hidden fields about the sending (edit, version, token, proof) and the honeypot. */
function sendingFields(write: ControlWriters, options: FormOptions): string {
  return `${options.editing ? `<input type="hidden" name="${EDIT_FIELD}" value="${escapeHtml(options.editing)}" />` : `<input type="hidden" name="${EDIT_FIELD}" value="${write.value(EDIT_FIELD)}" />`}
  <input type="hidden" name="${VERSION_FIELD}" value="${write.value(VERSION_FIELD)}" />
  <input type="hidden" name="${TOKEN_FIELD}" value="${escapeHtml(options.token ?? '')}" />
  <input type="hidden" name="${POW_FIELD}" value="" />
  <div class="pot-de-miel" aria-hidden="true">
    <label for="champ-${HONEYPOT_FIELD}">Ne remplissez pas ce champ</label>
    <input id="champ-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off" />
  </div>`;
}

/** The notice's own fields, from its name to its logo. */
function softwareFields(write: ControlWriters, vocabularies: Vocabularies): string {
  const { text, area, checks } = write;
  return `${text('nom', 'Nom du logiciel', `type="text" maxlength="${NOTICE_FIELDS.nom.max}" autocomplete="off"`, undefined, true)}
  ${licenceField(write)}
  ${text('description_courte', 'Description en une phrase', `type="text" maxlength="${DESCRIPTION_COURTE_MAX}"`, `Ce que fait le logiciel, pour quelqu’un qui ne le connaît pas (${DESCRIPTION_COURTE_MAX} caractères au plus).`)}
  ${text('site_web', 'Site officiel', 'type="url" inputmode="url" placeholder="https://"', 'Adresse complète commençant par https://')}
  ${text('code_source', 'Code source', 'type="url" inputmode="url" placeholder="https://"', 'Le dépôt où le code est publié.')}
  ${checks(
    'plateformes',
    'Plateformes',
    vocabularies.plateformes.map((p) => ({ id: p.id, label: p.id, title: p.description })),
  )}
  ${checks(
    'etiquettes',
    'Étiquettes (usages)',
    vocabularies.etiquettes.map((e) => ({ id: e.id, label: e.libelle, title: e.description })),
  )}
  <p class="champ__aide">Une étiquette manque ? Suggérez-la dans le message aux modérateurs.</p>
  ${area('alternative_a', 'Logiciels privateurs qu’il remplace', 2, 'Un nom par ligne, comme les gens le tapent : « Adobe Photoshop », « WhatsApp ».')}
  ${text('langues', 'Langues de l’interface', 'type="text" placeholder="fr, en"', 'Codes de langue séparés par des virgules : fr, en, de…')}
  ${area('createurices', 'Créateurs et créatrices', 2, 'Personnes ou organisations, une par ligne.')}
  ${area('autres_noms', 'Autres noms', 2, 'Ancien nom ou nom long, un par ligne (facultatif).')}
  ${text('lien_wikipedia', 'Article Wikipédia', 'type="url" placeholder="https://fr.wikipedia.org/wiki/…"', 'Facultatif.')}
  ${text('identifiant_wikidata', 'Identifiant Wikidata', 'type="text" placeholder="Q698" pattern="Q[0-9]+"', 'Facultatif, par exemple Q698.')}
  <div class="champ">
    <label for="champ-${LOGO_FIELD}">Logo</label>
    ${write.help(LOGO_FIELD, 'PNG, JPEG, WebP ou SVG, 1 Mo au plus. Il sera converti en PNG.')}
    <input id="champ-${LOGO_FIELD}" name="${LOGO_FIELD}" type="file" accept="image/png,image/jpeg,image/webp,image/svg+xml" ${write.described(LOGO_FIELD, true)} />
    ${write.errorOf(LOGO_FIELD)}
  </div>`;
}

/** The licences, typed or picked from the common free licences. */
function licenceField(write: ControlWriters): string {
  return `<div class="champ">
    <label for="champ-licences">Licence(s) <span class="obligatoire">(obligatoire)</span></label>
    ${write.help('licences', 'Choisissez dans la liste ou tapez un identifiant <a href="https://spdx.org/licenses/" hreflang="en">SPDX</a> (par exemple « GPL-3.0-or-later »). Une licence par ligne. Seules les licences libres sont acceptées.')}
    <textarea id="champ-licences" name="licences" rows="2" ${write.described('licences', true)} required>${write.value('licences')}</textarea>
    <label class="champ__secondaire" for="choix-licence">Ajouter une licence courante :</label>
    <select id="choix-licence" data-ajout-licence>
      <option value="">— choisir —</option>
      ${commonFreeLicences()
        .map((l) => `<option value="${escapeHtml(l.id)}">${escapeHtml(l.name)} (${escapeHtml(l.id)})</option>`)
        .join('\n      ')}
    </select>
    ${write.errorOf('licences')}
  </div>`;
}

/** A minimal standalone page for the function's answers (success, refusal, confirmation). */
export function renderPage(options: { title: string; siteUrl: string; body: string }): string {
  const css = `${options.siteUrl}/styles/contribution.css`;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta name="robots" content="noindex" />
<title>${escapeHtml(options.title)} — Framalibre</title>
<link rel="stylesheet" href="${escapeHtml(css)}" />
</head>
<body>
<header class="entete"><a class="marque" href="${escapeHtml(options.siteUrl)}/">Frama<span>libre</span></a></header>
<main id="contenu" class="carte">
<h1>${escapeHtml(options.title)}</h1>
${options.body}
</main>
</body>
</html>`;
}
