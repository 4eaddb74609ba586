/**
 * Importer for the awesome-selfhosted-data format (https://github.com/awesome-selfhosted/awesome-selfhosted-data).
 * Plain TypeScript (no `astro:*` import) so that the command, the tests and the benchmarks share it.
 *   - source.ts reads a checkout into entries;
 *   - mappings.ts turns licences, platforms, categories, descriptions and addresses into ours;
 *   - pipeline.ts makes each entry a notice checked by the shared rules, or a skip with its reason;
 *   - write.ts writes them all or nothing; report.ts prints the French report.
 */
export * from './source.ts';
export * from './mappings.ts';
export * from './pipeline.ts';
export * from './write.ts';
export * from './report.ts';
