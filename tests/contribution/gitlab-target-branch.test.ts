/**
 * Edits and new notices are built from the target branch as it is now, never from the copy of the
 * content deployed with the function — with the same tests for both backends: `gitlab` against the
 * fake GitLab (repository files API, last_commit_id, 400 « The file has changed since you started
 * editing it »), `local` against a git repository whose main moves.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import sharp from 'sharp';
import { issueToken } from '../../src/contribution/layers/token.ts';
import type { ContributionBackend } from '../../src/contribution/backend.ts';
import { loadConfig } from '../../src/contribution/config.ts';
import { EDITABLE_KEYS } from '../../src/contribution/form-fields.ts';
import { createGitlabBackend } from '../../src/contribution/gitlab-backend.ts';
import { createContributionHandler } from '../../src/contribution/handler.ts';
import { createLocalBackend } from '../../src/contribution/local-backend.ts';
import { parseNoticeFile, writeNoticeFile } from '../../src/notices/notice-file.ts';
import { noticeVersion } from '../../src/notices/version.ts';
import { startFakeGitlab } from '../support/fake-gitlab.ts';
import { SECRET, jsonRequest, makeRepo } from '../support/contribution.ts';

const NOTICE = 'content/notices/gimp.md';
const NOW = Date.parse('2026-11-21T10:00:00Z');

interface Forge {
  name: string;
  backend: ContributionBackend;
  /** Someone else's change merged into main (the deployed copy does not see it). */
  commitToMain(files: Record<string, string>): void;
  readMain(file: string): string | undefined;
  /** The notice file on the proposals opened so far. */
  proposed(file: string): string[];
  proposals(): number;
  /** GitLab only: the answers to the commit requests (400 when main moved under the proposal). */
  commitAnswers?(): unknown[];
  /** The text written for the moderators (merge request description, or the local commit's message). */
  descriptions(): string[];
}

async function gitlabForge(t: TestContext): Promise<Forge> {
  const files: Record<string, string> = {};
  for (const name of readdirSync('content/notices').filter((n) => n.endsWith('.md'))) files[`content/notices/${name}`] = readFileSync(`content/notices/${name}`, 'utf8');
  const gitlab = await startFakeGitlab({ files });
  t.after(() => gitlab.close());
  return {
    name: 'gitlab',
    backend: createGitlabBackend({ url: gitlab.url, token: gitlab.token, projectId: gitlab.projectId, retryBaseMs: 5 }),
    commitToMain: (changed) => void gitlab.commitToDefaultBranch(changed),
    readMain: (file) => gitlab.state.trees.get('main')!.get(file)?.toString('utf8'),
    proposed: (file) => gitlab.state.mergeRequests.map((mr) => gitlab.state.trees.get(mr.source_branch)!.get(file)!.toString('utf8')),
    proposals: () => gitlab.state.mergeRequests.length,
    descriptions: () => gitlab.state.mergeRequests.map((mr) => mr.description),
    commitAnswers: () => gitlab.requestsTo('POST', /\/repository\/commits$/).map((r) => r.answer),
  };
}

function localForge(): Forge {
  const repo = makeRepo();
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=Modération', '-c', 'user.email=moderation@example.org', ...args], { encoding: 'utf8' });
  const branches = () => git('for-each-ref', '--format=%(refname:short)', 'refs/heads/contribution/').split('\n').filter(Boolean);
  return {
    name: 'local',
    backend: createLocalBackend({ repo }),
    commitToMain(changed) {
      for (const [file, content] of Object.entries(changed)) writeFileSync(path.join(repo, file), content);
      git('add', '-A');
      git('commit', '-q', '-m', 'Fusion d’une autre proposition');
    },
    readMain: (file) => {
      try {
        return git('show', `main:${file}`);
      } catch {
        return undefined;
      }
    },
    proposed: (file) => branches().map((branch) => git('show', `${branch}:${file}`)),
    proposals: () => branches().length,
    descriptions: () => branches().map((branch) => git('log', '-1', '--format=%B', branch)),
  };
}

const FORGES: Array<[string, (t: TestContext) => Forge | Promise<Forge>]> = [
  ['gitlab', gitlabForge],
  ['local', () => localForge()],
];

/** The function with its deployed copy of the content, taken now: it goes stale as main moves. */
function functionFor(forge: Forge, options: { siteUrl?: string; wrap?: (backend: ContributionBackend) => ContributionBackend } = {}) {
  const deployed = mkdtempSync(path.join(tmpdir(), 'framalibre-deploye-'));
  cpSync('content', path.join(deployed, 'content'), { recursive: true });
  return createContributionHandler({
    config: loadConfig({ CONTRIBUTION_SECRET: SECRET, CONTRIBUTION_MAX_PER_HOUR: '1000' }),
    backend: options.wrap ? options.wrap(forge.backend) : forge.backend,
    contentRoot: path.join(deployed, 'content'),
    siteUrl: options.siteUrl ?? 'http://127.0.0.1:9',
    now: () => NOW,
  });
}

let clients = 0;
const client = () => ({ clientAddress: `198.51.100.${++clients % 250}` });

/** The form as the site fills it from the published notice, with the contributor's edits. */
function editForm(noticeText: string, edits: Record<string, string>): Record<string, unknown> {
  const notice = parseNoticeFile(noticeText);
  // The form carries the version it was filled from: the base of the three-way merge.
  const fields: Record<string, unknown> = { notice: 'gimp', version: noticeVersion(noticeText), jeton: issueToken(SECRET, NOW - 60_000, 'sans-js') };
  for (const key of EDITABLE_KEYS) {
    const value = notice.data[key];
    if (value === undefined) continue;
    fields[key] = Array.isArray(value) ? (['plateformes', 'etiquettes'].includes(key) ? value.map(String) : value.join('\n')) : String(value);
  }
  fields.texte = notice.body;
  return { ...fields, ...edits };
}

/** main's notice with some fields changed, written as the canonical writer does. */
function mainWith(forge: Forge, change: (data: Record<string, unknown>) => void): string {
  const notice = parseNoticeFile(forge.readMain(NOTICE)!);
  const data = { ...notice.data };
  change(data);
  return writeNoticeFile(data, notice.body);
}

/** Opens the first proposal after doing `action` on main, as if it happened while it was prepared. */
function movingMain(action: () => void) {
  let done = false;
  return (backend: ContributionBackend): ContributionBackend => ({
    ...backend,
    async open(proposal) {
      if (!done) {
        done = true;
        action();
      }
      return backend.open(proposal);
    },
  });
}

for (const [name, makeForge] of FORGES) {
  describe(`une proposition part de la branche cible telle qu’elle est maintenant (${name})`, () => {
    it('main a bougé entre la construction du site et l’envoi (autre champ) : seul le champ changé par la personne est proposé, le travail fusionné reste', async (t) => {
      const forge = await makeForge(t);
      const handler = functionFor(forge);
      // The form is filled from the published page, built before these merges.
      const published = forge.readMain(NOTICE)!;
      // Merged since: a moderator's choice the form does not show, and a field it does.
      forge.commitToMain({ [NOTICE]: mainWith(forge, (d) => (delete d.mis_en_avant, (d.alternative_a = ['Adobe Photoshop', 'Affinity Photo']))) });
      const response = await handler(jsonRequest(editForm(published, { site_web: 'https://www.gimp.org/fr/' })), client());
      assert.equal(response.status, 201, await response.text());
      const [text] = forge.proposed(NOTICE);
      const proposed = parseNoticeFile(text!);
      assert.equal(proposed.data.site_web, 'https://www.gimp.org/fr/');
      assert.equal(proposed.data.mis_en_avant, undefined, 'le choix des modérateurs fusionné entre-temps est gardé');
      assert.deepEqual(proposed.data.alternative_a, ['Adobe Photoshop', 'Affinity Photo'], 'le champ fusionné entre-temps n’est pas remis à l’ancienne valeur du formulaire');
      const changedLines = (a: string, b: string) => {
        const before = new Set(a.split('\n'));
        return b.split('\n').filter((l) => !before.has(l));
      };
      assert.deepEqual(
        changedLines(forge.readMain(NOTICE)!, text!).filter((l) => !l.startsWith('date_modification:')),
        ['site_web: https://www.gimp.org/fr/'],
      );
    });

    it('main a bougé entre la construction du site et l’envoi (même champ) : 409 en français, le texte rendu, rien d’ouvert', async (t) => {
      const forge = await makeForge(t);
      const handler = functionFor(forge);
      const published = forge.readMain(NOTICE)!;
      forge.commitToMain({ [NOTICE]: mainWith(forge, (d) => (d.site_web = 'https://gimp.example.org/')) });
      const response = await handler(jsonRequest(editForm(published, { site_web: 'https://www.gimp.org/fr/', message: 'Mon message à garder' })), client());
      const body = await response.json();
      assert.equal(response.status, 409, JSON.stringify(body));
      assert.equal(body.code, 'modifiee-entre-temps');
      assert.deepEqual(
        body.erreurs.map((e: { champ: string }) => e.champ),
        ['site_web'],
      );
      assert.deepEqual(body.proposition.site_web, ['https://www.gimp.org/fr/']);
      assert.deepEqual(body.proposition.message, ['Mon message à garder']);
      assert.equal(forge.proposals(), 0);
      // The same change made on both sides is no conflict: nothing is left to propose for it.
      const same = await handler(jsonRequest(editForm(published, { site_web: 'https://gimp.example.org/' })), client());
      assert.equal(same.status, 422, await same.clone().text());
      assert.equal((await same.json()).code, 'rien-a-proposer');
    });

    it('une version que la forge ne connaît pas, ou pas de version : refusé clairement, sans deviner, le texte rendu', async (t) => {
      const forge = await makeForge(t);
      const handler = functionFor(forge);
      const form = editForm(forge.readMain(NOTICE)!, { site_web: 'https://www.gimp.org/fr/' });
      const unknown = await handler(jsonRequest({ ...form, version: 'f'.repeat(40) }), client());
      const body = await unknown.json();
      assert.equal(unknown.status, 409, JSON.stringify(body));
      assert.equal(body.code, 'version-inconnue');
      assert.match(body.message, /n’est plus connue.*Rechargez la page de modification/);
      assert.deepEqual(body.proposition.site_web, ['https://www.gimp.org/fr/']);
      const missing = await handler(jsonRequest({ ...form, version: '' }), client());
      assert.equal(missing.status, 422);
      assert.equal((await missing.json()).code, 'version-manquante');
      assert.equal(forge.proposals(), 0);
    });

    it('un logo changé sur main pendant l’envoi n’est pas écrasé : la forge refuse (last_commit_id), la personne est prévenue', async (t) => {
      const forge = await makeForge(t);
      const logoPath = 'content/notices/logos/gimp.png';
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
        .png()
        .toBuffer();
      forge.commitToMain({ [logoPath]: png.toString('latin1') });
      const handler = functionFor(forge, { wrap: movingMain(() => forge.commitToMain({ [logoPath]: 'un autre logo, fusionné pendant ce temps' })) });
      const form = new FormData();
      for (const [key, value] of Object.entries(editForm(forge.readMain(NOTICE)!, {}))) for (const v of [value].flat()) form.append(key, String(v));
      form.append('logo_fichier', new File([png], 'logo.png', { type: 'image/png' }));
      const response = await handler(new Request('http://localhost:4321/api/contribuer', { method: 'POST', body: form, headers: { accept: 'application/json' } }), client());
      const body = await response.json();
      assert.equal(response.status, 409, JSON.stringify(body));
      assert.equal(body.code, 'modifiee-entre-temps');
      assert.match(body.message, /logo/);
      assert.equal(forge.proposals(), 0);
      if (forge.commitAnswers) assert.deepEqual(forge.commitAnswers(), [400]);
    });

    it('main bouge pendant la préparation (autre champ) : la notice est relue et la modification réappliquée ; un nouvel envoi ne rouvre rien', async (t) => {
      const forge = await makeForge(t);
      const form = editForm(forge.readMain(NOTICE)!, { site_web: 'https://www.gimp.org/fr/' });
      const handler = functionFor(forge, {
        wrap: movingMain(() => forge.commitToMain({ [NOTICE]: mainWith(forge, (d) => (d.code_source = 'https://gitlab.gnome.org/GNOME/gimp-nouveau')) })),
      });
      const response = await handler(jsonRequest(form), client());
      const body = await response.json();
      assert.equal(response.status, 201, JSON.stringify(body));
      const proposed = parseNoticeFile(forge.proposed(NOTICE)[0]!);
      assert.equal(proposed.data.code_source, 'https://gitlab.gnome.org/GNOME/gimp-nouveau', 'le changement de main est gardé');
      assert.equal(proposed.data.site_web, 'https://www.gimp.org/fr/', 'la modification proposée est réappliquée');
      // GitLab refused the first commit: its last_commit_id no longer matched main's file.
      if (forge.commitAnswers) assert.deepEqual(forge.commitAnswers(), [400, 201]);
      const again = await handler(jsonRequest(form), client());
      assert.equal(again.status, 200);
      assert.equal((await again.json()).deja_recue, true);
      assert.equal(forge.proposals(), 1);
    });

    it('le même champ modifié des deux côtés : 409 en français, le texte rendu, rien d’ouvert', async (t) => {
      const forge = await makeForge(t);
      const form = editForm(forge.readMain(NOTICE)!, { site_web: 'https://www.gimp.org/fr/', message: 'Mon message à garder' });
      const handler = functionFor(forge, { wrap: movingMain(() => forge.commitToMain({ [NOTICE]: mainWith(forge, (d) => (d.site_web = 'https://gimp.example.org/')) })) });
      const response = await handler(jsonRequest(form), client());
      const body = await response.json();
      assert.equal(response.status, 409, JSON.stringify(body));
      assert.equal(body.code, 'modifiee-entre-temps');
      assert.match(body.message, /La notice a été modifiée depuis que vous avez ouvert le formulaire, sur les mêmes champs que vous \(site_web\)/);
      assert.deepEqual(
        body.erreurs.map((e: { champ: string }) => e.champ),
        ['site_web'],
      );
      assert.deepEqual(body.proposition.site_web, ['https://www.gimp.org/fr/'], 'le texte de la personne lui est rendu');
      assert.deepEqual(body.proposition.message, ['Mon message à garder']);
      assert.equal(forge.proposals(), 0);
    });

    it('une nouvelle notice dont le fichier a été créé sur main depuis le déploiement : « existe déjà » (409), pas « réessayez »', async (t) => {
      const forge = await makeForge(t);
      const handler = functionFor(forge);
      forge.commitToMain({ 'content/notices/logiciel-tout-neuf.md': writeNoticeFile({ nom: 'Logiciel Tout Neuf', licences: ['MIT'] }, '') });
      const response = await handler(jsonRequest({ nom: 'Logiciel Tout Neuf', licences: 'GPL-3.0-or-later', jeton: issueToken(SECRET, NOW - 60_000, 'sans-js') }), client());
      const body = await response.json();
      assert.equal(response.status, 409, JSON.stringify(body));
      assert.equal(body.code, 'existe-deja');
      assert.match(body.message, /existe déjà : proposez plutôt une modification/);
      assert.equal(forge.proposals(), 0);
    });

    it('les doublons possibles sont cherchés dans l’état publié, pas dans la copie déployée', async (t) => {
      const forge = await makeForge(t);
      forge.commitToMain({
        'content/notices/krita-studio.md': writeNoticeFile({ nom: 'Krita Studio', licences: ['GPL-3.0-or-later'], site_web: 'https://krita-studio.example.org/' }, ''),
      });
      // The gitlab backend has no cheap tree read: the function reads the site's published notices.json.
      const site = createServer((req, res) => {
        res.writeHead(req.url === '/notices.json' ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ notices: [{ slug: 'krita-studio', nom: 'Krita Studio', licences: ['GPL-3.0-or-later'], site_web: 'https://krita-studio.example.org/' }] }));
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      t.after(() => new Promise<void>((resolve) => site.close(() => resolve())));
      const handler = functionFor(forge, { siteUrl: `http://127.0.0.1:${(site.address() as AddressInfo).port}` });
      // The same site as a live notice: refused with the validator's words.
      const copy = await handler(
        jsonRequest({ nom: 'Krita Studios', licences: 'GPL-3.0-or-later', site_web: 'https://krita-studio.example.org/', jeton: issueToken(SECRET, NOW - 60_000, 'sans-js') }),
        client(),
      );
      assert.equal(copy.status, 409);
      assert.match(await copy.text(), /même site web qu’une autre notice : content\/notices\/krita-studio\.md/);
      // A close name only: opened, with the possible duplicate said plainly.
      const response = await handler(
        jsonRequest({ nom: 'Krita Studios', licences: 'GPL-3.0-or-later', site_web: 'https://studios.example.net/', jeton: issueToken(SECRET, NOW - 60_000, 'sans-js') }),
        client(),
      );
      assert.equal(response.status, 201, await response.text());
      const [description] = forge.descriptions();
      assert.match(description!.split('### Doublons possibles')[1]!, /`Krita Studio` \(\[voir la notice\]\(.*\/notices\/krita-studio\.html\)\) : /);
      assert.match(description!, /elle ressemble à une notice existante/);
    });
  });
}
