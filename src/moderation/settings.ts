/**
 * What the moderation scripts read from the environment, in one place, under the names of the
 * naming rule (old names still read, see src/shared/env.ts). GitLab's own CI_* variables and the
 * tokens are read where they are used.
 */
import { DEFAULT_SITE } from '../shared/site.ts';
import { type Environment, withAliases } from '../shared/env.ts';
import type { PreviewMode } from './preview.ts';

export interface ModerationSettings {
  /** MODERATION_CHECK_LINKS=0 skips the address checks (no network from the job). */
  checkLinks: boolean;
  /** MODERATION_LINK_TIMEOUT_MS; absent: each script's default. */
  linkTimeoutMs?: number;
  /** MODERATION_REPORTS_MAX: merge requests per run of the scheduled reports. */
  reportsMax: number;
  /** MODERATION_GIT_REMOTE: the remote the merge requests' branches are fetched from. */
  gitRemote: string;
  /** MODERATION_PREVIEW_PAGES=1: the preview is a Pages parallel deployment. */
  previewOnPages: boolean;
  /** MODERATION_PREVIEW_URL and _MODE, written by the preview job for the report job. */
  preview?: { url: string; mode: PreviewMode };
  /** SITE_URL: the public site. */
  siteUrl: string;
}

const RENAMED = [
  'MODERATION_CHECK_LINKS',
  'MODERATION_LINK_TIMEOUT_MS',
  'MODERATION_REPORTS_MAX',
  'MODERATION_GIT_REMOTE',
  'MODERATION_PREVIEW_PAGES',
  'MODERATION_PREVIEW_URL',
  'MODERATION_PREVIEW_MODE',
] as const;

/** Throws EnvironmentError (French) when a variable is set under both names to different values. */
export function moderationSettings(source: Environment = process.env): ModerationSettings {
  const env = withAliases(source, RENAMED);
  return {
    checkLinks: env.MODERATION_CHECK_LINKS !== '0',
    linkTimeoutMs: Number(env.MODERATION_LINK_TIMEOUT_MS) || undefined,
    reportsMax: Number(env.MODERATION_REPORTS_MAX) || 20,
    gitRemote: env.MODERATION_GIT_REMOTE || 'origin',
    previewOnPages: env.MODERATION_PREVIEW_PAGES === '1',
    preview: env.MODERATION_PREVIEW_URL ? { url: env.MODERATION_PREVIEW_URL, mode: env.MODERATION_PREVIEW_MODE === 'pages' ? 'pages' : 'artefacts' } : undefined,
    siteUrl: env.SITE_URL || DEFAULT_SITE,
  };
}
