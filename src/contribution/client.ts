/**
 * Who is sending, for the per-client limits. Behind proxies the client's address is the rightmost
 * X-Forwarded-For entry that no trusted proxy wrote (the leftmost ones are whatever the client
 * typed); on a serverless platform it is the platform's own header, named in configuration.
 * IPv6 addresses count by /64: one subscriber gets a whole /64 for free.
 */
export interface ClientIdentityConfig {
  /** How many proxies you control sit in front of the function (0: none). */
  trustedProxies: number;
  /** A header the platform sets to the client's address (e.g. `x-real-ip`), if any. */
  clientIpHeader?: string;
}

export const UNKNOWN_CLIENT = 'inconnu';

export function clientKey(request: Request, config: ClientIdentityConfig, peerAddress?: string): string {
  return limitKey(clientAddress(request, config, peerAddress) ?? UNKNOWN_CLIENT);
}

export function clientAddress(request: Request, config: ClientIdentityConfig, peerAddress?: string): string | undefined {
  if (config.clientIpHeader) {
    const value = request.headers.get(config.clientIpHeader)?.split(',')[0]?.trim();
    if (value) return value.slice(0, 64);
  }
  if (config.trustedProxies > 0) {
    const hops = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const client = hops[hops.length - config.trustedProxies];
    if (client) return client.slice(0, 64);
  }
  return peerAddress || undefined;
}

/** The key a limit counts under: the IPv4 address, or the IPv6 /64 prefix. */
export function limitKey(address: string): string {
  const bare = address.replace(/^\[|\](:\d+)?$/g, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!bare.includes(':')) return bare;
  const [head = '', tail = ''] = bare.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = bare.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
