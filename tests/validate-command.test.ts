import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const validate = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['scripts/validate.ts', ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const fixture = (name: string) => `tests/fixtures/${name}`;

describe('npm run validate', () => {
  it('passe sur toutes les notices du dépôt', () => {
    const { code, out } = validate();
    assert.equal(code, 0, out);
    assert.match(out, / 0 erreur\(s\)/);
  });

  it('accepte une notice valide hors du dépôt, logo compris', () => {
    const { code, out } = validate(fixture('valides/exemple-libre.md'));
    assert.equal(code, 0, out);
    assert.match(out, /1 notice\(s\) vérifiée\(s\) : 0 erreur\(s\), 0 avertissement\(s\)/);
  });

  it('--strict échoue sur un simple avertissement, sans lui seulement sur une erreur', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'strict-'));
    const file = path.join(dir, 'exemple-libre.md');
    // The valid fixture without its étiquettes: a warning (« au moins deux étiquettes »), no error.
    const text = readFileSync(fixture('valides/exemple-libre.md'), 'utf8');
    writeFileSync(file, text.replace(/^etiquettes:\n(?: {2}- .*\n)+/m, '').replace(/^logo: .*\n/m, ''));
    const lenient = validate(file);
    assert.equal(lenient.code, 0, lenient.out);
    assert.match(lenient.out, /etiquettes : au moins deux étiquettes/);
    const strict = validate('--strict', file);
    assert.equal(strict.code, 1, strict.out);
    assert.match(strict.out, /0 erreur\(s\), 1 avertissement\(s\)\. Avec --strict, les avertissements aussi\./);
  });

  it('rassemble toutes les erreurs, une ligne française par problème, fichier et champ en tête', () => {
    const { code, out } = validate(
      fixture('invalides/html-brut.md'),
      fixture('invalides/mauvais-nom.md'),
      fixture('invalides/licence-privatrice.md'),
      fixture('invalides/logo-casse.md'),
      fixture('invalides/yaml-casse.md'),
    );
    assert.equal(code, 1);
    const expected = [
      /^ERREUR tests\/fixtures\/invalides\/html-brut\.md : texte de la notice : ligne 10 : HTML brut interdit/m,
      /^ERREUR tests\/fixtures\/invalides\/html-brut\.md : texte de la notice : ligne 12 : lien refusé \(javascript:/m,
      /^ERREUR tests\/fixtures\/invalides\/mauvais-nom\.md : nom : le fichier doit s’appeler « un-autre-nom\.md »/m,
      /^ERREUR tests\/fixtures\/invalides\/licence-privatrice\.md : licences : élément 1 : « BUSL-1\.1 » n’est pas une licence libre/m,
      /^ERREUR tests\/fixtures\/invalides\/licence-privatrice\.md : licences : élément 2 : .*vouliez-vous dire « GPL-3\.0-or-later »/m,
      /^ERREUR tests\/fixtures\/invalides\/licence-privatrice\.md : site_web : doit être une adresse complète commençant par https:\/\//m,
      /^ERREUR tests\/fixtures\/invalides\/licence-privatrice\.md : plateformes : élément 1 : « Linux »/m,
      /^ERREUR tests\/fixtures\/invalides\/licence-privatrice\.md : etiquettes : élément 1 : « inconnue »/m,
      /^ERREUR tests\/fixtures\/invalides\/licence-privatrice\.md : couleur : clé inconnue/m,
      /^ERREUR tests\/fixtures\/invalides\/logo-casse\.md : logo : le fichier n’est pas une image lisible/m,
      /^ERREUR tests\/fixtures\/invalides\/yaml-casse\.md : fichier : en-tête YAML illisible/m,
    ];
    for (const pattern of expected) assert.match(out, pattern);
    assert.match(out, /5 notice\(s\) vérifiée\(s\) : \d+ erreur\(s\)/);
    // errors come before warnings
    const lines = out.trim().split('\n');
    const firstWarning = lines.findIndex((l) => l.startsWith('avertissement'));
    const lastError = lines.findLastIndex((l) => l.startsWith('ERREUR'));
    assert.ok(firstWarning === -1 || firstWarning > lastError);
  });

  it('repère un doublon de nom ou de site web avec une notice du dépôt', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'doublon-'));
    const site = /^site_web: (.*)$/m.exec(readFileSync('content/notices/firefox.md', 'utf8'))![1];
    writeFileSync(path.join(dir, 'firefox.md'), `---\nnom: FireFox\nlicences:\n  - MPL-2.0\n---\n`);
    writeFileSync(path.join(dir, 'autre-navigateur.md'), `---\nnom: Autre navigateur\nlicences:\n  - MPL-2.0\nsite_web: ${site}\n---\n`);
    const { code, out } = validate(path.join(dir, 'firefox.md'), path.join(dir, 'autre-navigateur.md'));
    assert.equal(code, 1);
    assert.match(out, /firefox\.md : nom : même nom \(au slug près\) qu’une autre notice : content\/notices\/firefox\.md/);
    assert.match(out, /autre-navigateur\.md : site_web : même site web qu’une autre notice : content\/notices\/firefox\.md/);
  });

  it('sort un rapport JSON pour les machines', () => {
    const { code, out } = validate('--json', fixture('invalides/mauvais-nom.md'));
    assert.equal(code, 1);
    const report = JSON.parse(out);
    assert.equal(report.fichiers, 1);
    assert.equal(report.erreurs[0].field, 'nom');
    assert.equal(report.erreurs[0].level, 'erreur');
    // A stable code for programs, next to the French message for people.
    assert.equal(report.erreurs[0].code, 'nom-de-fichier');
    assert.match(report.erreurs[0].message, /le fichier doit s’appeler « un-autre-nom\.md »/);
  });

  it('--fix remet en forme canonique sans toucher au contenu', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fix-'));
    cpSync(fixture('valides'), dir, { recursive: true });
    const file = path.join(dir, 'exemple-libre.md');
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      original
        .replace('nom: Exemple Libre\n', '')
        .replace('---\n', '---\nnom: "Exemple Libre"\n')
        .replace(/licences:\n {2}- (.*)\n {2}- (.*)\n/, 'licences: [$1, "$2"]\n'),
    );
    assert.match(validate(file).out, /mise en forme non canonique/);
    assert.equal(validate('--fix', file).code, 0);
    assert.equal(readFileSync(file, 'utf8'), original);
  });

  it('refuse une option inconnue', () => {
    assert.equal(validate('--vite').code, 2);
  });
});
