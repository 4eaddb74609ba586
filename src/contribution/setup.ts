/**
 * Builds the handler from the environment (checked at start-up). Host adapters call this once:
 * Astro's route (src/pages/api/contribuer.ts), or any serverless entry point.
 */
import path from 'node:path';
import { createGitlabBackend } from './gitlab-backend.ts';
import { loadConfig } from './config.ts';
import { createContributionHandler, type ContributionHandler } from './handler.ts';
import { createLocalBackend } from './local-backend.ts';
import { createMemoryStore, createRedisStore } from './store.ts';

export function createHandlerFromEnv(env: Record<string, string | undefined> = process.env): ContributionHandler {
  const config = loadConfig(env);
  const log = (line: string) => console.log(`[contribution] ${line}`);
  if (config.secretIsEphemeral && config.backend === 'local') {
    log('CONTRIBUTION_SECRET absent : secret éphémère (les formulaires ouverts avant un redémarrage devront être renvoyés).');
  }
  const backend =
    config.backend === 'gitlab'
      ? createGitlabBackend({ url: config.gitlab!.url, token: config.gitlab!.token, projectId: config.gitlab!.projectId, featureFlag: config.gitlab!.featureFlag })
      : createLocalBackend({ repo: config.localRepo });
  return createContributionHandler({
    config,
    backend,
    // Several instances (serverless, or more than one process) must share one set of limits.
    store: config.redisUrl ? createRedisStore(config.redisUrl) : createMemoryStore(),
    contentRoot: path.resolve(env.FRAMALIBRE_CONTENT ?? (config.backend === 'local' ? path.join(config.localRepo, 'content') : 'content')),
    siteUrl: (env.SITE_URL ?? `http://${env.HOST ?? 'localhost'}:${env.PORT ?? '4321'}`).replace(/\/+$/, ''),
    log,
  });
}
