/**
 * The contribution form with JavaScript (browser only): it asks the function whether
 * contributions are open, fills the form from a notice for `?notice=<slug>`, checks fields as the
 * person types with the very checker and messages the server uses (form-check.ts), and solves the
 * proof of work in the background. The form still submits as a plain HTML form.
 *
 * What loads with the page is small: the checker (schema, Markdown parser) and the proof-of-work
 * solver are imported once the person starts filling the form (a field focused, a key typed) or
 * sends it, so that a visitor who only reads the page downloads and runs neither.
 */
import type { Challenge } from 'altcha-lib';
import { noticeJsonUrl } from '../notices/addresses.ts';
import type { Vocabulary } from '../notices/schema.ts';
import type { FormChecker } from './form-check.ts';
import { BODY_FIELD, EDITABLE_KEYS, EDIT_FIELD, POW_FIELD, TOKEN_FIELD, VERSION_FIELD } from './form-fields.ts';
import type { FieldProblem } from './refusal.ts';
import { appendTo } from '../notices/multimap.ts';

interface Status {
  ouvert: boolean;
  message?: string;
  jeton?: string;
  defi?: Challenge;
}

/** The parts of the page the script works on, and what it remembers between events. */
interface FormState {
  root: HTMLElement;
  form: HTMLFormElement;
  vocabulary: Vocabulary;
  closedBox: HTMLElement;
  powStatus: HTMLElement;
  summary: HTMLElement;
  /** Fields the person has touched: only their problems are shown while typing. */
  touched: Set<string>;
  /** The checker, loading or loaded, once the person has started. */
  checker?: Promise<FormChecker>;
  /** The function's proof-of-work challenge, once it has answered. */
  challenge?: Challenge;
  /** Settled when the proof is in its field (or cannot be found: the server then asks for a confirmation). */
  powReady: Promise<void>;
  powStarted: boolean;
  submitting: boolean;
}

export function mountContributionForm(root: HTMLElement): void {
  const state = findParts(root);
  fillFromAddress(state);
  void askStatus(state);
  watchStart(state);
  watchLicencePicker(state);
  watchTyping(state);
  watchSending(state);
}

function findParts(root: HTMLElement): FormState {
  const form = root.querySelector<HTMLFormElement>('form[data-formulaire-contribution]')!;
  return {
    root,
    form,
    vocabulary: JSON.parse(root.dataset.vocabulaire ?? '{}') as Vocabulary,
    closedBox: root.querySelector<HTMLElement>('[data-fermee]')!,
    powStatus: form.querySelector<HTMLElement>('[data-pow-etat]')!,
    summary: form.querySelector<HTMLElement>('[data-resume-erreurs]')!,
    touched: new Set<string>(),
    powReady: Promise.resolve(),
    powStarted: false,
    submitting: false,
  };
}

/** `?notice=<slug>`: an edit, filled from the published notice; `?nom=…`: a new notice named. */
function fillFromAddress(state: FormState): void {
  const params = new URLSearchParams(location.search);
  const editing = params.get('notice');
  if (editing) void prefillFrom(state, editing);
  else if (params.get('nom')) setField(state.form, 'nom', [params.get('nom')!]);
}

// ——— Loading what the person needs once they start ————————————————————————————————————————

/** The first focus, key or click in the form loads the checker and starts the proof of work. */
function watchStart(state: FormState): void {
  const first = new AbortController();
  const start = () => {
    first.abort();
    void loadChecker(state);
    if (!state.powStarted) startProofOfWork(state);
  };
  for (const type of ['focusin', 'input', 'change', 'pointerdown']) state.form.addEventListener(type, start, { signal: first.signal });
}

function loadChecker(state: FormState): Promise<FormChecker> {
  state.checker ??= import('./form-check.ts').then(({ createFormChecker }) => createFormChecker(state.vocabulary));
  return state.checker;
}

/** Starts solving once both are there: the function's challenge and the person's first move. */
function startProofOfWork(state: FormState): void {
  state.powStarted = true;
  if (state.challenge) state.powReady = solve(state.form, state.challenge);
}

async function solve(form: HTMLFormElement, challenge: Challenge): Promise<void> {
  const solution = await import('./layers/pow-solver.ts').then(({ solveProofOfWork }) => solveProofOfWork(challenge)).catch(() => null);
  if (!solution) return;
  const payload = btoa(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } }));
  (form.elements.namedItem(POW_FIELD) as HTMLInputElement).value = payload;
}

// ——— The function's state ——————————————————————————————————————————————————————————————————

async function askStatus(state: FormState): Promise<void> {
  let status: Status;
  try {
    const response = await fetch(state.form.action, { headers: { accept: 'application/json' } });
    status = (await response.json()) as Status;
  } catch {
    return; // the plain form still works: the server asks for a confirmation instead
  }
  if (!status.ouvert) {
    state.closedBox.hidden = false;
    state.closedBox.textContent = status.message ?? 'Les contributions sont momentanément fermées.';
    state.form.querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled = true;
    return;
  }
  (state.form.elements.namedItem(TOKEN_FIELD) as HTMLInputElement).value = status.jeton ?? '';
  state.challenge = status.defi;
  if (state.powStarted) startProofOfWork(state);
}

// ——— The live check ————————————————————————————————————————————————————————————————————————

function watchLicencePicker(state: FormState): void {
  const { form } = state;
  form.querySelector<HTMLSelectElement>('[data-ajout-licence]')?.addEventListener('change', (event) => {
    const select = event.target as HTMLSelectElement;
    const area = form.elements.namedItem('licences') as HTMLTextAreaElement;
    const chosen = area.value.split('\n').map((v) => v.trim());
    if (select.value && !chosen.includes(select.value)) {
      area.value = [area.value.trim(), select.value].filter(Boolean).join('\n');
      state.touched.add('licences');
      void check(state);
    }
    select.value = '';
  });
}

function watchTyping(state: FormState): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  state.form.addEventListener('input', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name) state.touched.add(name);
    clearTimeout(timer);
    timer = setTimeout(() => void check(state), 300);
  });
  state.form.addEventListener('focusout', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name && (event.target as HTMLInputElement).value) {
      state.touched.add(name);
      void check(state);
    }
  });
}

/** Checks the whole form as the server will; shows messages for the fields already touched. */
async function check(state: FormState): Promise<FieldProblem[]> {
  const checker = await loadChecker(state);
  const fields = new Map<string, string[]>();
  for (const [key, value] of new FormData(state.form).entries()) {
    if (typeof value === 'string') appendTo(fields, key, value);
  }
  const problems = checker(fields);
  showProblems(state, problems);
  return problems;
}

function showProblems(state: FormState, problems: readonly FieldProblem[]): void {
  const { form, touched } = state;
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
}

// ——— Sending ———————————————————————————————————————————————————————————————————————————————

function watchSending(state: FormState): void {
  state.form.addEventListener('submit', (event) => {
    if (state.submitting) return;
    event.preventDefault();
    void send(state);
  });
}

/** Every field is checked; with no problem left, the form is sent once the proof is found. */
async function send(state: FormState): Promise<void> {
  if (!state.powStarted) startProofOfWork(state);
  for (const key of [...EDITABLE_KEYS, BODY_FIELD]) state.touched.add(key);
  const problems = await check(state);
  const { summary, powStatus } = state;
  if (problems.length > 0) {
    summary.hidden = false;
    const count = problems.length > 1 ? `${problems.length} points sont à corriger` : 'un point est à corriger';
    summary.replaceChildren(Object.assign(document.createElement('p'), { textContent: `La proposition n’est pas encore prête : ${count}.` }));
    summary.focus();
    return;
  }
  summary.hidden = true;
  powStatus.hidden = false;
  powStatus.textContent = 'Vérification anti-robot en cours, l’envoi suit dans un instant…';
  await state.powReady;
  state.submitting = true;
  state.form.submit();
}

// ——— Filling an edit from the published notice —————————————————————————————————————————————

function setField(form: HTMLFormElement, name: string, values: string[]): void {
  const controls = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`);
  for (const control of controls) {
    if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = values.includes(control.value);
    // A one-line input drops line breaks: its list items are separated by commas instead.
    else control.value = control instanceof HTMLInputElement ? values.join('\n').split('\n').join(', ') : values.join('\n');
  }
}

async function prefillFrom(state: FormState, slug: string): Promise<void> {
  const { form, root, closedBox } = state;
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
    // Checkboxes (étiquettes, plateformes) take one value each; other controls hold the list as text.
    const checkboxes = form.querySelector(`[name="${key}"][type="checkbox"]`);
    setField(form, key, Array.isArray(value) ? (checkboxes ? value.map(String) : [value.map(String).join('\n')]) : [String(value)]);
  }
  setField(form, BODY_FIELD, [String(notice.description_longue ?? '')]);
  setField(form, EDIT_FIELD, [slug]);
  // The base of the three-way merge: only what the person changes from this version is proposed.
  setField(form, VERSION_FIELD, [file.version ?? '']);
  const title = root.querySelector('h1');
  if (title) title.textContent = `Modifier la notice « ${String(notice.nom ?? slug)} »`;
  const intro = root.querySelector('[data-intro]');
  if (intro) intro.textContent = 'Corrigez ce qui doit l’être : seuls les champs modifiés seront proposés, le reste de la notice ne change pas.';
}
