/**
 * The awesome-selfhosted-data importer: mapping rules on small invented entries
 * (tests/fixtures/awesome-selfhosted), the command's guards, and one import of the real dataset
 * (../shared/datasets/awesome-selfhosted-data, or $AWESOME_SELFHOSTED_DATA) whose every notice
 * must pass `npm run validate`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  importAwesomeSelfhosted,
  mapEtiquettes,
  mapLicences,
  mapPlateformes,
  readSource,
  shortDescription,
  stripMarkdown,
  TAG_MAP,
  writeImportedNotices,
  type ImportResult,
} from '../../src/import/awesome-selfhosted/index.ts';
import { parseNoticeFile } from '../../src/notices/notice-file.ts';
import { listNoticeFiles } from '../../src/notices/repository.ts';
import { validateNoticeFiles } from '../../src/notices/validation.ts';
import { loadVocabularies, vocabularyIds } from '../../src/notices/vocabulary.ts';

const FIXTURE = 'tests/fixtures/awesome-selfhosted';
const REAL_DATA = path.resolve(process.env.AWESOME_SELFHOSTED_DATA ?? '../shared/datasets/awesome-selfhosted-data');
const vocabulary = vocabularyIds(loadVocabularies());
const temp = mkdtempSync(path.join(tmpdir(), 'import-awesome-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const runImport = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['scripts/import-awesome-selfhosted.ts', ...args], { encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
};
const runValidate = (files: string[]) => {
  const result = spawnSync(process.execPath, ['scripts/validate.ts', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, out: result.stdout };
};

describe('import awesome-selfhosted : règles de conversion', () => {
  it('traduit les licences en SPDX et écarte les non libres', () => {
    const source = { nonFreeLicences: new Set(['BUSL-1.1', '⊘ Proprietary', 'Commons-Clause']) };
    assert.deepEqual(mapLicences(['GPL-3.0', 'AGPL-3.0', 'LGPL-2.1', 'BSD-2-Clause-FreeBSD', 'MIT'], source).kept, [
      'GPL-3.0-only',
      'AGPL-3.0-only',
      'LGPL-2.1-only',
      'BSD-2-Clause',
      'MIT',
    ]);
    const mixed = mapLicences(['Apache-2.0', 'Commons-Clause'], source);
    assert.deepEqual(mixed.kept, ['Apache-2.0']);
    assert.deepEqual(
      mixed.dropped.map((d) => [d.id, d.kind]),
      [['Commons-Clause', 'non-libre']],
    );
    const closed = mapLicences(['⊘ Proprietary'], source);
    assert.deepEqual(closed.kept, []);
    // Listed as free upstream, but neither OSI- nor FSF-approved: our checkLicence decides.
    assert.deepEqual(
      mapLicences(['Sendmail'], source).dropped.map((d) => d.kind),
      ['non-reconnue'],
    );
    assert.deepEqual(mapLicences(['GPL-2.0', 'MIT'], source).ambiguous, ['GPL-2.0']);
  });

  it('raccourcit proprement la description et retire le Markdown', () => {
    assert.equal(stripMarkdown('Share [more](https://apps.example/) with _freesites_ and `code`.'), 'Share more with freesites and code.');
    assert.equal(stripMarkdown('successor to oauth_proxy and mod_autoindex'), 'successor to oauth_proxy and mod_autoindex');
    const short = shortDescription('A short one.');
    assert.deepEqual(short, { text: 'A short one.', truncated: false });
    const long = 'Word '.repeat(60).trim();
    const cut = shortDescription(long);
    assert.ok(cut.truncated);
    assert.ok(cut.text.length <= 200, `${cut.text.length}`);
    assert.match(cut.text, /Word…$/);
    const sentences = `${'First sentence is long enough to keep. '.repeat(4)}Then a tail that goes on and on ${'and on '.repeat(10)}.`;
    const bySentence = shortDescription(sentences);
    assert.ok(bySentence.text.length <= 200);
    assert.match(bySentence.text, /keep\.$/);
  });

  it('classe tout en « Serveur », et en « Web » seulement avec une interface web', () => {
    assert.deepEqual(mapPlateformes({ platforms: ['PHP', 'Docker', 'deb', 'K8S'], tags: ['Groupware'], description: 'Files.' }).plateformes, ['Serveur', 'Web']);
    assert.deepEqual(mapPlateformes({ platforms: ['C'], tags: ['Communication - Email - Mail Transfer Agents'], description: 'An MTA.' }).plateformes, ['Serveur']);
    assert.deepEqual(mapPlateformes({ platforms: ['Go'], tags: ['DNS'], description: 'DNS server with a web interface.' }).plateformes, ['Serveur', 'Web']);
    assert.deepEqual(mapPlateformes({ platforms: ['Rust'], tags: ['Backup'], description: 'Command-line backup tool.' }).plateformes, ['Serveur']);
    assert.deepEqual(mapPlateformes({ platforms: ['Zig'], tags: ['Groupware'], description: '' }).unknown, ['Zig']);
  });

  it('n’emploie que des étiquettes du vocabulaire', () => {
    const known = new Set(vocabulary.etiquettes);
    for (const [tag, ids] of Object.entries(TAG_MAP)) for (const id of ids) assert.ok(known.has(id), `${tag} → ${id}`);
    const mapped = mapEtiquettes({ tags: ['Communication - Email - Complete Solutions', 'Groupware', 'Nouvelle catégorie'], description: 'Mail.' }, vocabulary);
    assert.deepEqual(mapped.etiquettes, ['courriel', 'travail-en-equipe', 'auto-hebergement']);
    assert.deepEqual(mapped.unmapped, ['Nouvelle catégorie']);
    // A vocabulary without an id of the table: the id is left out, never written.
    assert.deepEqual(mapEtiquettes({ tags: ['Groupware'], description: '' }, { etiquettes: ['auto-hebergement'] }).notInVocabulary, ['travail-en-equipe']);
  });
});

describe('import awesome-selfhosted : jeu d’essai', () => {
  const result: ImportResult = importAwesomeSelfhosted({
    sourceDir: FIXTURE,
    vocabulary,
    referenceFiles: ['tests/fixtures/valides/exemple-libre.md'],
    today: '2026-11-21',
  });
  const notice = (slug: string) => {
    const found = result.notices.find((n) => n.slug === slug);
    assert.ok(found, `notice ${slug} absente (importées : ${result.notices.map((n) => n.slug).join(', ')})`);
    return found;
  };
  const skipOf = (name: string) => result.skipped.find((s) => s.name === name)?.reason;

  it('importe les entrées libres et ignore les autres avec leur raison', () => {
    assert.equal(result.read, 15);
    assert.deepEqual(result.notices.map((n) => n.slug).sort(), ['baikal-like', 'dup-tool', 'libre-mail', 'long-winded', 'mixed-flow', 'old-school', 'relais-smtp', 'utool']);
    assert.equal(skipOf('Closed Suite'), 'licence-non-libre');
    assert.equal(skipOf('Source Available'), 'licence-non-libre');
    assert.equal(skipOf('Sendmail Like'), 'licence-non-reconnue');
    assert.equal(skipOf('Plain HTTP'), 'aucune-adresse-https');
    assert.equal(skipOf('日記'), 'nom-inutilisable');
    assert.equal(skipOf('Dup-Tool'), 'doublon');
    assert.equal(skipOf('Exemple Libre'), 'deja-dans-l-annuaire');
    assert.equal(result.skipped.length, 7);
  });

  it('remplit les champs d’une notice complète', () => {
    const { data, body, text } = notice('libre-mail');
    assert.deepEqual(data.licences, ['AGPL-3.0-only']);
    assert.equal(data.site_web, 'https://libremail.example.org/');
    assert.equal(data.code_source, 'https://codeberg.org/libremail/libremail');
    assert.deepEqual(data.plateformes, ['Serveur', 'Web']);
    assert.deepEqual(data.etiquettes, ['courriel', 'travail-en-equipe', 'auto-hebergement']);
    assert.equal(data.description_courte, 'Complete mail server with a webmail, spam filtering and a web administration panel.');
    assert.equal(data.date_creation, '2026-11-21');
    assert.equal(data.date_modification, '2026-11-21');
    // The body credits the source as CC-BY-SA-3.0 requires, in French.
    assert.match(body, /importée automatiquement depuis \[awesome-selfhosted-data\]\(https:\/\/github\.com\/awesome-selfhosted\/awesome-selfhosted-data\)/);
    assert.match(body, /\(https:\/\/github\.com\/awesome-selfhosted\/awesome-selfhosted-data\/blob\/master\/AUTHORS\)/);
    assert.match(body, /\(CC-BY-SA-3\.0\)\]\(https:\/\/creativecommons\.org\/licenses\/by-sa\/3\.0\/deed\.fr\)/);
    assert.match(body, /\[démonstration en ligne\]\(https:\/\/demo\.libremail\.example\.org\/\)/);
    // Written by the canonical writer: parsing it back gives the same data.
    assert.deepEqual(parseNoticeFile(text).data, data);
  });

  it('retire la licence non libre d’une entrée mixte et le dit', () => {
    const { data, body } = notice('mixed-flow');
    assert.deepEqual(data.licences, ['Apache-2.0']);
    assert.match(body, /Licences non libres écartées : Commons-Clause/);
    assert.ok(result.adjustments.some((a) => a.name === 'Mixed Flow' && a.kind === 'licence-retiree'));
  });

  it('laisse vide un champ en http et le signale', () => {
    const { data } = notice('old-school');
    assert.equal(data.site_web, undefined);
    assert.equal(data.code_source, 'https://github.com/example/old-school');
    assert.ok(result.adjustments.some((a) => a.name === 'Old School' && a.kind === 'url-ignoree' && a.detail.includes('http://old-school.example.org/')));
  });

  it('gère les noms non ASCII', () => {
    assert.equal(notice('baikal-like').data.nom, 'Baïkal Like');
    // « µ » folds to « u » like an accent would: nothing is lost, nothing to report.
    const tool = notice('utool');
    assert.equal(tool.data.nom, 'µTool');
    assert.ok((tool.data.etiquettes as string[]).includes('fediverse'));
    assert.ok(!result.adjustments.some((a) => a.name === 'µTool' && a.kind === 'slug-approximatif'));
  });

  it('garde un MTA hors du « Web » et signale une notice à une seule étiquette', () => {
    const { data } = notice('relais-smtp');
    assert.deepEqual(data.plateformes, ['Serveur']);
    assert.deepEqual(data.etiquettes, ['courriel', 'auto-hebergement']);
    assert.ok(result.adjustments.some((a) => a.name === 'Mixed Flow' && a.kind === 'etiquettes-insuffisantes'));
  });

  it('raccourcit une longue description et note les catégories inconnues', () => {
    const { data } = notice('long-winded');
    const description = String(data.description_courte);
    assert.ok(description.length <= 200);
    assert.doesNotMatch(description, /\]\(|https?:|_projects_/);
    assert.match(description, /^Web-based application to help you implement the Getting Things Done™ methodology, with projects/);
    assert.deepEqual(data.licences, ['AGPL-3.0-only', 'MIT']);
    assert.equal(result.unmappedTags.get('Unknown Category'), 1);
  });
});

describe('npm run import:awesome-selfhosted', () => {
  it('écrit des notices valides et un rapport en français', () => {
    const out = path.join(temp, 'fixture-notices');
    const { code, out: report, err } = runImport('--source', FIXTURE, '--out', out, '--reference', 'tests/fixtures/valides', '--date', '2026-11-21');
    assert.equal(code, 0, err + report);
    assert.match(report, /15 entrée\(s\) lue\(s\)/);
    assert.match(report, /8 notice\(s\) importée\(s\)/);
    assert.match(report, /7 entrée\(s\) ignorée\(s\)/);
    assert.match(report, /- 2 licence non libre/);
    assert.match(report, /- 1 adresse invalide/);
    assert.match(report, /- 1 doublon dans la source/);
    assert.match(report, /Mixed Flow : Commons-Clause/);
    const files = readdirSync(out).map((name) => path.join(out, name));
    assert.equal(files.length, 8);
    const validation = runValidate(files);
    assert.equal(validation.code, 0, validation.out);
    assert.match(validation.out, /8 notice\(s\) vérifiée\(s\) : 0 erreur\(s\)/);
    assert.ok(!readdirSync(temp).some((name) => name.includes('.import-')), 'dossier temporaire laissé derrière');
  });

  it('exige --out et refuse content/notices sauf écrit en toutes lettres', () => {
    const missing = runImport('--source', FIXTURE);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--out est obligatoire/);
    const sneaky = runImport('--source', FIXTURE, '--out', path.resolve('content/notices'));
    assert.equal(sneaky.code, 2);
    assert.match(sneaky.err, /--out content\/notices/);
    const inside = runImport('--source', FIXTURE, '--out', 'content/notices/import');
    assert.equal(inside.code, 2);
    // Nothing of the fixture reached the directory (its entries would be libre-mail.md, relais-smtp.md…).
    assert.ok(!existsSync('content/notices/libre-mail.md') && !existsSync('content/notices/import'));
    assert.ok(!readdirSync('content').some((name) => name.includes('.import-')), 'dossier temporaire laissé dans content/');
  });

  it('n’écrit rien dans un dossier déjà rempli', () => {
    const out = path.join(temp, 'rempli');
    mkdirSync(out);
    writeFileSync(path.join(out, 'autre.md'), 'déjà là');
    const { code, err } = runImport('--source', FIXTURE, '--out', out);
    assert.equal(code, 1);
    assert.match(err, /rien n’a été écrit/);
    assert.deepEqual(readdirSync(out), ['autre.md']);
  });

  it('n’écrase jamais une notice en ajoutant à un dossier existant', () => {
    const out = path.join(temp, 'ajout');
    mkdirSync(out);
    writeFileSync(path.join(out, 'libre-mail.md'), 'la notice de quelqu’un');
    const result = importAwesomeSelfhosted({ sourceDir: FIXTURE, vocabulary, today: '2026-11-21' });
    assert.throws(() => writeImportedNotices(result.notices, out, { addToExisting: true }), /existe déjà/);
    assert.deepEqual(readdirSync(out), ['libre-mail.md']);
    assert.equal(readFileSync(path.join(out, 'libre-mail.md'), 'utf8'), 'la notice de quelqu’un');
  });
});

// CI runs with shared/ beside the clone: the real data set is part of the contract, not optional.
describe('import du vrai jeu awesome-selfhosted-data', () => {
  it('trouve le jeu de données', () => {
    assert.ok(existsSync(path.join(REAL_DATA, 'software')), `données absentes (${REAL_DATA}) : AWESOME_SELFHOSTED_DATA permet de les indiquer`);
  });
  it('connaît toutes les catégories du jeu', () => {
    const used = new Set(readSource(REAL_DATA).entries.flatMap((e) => e.tags));
    assert.deepEqual(
      [...used].filter((tag) => !(tag in TAG_MAP)),
      [],
    );
  });

  it('produit plus de mille notices qui passent toutes la validation', async () => {
    const out = path.join(temp, 'vrai-jeu');
    const { code, out: report, err } = runImport('--source', REAL_DATA, '--out', out, '--date', '2026-11-21');
    assert.equal(code, 0, err + report);
    const files = readdirSync(out).map((name) => path.join(out, name));
    // Entries the directory already has are left out, so the count falls as the directory grows.
    assert.ok(files.length > 1000, `${files.length} notices`);
    assert.match(report, new RegExp(`${files.length} notice\\(s\\) importée\\(s\\)`));
    assert.match(report, /licence non libre/);
    // The command's verdict (its exit code)…
    const validation = runValidate(files);
    assert.equal(
      validation.code,
      0,
      validation.out
        .split('\n')
        .filter((l) => l.startsWith('ERREUR'))
        .slice(0, 20)
        .join('\n'),
    );
    // …and the same checks in-process, so a failure names the notices (a pipe may cut a long output).
    const problems = await validateNoticeFiles(files, vocabulary, { referenceFiles: listNoticeFiles() });
    const errors = problems.filter((p) => p.level === 'erreur');
    assert.deepEqual(errors.slice(0, 20), [], `${errors.length} erreur(s)`);
  });
});
