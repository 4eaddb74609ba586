/**
 * Layer « cross-site »: a proposal must come from Framalibre's own form (or an origin named in
 * CONTRIBUTION_CORS_ORIGINS), never from a page of another site that posts to us. Browsers send
 * `Origin` on a POST, and `Sec-Fetch-Site` where `Origin` is absent.
 */
import { Refusal } from '../refusal.ts';

export function refuseCrossSite(request: Request, allowedOrigins: readonly string[]): void {
  const origin = request.headers.get('origin');
  const fetchSite = request.headers.get('sec-fetch-site');
  const allowed = new Set([new URL(request.url).origin, ...allowedOrigins]);
  const crossSite = origin ? !allowed.has(origin) : fetchSite === 'cross-site' || fetchSite === 'same-site';
  if (crossSite) throw new Refusal('autre-site', 'Cette proposition vient d’une page d’un autre site : ouvrez le formulaire de Framalibre lui-même pour proposer un logiciel.');
}
