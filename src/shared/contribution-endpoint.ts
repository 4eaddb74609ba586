/**
 * Where the site sends proposals: the same origin by default (`npm start`, a Node host), or the
 * serverless function's URL when it lives elsewhere (set PUBLIC_CONTRIBUTION_ENDPOINT at build,
 * and CONTRIBUTION_CORS_ORIGINS on the function).
 */
export const CONTRIBUTION_ENDPOINT: string = (import.meta as { env?: Record<string, string | undefined> }).env?.PUBLIC_CONTRIBUTION_ENDPOINT ?? '/api/contribuer';
