/**
 * The site's public address when SITE_URL is not set: the one place it is written. The build
 * (astro.config.ts, src/build/cache-keys.ts), the absolute addresses of what the site publishes
 * (src/sharing/urls.ts) and the moderation scripts start from it.
 */
export const DEFAULT_SITE = 'https://framalibre.org';
