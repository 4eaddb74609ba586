/** The contribution endpoint in `npm start` (Astro's node adapter): a one-line host adapter. */
import type { APIRoute } from 'astro';
import { createHandlerFromEnv } from '../../contribution/setup.ts';
import type { ContributionHandler } from '../../contribution/handler.ts';

export const prerender = false;

let handler: ContributionHandler | undefined;

export const ALL: APIRoute = ({ request, clientAddress }) => {
  handler ??= createHandlerFromEnv();
  return handler(request, { clientAddress });
};
