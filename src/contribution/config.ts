/**
 * Configuration of the contribution function, read from the environment once at start-up and
 * checked: a missing GitLab token must stop the server with a clear message, not fail on the
 * first contributor.
 */
import { z } from 'zod';
import { EnvironmentError, withAliases } from '../shared/env.ts';

const DEFAULT_FLAG = 'contributions-fermees';

const envSchema = z
  .object({
    CONTRIBUTION_BACKEND: z.enum(['local', 'gitlab'], { error: 'doit valoir « local » ou « gitlab »' }).default('local'),
    CONTRIBUTION_LOCAL_REPO: z.string().min(1).default('.'),
    GITLAB_URL: z.string().optional(),
    GITLAB_TOKEN: z.string().optional(),
    GITLAB_PROJECT_ID: z.string().optional(),
    GITLAB_FEATURE_FLAG: z.string().min(1).default(DEFAULT_FLAG),
    CONTRIBUTION_CLOSED: z.string().optional(),
    CONTRIBUTION_SECRET: z.string().optional(),
    CONTRIBUTION_MAX_PER_HOUR: z.coerce.number({ error: 'doit être un nombre' }).int().min(1, 'au moins 1').default(30),
    CONTRIBUTION_CORS_ORIGINS: z.string().optional(),
    CONTRIBUTION_POW_MAX: z.coerce.number({ error: 'doit être un nombre' }).int().min(100, 'au moins 100').default(200000),
    CONTRIBUTION_TRUST_PROXY: z
      .string()
      .trim()
      .regex(/^\d{0,2}$/, 'doit être le nombre de proxys de confiance devant la fonction (0, 1, 2…)')
      .optional(),
    CONTRIBUTION_CLIENT_IP_HEADER: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]*$/, 'doit être un nom d’en-tête HTTP, par exemple x-real-ip')
      .optional(),
    CONTRIBUTION_REDIS_URL: z
      .string()
      .trim()
      .regex(/^(rediss?:\/\/.+)?$/, 'doit être une adresse redis://… ou rediss://…')
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.CONTRIBUTION_BACKEND !== 'gitlab') return;
    for (const key of ['GITLAB_URL', 'GITLAB_TOKEN', 'GITLAB_PROJECT_ID'] as const) {
      if (!env[key]?.trim()) ctx.addIssue({ code: 'custom', path: [key], message: 'obligatoire avec CONTRIBUTION_BACKEND=gitlab' });
    }
    if (env.GITLAB_URL && !/^https?:\/\/[^/]+/.test(env.GITLAB_URL))
      ctx.addIssue({ code: 'custom', path: ['GITLAB_URL'], message: 'doit être une adresse comme https://framagit.org' });
    if (!env.CONTRIBUTION_SECRET || env.CONTRIBUTION_SECRET.length < 32) {
      ctx.addIssue({ code: 'custom', path: ['CONTRIBUTION_SECRET'], message: 'obligatoire en production : au moins 32 caractères aléatoires (openssl rand -hex 32)' });
    }
  });

export interface ContributionConfig {
  backend: 'local' | 'gitlab';
  localRepo: string;
  gitlab?: { url: string; token: string; projectId: string; featureFlag: string };
  /** Deploy-time kill switch (see isClosedByEnvironment). */
  closedByEnvironment: boolean;
  /** Signs the form's fill-time token and the proof-of-work challenges. */
  secret: string;
  secretIsEphemeral: boolean;
  maxPerHour: number;
  corsOrigins: string[];
  powMaxNumber: number;
  /** Proxies you control in front of the function: X-Forwarded-For is read past them. */
  trustedProxies: number;
  /** The platform's client-address header (serverless), when there is one. */
  clientIpHeader?: string;
  /** Shared state for several instances; absent: in memory (one process). */
  redisUrl?: string;
}

/**
 * CONTRIBUTION_CLOSED (formerly CONTRIBUTIONS_FERMEES, still read), as the README says: trimmed; empty, « 0 » or « false » leave the
 * form open, anything else closes it.
 */
export function isClosedByEnvironment(value: string | undefined): boolean {
  const trimmed = (value ?? '').trim().toLowerCase();
  return trimmed !== '' && trimmed !== '0' && trimmed !== 'false';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const invalid = (lines: string[]) => new ConfigError(`Configuration de la fonction de contribution invalide :\n${lines.map((line) => `  ${line}`).join('\n')}`);

/** The variables renamed under the naming rule, whose old names the function still reads. */
const RENAMED = ['CONTRIBUTION_CLOSED', 'CONTRIBUTION_MAX_PER_HOUR'] as const;

export function loadConfig(env: Record<string, string | undefined> = process.env): ContributionConfig {
  let resolved: Record<string, string | undefined>;
  try {
    resolved = withAliases(env, RENAMED);
  } catch (error) {
    if (error instanceof EnvironmentError) throw invalid(error.message.split('\n'));
    throw error;
  }
  const result = envSchema.safeParse(resolved);
  if (!result.success) throw invalid(result.error.issues.map((issue) => `${String(issue.path[0])} : ${issue.message}`));
  const e = result.data;
  const secret = e.CONTRIBUTION_SECRET ?? crypto.getRandomValues(new Uint8Array(32)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
  return {
    backend: e.CONTRIBUTION_BACKEND,
    localRepo: e.CONTRIBUTION_LOCAL_REPO,
    gitlab:
      e.CONTRIBUTION_BACKEND === 'gitlab'
        ? { url: e.GITLAB_URL!.replace(/\/+$/, ''), token: e.GITLAB_TOKEN!, projectId: e.GITLAB_PROJECT_ID!, featureFlag: e.GITLAB_FEATURE_FLAG }
        : undefined,
    closedByEnvironment: isClosedByEnvironment(e.CONTRIBUTION_CLOSED),
    secret,
    secretIsEphemeral: !e.CONTRIBUTION_SECRET,
    maxPerHour: e.CONTRIBUTION_MAX_PER_HOUR,
    corsOrigins: (e.CONTRIBUTION_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    powMaxNumber: e.CONTRIBUTION_POW_MAX,
    trustedProxies: Number(e.CONTRIBUTION_TRUST_PROXY || 0),
    clientIpHeader: e.CONTRIBUTION_CLIENT_IP_HEADER?.toLowerCase() || undefined,
    redisUrl: e.CONTRIBUTION_REDIS_URL || undefined,
  };
}
