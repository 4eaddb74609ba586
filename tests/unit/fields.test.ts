/** The fields are described once (src/notices/fields.ts); everything that documents them agrees. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { NOTICE_FIELDS, NOTICE_KEYS, fieldsMarkdownTable } from '../../src/notices/fields.ts';
import { EXPORTED_FIELDS, noticeFileJsonSchema } from '../../src/sharing/export.ts';
import { renderContributionForm } from '../../src/contribution/form-html.ts';
import { schema, vocabularies } from '../support/notices.ts';
import { vocabularyIds } from '../../src/notices/vocabulary.ts';

it('dérive les clés et leur ordre du tableau des champs', () => {
  assert.deepEqual(Object.keys(schema.shape), NOTICE_KEYS);
});

it('publie dans le schéma JSON le titre et la description de chaque champ', () => {
  const notice = (
    noticeFileJsonSchema(vocabularyIds(vocabularies), undefined).properties as Record<string, { properties: Record<string, { title?: string; description?: string }> }>
  ).notice!.properties;
  for (const [key, doc] of EXPORTED_FIELDS) {
    assert.equal(notice[key]?.description, doc.description, key);
    assert.equal(notice[key]?.title, doc.label, key);
  }
});

it('garde à jour le tableau de docs/format-des-notices.md', () => {
  assert.ok(readFileSync('docs/format-des-notices.md', 'utf8').includes(fieldsMarkdownTable()), `Remplacez le tableau des clés par :\n${fieldsMarkdownTable()}`);
});

it('donne au formulaire les longueurs maximales du schéma', () => {
  const form = renderContributionForm({ action: '/api/contribuer', vocabularies });
  assert.match(form, new RegExp(`name="nom" type="text" maxlength="${NOTICE_FIELDS.nom.max}"`));
  assert.match(form, new RegExp(`name="description_courte" type="text" maxlength="${NOTICE_FIELDS.description_courte.max}"`));
});
