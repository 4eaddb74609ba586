import assert from 'node:assert/strict';
import { it } from 'node:test';
import { slugify } from '../../src/notices/slug.ts';

it('dérive le slug du nom : minuscules, accents repliés, tirets', () => {
  const cases: [string, string][] = [
    ['Firefox', 'firefox'],
    ['Déjà Dup', 'deja-dup'],
    ['Emmabuntüs', 'emmabuntus'],
    ['Notepad++', 'notepad-plus-plus'],
    ['/e/OS', 'e-os'],
    ['0 A.D.', '0-a-d'],
    ['The Battle for Wesnoth', 'the-battle-for-wesnoth'],
    ['  Œuvre & Cie  ', 'oeuvre-et-cie'],
    ['Xournal++', 'xournal-plus-plus'],
    ['7-Zip', '7-zip'],
    ['Pønskelisten', 'ponskelisten'],
    ['µTask', 'utask'],
    ['GoSƐ', 'gose'],
  ];
  for (const [nom, slug] of cases) assert.equal(slugify(nom), slug, nom);
});

it('ne produit jamais de chemin ni de caractère hors [a-z0-9-]', () => {
  for (const nom of ['../../etc/passwd', 'a/b\\c', '<script>', '日本語', '   ']) {
    assert.match(slugify(nom), /^[a-z0-9-]*$/, nom);
    assert.doesNotMatch(slugify(nom), /^-|-$|--/, nom);
  }
});
