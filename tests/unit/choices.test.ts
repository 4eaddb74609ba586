import assert from 'node:assert/strict';
import { it } from 'node:test';
import { checkChoice, checkChoices, choiceReferences } from '../../src/notices/choices.ts';
import { readNotices } from '../../src/search/indexer.ts';

const references = choiceReferences([
  { slug: 'signal', data: { alternative_a: ['WhatsApp'] } },
  { slug: 'delta-chat', data: { alternative_a: ['WhatsApp'] } },
  { slug: 'firefox', data: { alternative_a: ['Google Chrome'] } },
]);
const text =
  'Pour écrire à des proches qui ont déjà un téléphone, Signal est le plus simple. Sans numéro de téléphone, Delta Chat passe par une adresse électronique que vous avez déjà, chez le fournisseur de votre choix.';

it('accepte un texte « Lequel choisir ? » qui nomme le produit et des notices existantes', () => {
  const { choice, problems } = checkChoice(`---\nproduit: WhatsApp\nnotices:\n  - signal\n  - delta-chat\n---\n\n${text}\n`, 'content/alternatives/whatsapp.md', references);
  assert.deepEqual(problems, []);
  assert.equal(choice?.slug, 'whatsapp');
  assert.match(choice!.html, /<p>Pour écrire/);
});

it('refuse une notice qui n’existe pas, en nommant le fichier et la ligne', () => {
  const { choice, problems } = checkChoice(`---\nproduit: WhatsApp\nnotices:\n  - signal\n  - telegramme\n---\n\n${text}\n`, 'content/alternatives/whatsapp.md', references);
  assert.equal(choice, undefined);
  assert.deepEqual(
    problems.map((p) => [p.code, p.level, p.file, p.field]),
    [['choix-notice-inconnue', 'erreur', 'content/alternatives/whatsapp.md', 'ligne 5 (notices)']],
  );
  assert.match(problems[0]!.message, /la notice « telegramme » n’existe pas/);
});

it('refuse un produit qu’aucune notice ne cite dans « alternative_a », en nommant la ligne', () => {
  const { problems } = checkChoice(`---\nproduit: Whatsap\nnotices:\n  - signal\n---\n\n${text}\n`, 'content/alternatives/whatsap.md', references);
  assert.deepEqual(
    problems.map((p) => [p.code, p.field]),
    [['choix-produit-inconnu', 'ligne 2 (produit)']],
  );
  assert.match(problems[0]!.message, /aucune notice ne cite « Whatsap » dans « alternative_a »/);
});

it('signale une notice hors de la comparaison, un mauvais nom de fichier, du HTML et une clé inconnue', () => {
  const checked = checkChoice(`---\nproduit: WhatsApp\nnotices:\n  - firefox\n---\n\n${text}\n\n<b>gras</b>\n`, 'content/alternatives/whats-app.md', references);
  const codes = checked.problems.map((p) => `${p.code} ${p.field}`);
  assert.ok(codes.includes('choix-notice-hors-comparaison ligne 4 (notices)'), codes.join(' | '));
  assert.ok(codes.includes('choix-nom-de-fichier ligne 2 (produit)'), codes.join(' | '));
  assert.ok(codes.includes('choix-html-brut ligne 9 (texte)'), codes.join(' | '));
  const unknown = checkChoice(`---\nproduit: WhatsApp\nnotice: signal\n---\n\n${text}\n`, 'content/alternatives/whatsapp.md', references);
  assert.deepEqual(
    unknown.problems.map((p) => p.field),
    ['notices', 'ligne 3 (notice)'],
  );
});

it('les textes de l’annuaire sont valides et couvrent les vingt produits que l’on quitte le plus', () => {
  const { choices, problems } = checkChoices(choiceReferences(readNotices()));
  assert.deepEqual(problems, []);
  const products = choices.map((c) => c.slug);
  for (const product of [
    'whatsapp',
    'microsoft-word',
    'microsoft-excel',
    'adobe-photoshop',
    'google-drive',
    'gmail',
    'google-docs',
    'zoom',
    'microsoft-teams',
    'skype',
    'dropbox',
    'google-chrome',
    'microsoft-outlook',
    'google-maps',
    'youtube',
    'doodle',
    'google-forms',
    'trello',
    'evernote',
    'slack',
  ]) {
    assert.ok(products.includes(product), product);
  }
});
