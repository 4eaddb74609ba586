/**
 * The only state the contribution function keeps between requests: rate limits, the hourly
 * breaker, and single-use tokens and proof-of-work solutions. One small interface, two engines:
 * memory (one process, `npm start`) and Redis (`CONTRIBUTION_REDIS_URL`: several instances or a
 * serverless platform share one set of limits). Counters come from rate-limiter-flexible, whose
 * Redis limiter increments and sets the expiry in one Lua script (atomic across instances).
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface Limit {
  /** Key prefix of the counter; two limits never share a name. */
  name: string;
  points: number;
  windowSeconds: number;
}

export interface ContributionStore {
  /**
   * Takes one point of `limit` for `key`; false (nothing kept) when the limit is reached, or when
   * `cap` (a stricter limit for now, at most `limit.points`) is.
   */
  take(limit: Limit, key: string, cap?: number): Promise<boolean>;
  /** Gives back a point taken for something that did not happen after all. */
  giveBack(limit: Limit, key: string): Promise<void>;
  /** Points used in the current window. */
  used(limit: Limit, key: string): Promise<number>;
  /**
   * Records `value` under `key` for `ttlMs` unless something is recorded there already; returns
   * what was there before (undefined: this call recorded it). Single-use tokens and solutions.
   */
  claim(key: string, value: string, ttlMs: number): Promise<string | undefined>;
  /** What `claim` recorded under `key`, without recording anything. */
  claimed(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Longest wait for one answer of the shared store before the request is answered 503. */
export const STORE_TIMEOUT_MS = 1_000;

/** The store is down or unreachable: the handler answers 503, it never guesses. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

type LimiterFactory = (limit: Limit) => RateLimiterAbstract;

function limiterStore(factory: LimiterFactory, claims: Omit<ContributionStore, 'take' | 'giveBack' | 'used'>): ContributionStore {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiter = (limit: Limit) => {
    let found = limiters.get(limit.name);
    if (!found) limiters.set(limit.name, (found = factory(limit)));
    return found;
  };
  return {
    async take(limit, key, cap = limit.points) {
      try {
        const taken = await limiter(limit).consume(key, 1);
        if (taken.consumedPoints <= cap) return true;
        await limiter(limit).reward(key, 1);
        return false;
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          // Refused hits are not kept: a client at its limit does not push its window further.
          await limiter(limit)
            .reward(key, 1)
            .catch(() => undefined);
          return false;
        }
        throw new StoreUnavailableError(String((error as Error)?.message ?? error));
      }
    },
    async giveBack(limit, key) {
      await limiter(limit)
        .reward(key, 1)
        .catch((error: unknown) => {
          throw new StoreUnavailableError(String((error as Error)?.message ?? error));
        });
    },
    async used(limit, key) {
      try {
        return Math.max(0, (await limiter(limit).get(key))?.consumedPoints ?? 0);
      } catch (error) {
        throw new StoreUnavailableError(String((error as Error)?.message ?? error));
      }
    },
    ...claims,
  };
}

/** One process: counters and claims in memory, bounded (the oldest claims go first). */
export function createMemoryStore(options: { maxClaims?: number } = {}): ContributionStore {
  const maxClaims = options.maxClaims ?? 100_000;
  const claims = new Map<string, { value: string; expires: number }>();
  return limiterStore((limit) => new RateLimiterMemory({ keyPrefix: limit.name, points: limit.points, duration: limit.windowSeconds }), {
    async claim(key, value, ttlMs) {
      const now = Date.now();
      const existing = claims.get(key);
      if (existing && existing.expires > now) return existing.value;
      claims.delete(key);
      claims.set(key, { value, expires: now + ttlMs });
      while (claims.size > maxClaims) claims.delete(claims.keys().next().value!);
      return undefined;
    },
    async claimed(key) {
      const existing = claims.get(key);
      return existing && existing.expires > Date.now() ? existing.value : undefined;
    },
    async close() {
      claims.clear();
    },
  });
}

/** Several instances: everything in one Redis, under `prefix`. */
export function createRedisStore(url: string, options: { prefix?: string } = {}): ContributionStore {
  const prefix = options.prefix ?? 'framalibre:';
  // Fail fast rather than queue: a proposal waiting on a dead or stalled Redis gets its 503 (with
  // its text) within a second, and ioredis reconnects by itself once Redis is back.
  const client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 1_000, commandTimeout: STORE_TIMEOUT_MS, enableOfflineQueue: true, lazyConnect: false });
  client.on('error', () => undefined); // reported per request as StoreUnavailableError
  const unavailable = (error: unknown) => new StoreUnavailableError(String((error as Error)?.message ?? error));
  return limiterStore((limit) => new RateLimiterRedis({ storeClient: client, keyPrefix: `${prefix}${limit.name}`, points: limit.points, duration: limit.windowSeconds }), {
    async claim(key, value, ttlMs) {
      try {
        const stored = await client.set(`${prefix}claim:${key}`, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
        if (stored === 'OK') return undefined;
        return (await client.get(`${prefix}claim:${key}`)) ?? value;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async claimed(key) {
      try {
        return (await client.get(`${prefix}claim:${key}`)) ?? undefined;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  });
}
