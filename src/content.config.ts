import { defineCollection } from 'astro:content';
import { noticesLoader } from './notices/astro-loader.ts';
import { createNoticeSchema } from './notices/schema.ts';
import { loadVocabularies, vocabularyIds } from './notices/vocabulary.ts';

const notices = defineCollection({
  loader: noticesLoader(),
  schema: createNoticeSchema(vocabularyIds(loadVocabularies())),
});

export const collections = { notices };
