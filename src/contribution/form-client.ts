/**
 * The contribution form with JavaScript (browser only): it asks the function whether
 * contributions are open, solves the proof of work in the background, fills the form from a
 * notice for `?notice=<slug>`, and checks fields as the person types with the very checker and
 * messages the server uses (notices/check.ts). The form still submits as a plain HTML form.
 */
import { noticeJsonUrl } from '../notices/addresses.ts';
import type { Challenge } from 'altcha-lib';
import { createNoticeSchema, type Vocabulary } from '../notices/schema.ts';
import { EDITABLE_KEYS, draftFromFields, isListKey, proposalProblems } from './draft.ts';
import { BODY_FIELD, EDIT_FIELD, POW_FIELD, TOKEN_FIELD, VERSION_FIELD } from './form-fields.ts';
import { solveProofOfWork } from './layers/pow-solver.ts';
import { Refusal } from './refusal.ts';

interface Status {
  ouvert: boolean;
  message?: string;
  jeton?: string;
  defi?: Challenge;
}

export function mountContributionForm(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form[data-formulaire-contribution]')!;
  const vocabulary = JSON.parse(root.dataset.vocabulaire ?? '{}') as Vocabulary;
  const schema = createNoticeSchema(vocabulary);
  const endpoint = form.action;
  const closedBox = root.querySelector<HTMLElement>('[data-fermee]')!;
  const powStatus = form.querySelector<HTMLElement>('[data-pow-etat]')!;
  const summary = form.querySelector<HTMLElement>('[data-resume-erreurs]')!;
  const touched = new Set<string>();
  let powReady: Promise<void> = Promise.resolve();
  let submitting = false;

  const params = new URLSearchParams(location.search);
  const editing = params.get('notice');
  if (editing) void prefillFrom(editing);
  else if (params.get('nom')) setField('nom', [params.get('nom')!]);

  void askStatus();

  form.querySelector<HTMLSelectElement>('[data-ajout-licence]')?.addEventListener('change', (event) => {
    const select = event.target as HTMLSelectElement;
    const area = form.elements.namedItem('licences') as HTMLTextAreaElement;
    if (
      select.value &&
      !area.value
        .split('\n')
        .map((v) => v.trim())
        .includes(select.value)
    ) {
      area.value = [area.value.trim(), select.value].filter(Boolean).join('\n');
      touched.add('licences');
      check();
    }
    select.value = '';
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener('input', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name) touched.add(name);
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
  form.addEventListener('focusout', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && (event.target as HTMLInputElement).value) {
      touched.add(name);
      check();
    }
  });

  form.addEventListener('submit', (event) => {
    if (submitting) return;
    event.preventDefault();
    for (const key of [...EDITABLE_KEYS, BODY_FIELD]) touched.add(key);
    const problems = check();
    if (problems.length > 0) {
      summary.hidden = false;
      summary.replaceChildren(
        Object.assign(document.createElement('p'), {
          textContent: `La proposition n’est pas encore prête : ${problems.length > 1 ? `${problems.length} points sont à corriger` : 'un point est à corriger'}.`,
        }),
      );
      summary.focus();
      return;
    }
    summary.hidden = true;
    powStatus.hidden = false;
    powStatus.textContent = 'Vérification anti-robot en cours, l’envoi suit dans un instant…';
    void powReady.then(() => {
      submitting = true;
      form.submit();
    });
  });

  /** Checks the whole form as the server will; shows messages for the fields already touched. */
  function check(): { field: string; message: string }[] {
    const fields = new Map<string, string[]>();
    for (const [key, value] of new FormData(form).entries()) {
      if (typeof value === 'string') fields.set(key, [...(fields.get(key) ?? []), value]);
    }
    let problems: { field: string; message: string }[] = [];
    try {
      // The one gate: the same checker, the same words as `npm run validate` and the server.
      const draft = draftFromFields(schema, fields);
      problems = proposalProblems(schema, draft);
    } catch (error) {
      if (error instanceof Refusal) problems = error.fields.length > 0 ? error.fields : [{ field: 'nom', message: error.message }];
      else throw error;
    }
    for (const node of form.querySelectorAll<HTMLElement>('[data-erreur]')) {
      const name = node.dataset.erreur!;
      const messages = touched.has(name) ? problems.filter((p) => p.field === name).map((p) => p.message) : [];
      node.textContent = messages.join(' ; ');
      node.hidden = messages.length === 0;
      const control = form.querySelector<HTMLElement>(`[name="${name}"]`);
      if (control && control.getAttribute('type') !== 'checkbox') {
        if (messages.length > 0) control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
      }
    }
    return problems;
  }

  async function askStatus(): Promise<void> {
    let status: Status;
    try {
      const response = await fetch(endpoint, { headers: { accept: 'application/json' } });
      status = (await response.json()) as Status;
    } catch {
      return; // the plain form still works: the server asks for a confirmation instead
    }
    if (!status.ouvert) {
      closedBox.hidden = false;
      closedBox.textContent = status.message ?? 'Les contributions sont momentanément fermées.';
      form.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled = true;
      return;
    }
    (form.elements.namedItem(TOKEN_FIELD) as HTMLInputElement).value = status.jeton ?? '';
    if (status.defi) powReady = solve(status.defi);
  }

  async function solve(challenge: Challenge): Promise<void> {
    const solution = await solveProofOfWork(challenge);
    if (!solution) return;
    const payload = btoa(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }));
    (form.elements.namedItem(POW_FIELD) as HTMLInputElement).value = payload;
  }

  function setField(name: string, values: string[]): void {
    const controls = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`);
    for (const control of controls) {
      if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = values.includes(control.value);
      // A one-line input drops line breaks: its list items are separated by commas instead.
      else control.value = control instanceof HTMLInputElement ? values.join('\n').split('\n').join(', ') : values.join('\n');
    }
  }

  async function prefillFrom(slug: string): Promise<void> {
    const response = await fetch(noticeJsonUrl(encodeURIComponent(slug))).catch(() => undefined);
    if (!response?.ok) {
      closedBox.hidden = false;
      closedBox.textContent = `Aucune notice « ${slug} » : vous pouvez la proposer comme nouvelle notice.`;
      return;
    }
    // /notices/<slug>.json wraps the notice with the data's format and licence.
    const file = (await response.json()) as { notice?: Record<string, unknown>; version?: string };
    const notice = file.notice ?? (file as Record<string, unknown>);
    for (const key of EDITABLE_KEYS) {
      const value = notice[key];
      if (value === undefined || value === null) continue;
      setField(
        key,
        Array.isArray(value)
          ? isListKey(schema, key) && form.querySelector(`[name="${key}"][type="checkbox"]`)
            ? value.map(String)
            : [value.map(String).join('\n')]
          : [String(value)],
      );
    }
    setField(BODY_FIELD, [String(notice.description_longue ?? '')]);
    setField(EDIT_FIELD, [slug]);
    // The base of the three-way merge: only what the person changes from this version is proposed.
    setField(VERSION_FIELD, [file.version ?? '']);
    const title = root.querySelector('h1');
    if (title) title.textContent = `Modifier la notice « ${String(notice.nom ?? slug)} »`;
    const intro = root.querySelector('[data-intro]');
    if (intro) intro.textContent = 'Corrigez ce qui doit l’être : seuls les champs modifiés seront proposés, le reste de la notice ne change pas.';
  }
}
