/** content/chatons.yaml is validated like the notices: French messages naming host and field. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkChatons, chatonsFile, servicesBySoftware } from '../../src/notices/chatons.ts';
import { listNoticeFiles, slugOfFile } from '../../src/notices/repository.ts';

const slugs = new Set(listNoticeFiles().map(slugOfFile));
const fixture = (name: string) => readFileSync(`tests/fixtures/sharing/${name}`, 'utf8');

describe('CHATONS (content/chatons.yaml)', () => {
  it('le fichier du dépôt est valide et chaque service mène à une notice existante', () => {
    const { hosts, problems } = checkChatons(readFileSync(chatonsFile(), 'utf8'), slugs);
    assert.deepEqual(problems, []);
    // Enough hosts and services that the common notices say where to use them without installing.
    assert.ok(hosts.length >= 15, `${hosts.length} hébergeurs`);
    assert.ok(hosts.reduce((n, h) => n + h.services.length, 0) >= 40, 'au moins 40 services');
    for (const host of hosts) {
      assert.match(host.site_web, /^https:\/\//);
      for (const service of host.services) {
        assert.ok(slugs.has(service.logiciel), service.logiciel);
        assert.match(service.adresse, /^https:\/\//);
      }
    }
    const bySoftware = servicesBySoftware(hosts);
    assert.ok(bySoftware.get('etherpad')?.some((s) => s.nom === 'Framapad'));
    for (const slug of ['etherpad', 'jitsi-meet', 'mastodon', 'peertube']) assert.ok((bySoftware.get(slug)?.length ?? 0) >= 2, `${slug} : au moins deux hébergeurs`);
    // Sorted by host name, then service name, for a stable list on the notice page.
    const pads = bySoftware.get('etherpad')!.map((s) => s.hebergeur.nom);
    assert.deepEqual(
      pads,
      [...pads].sort((a, b) => a.localeCompare(b, 'fr', { sensitivity: 'base' })),
    );
  });

  it('signale chaque erreur en français, avec l’hébergeur et le champ', () => {
    const { problems } = checkChatons(fixture('chatons-invalide.yaml'), slugs, 'chatons.yaml');
    const lines = problems.map((p) => `${p.field} : ${p.message}`);
    const expected = [
      /^hébergeur 1 \(Exemple\) : site_web : doit être une adresse complète commençant par https:\/\//,
      /^hébergeur 1 \(Exemple\) : services : élément 1 : adresse : doit être une adresse complète/,
      /^hébergeur 1 \(Exemple\) : services : élément 2 : logiciel : doit être le slug d’une notice/,
      /^hébergeur 2 : nom : champ obligatoire/,
      /^hébergeur 2 : services : élément 1 : clé inconnue : url/,
    ];
    for (const pattern of expected)
      assert.ok(
        lines.some((l) => pattern.test(l)),
        `${pattern} absent de :\n${lines.join('\n')}`,
      );
    assert.ok(problems.every((p) => p.level === 'erreur' && p.file === 'chatons.yaml'));
  });

  it('refuse un logiciel sans notice et un hébergeur en double', () => {
    const { problems } = checkChatons(fixture('chatons-sans-notice.yaml'), slugs, 'chatons.yaml');
    const lines = problems.map((p) => `${p.field} : ${p.message}`);
    assert.ok(
      lines.some((l) => /services : élément 1 \(Framaquelquechose\) : logiciel : la notice « logiciel-inexistant » n’existe pas/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /hébergeur 2 \(Framasoft\) : nom : cet hébergeur est déjà dans la liste/.test(l)),
      lines.join('\n'),
    );
  });

  it('npm run validate vérifie aussi content/chatons.yaml', () => {
    const content = mkdtempSync(path.join(tmpdir(), 'chatons-'));
    cpSync('tests/fixtures/site', content, { recursive: true });
    writeFileSync(path.join(content, 'chatons.yaml'), fixture('chatons-sans-notice.yaml'));
    const result = spawnSync(process.execPath, ['scripts/validate.ts'], { encoding: 'utf8', env: { ...process.env, FRAMALIBRE_CONTENT: content } });
    rmSync(content, { recursive: true, force: true });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /^ERREUR \S*chatons\.yaml : hébergeur 1 \(Framasoft\) : services : élément 1 \(Framaquelquechose\) : logiciel : la notice « logiciel-inexistant » n’existe pas/m,
    );
  });
});
