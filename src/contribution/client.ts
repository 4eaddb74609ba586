/**
 * Who is sending, for the per-client limits. Behind proxies the client's address is the rightmost
 * X-Forwarded-For entry that no trusted proxy wrote (the leftmost ones are whatever the client
 * typed); on a serverless platform it is the platform's own header, named in configuration.
 * Limits count per address and per network (networkKeys).
 */
export interface ClientIdentityConfig {
  /** How many proxies you control sit in front of the function (0: none). */
  trustedProxies: number;
  /** A header the platform sets to the client's address (e.g. `x-real-ip`), if any. */
  clientIpHeader?: string;
}

export const UNKNOWN_CLIENT = 'inconnu';

/**
 * The keys a client's limits count under, the address first, then the wider networks it belongs
 * to: an IPv4 address and its /24; an IPv6 /64 (one subscriber), /56 and /48 (what many
 * providers hand one customer). Limits hold at every level, so rotating addresses inside one
 * network buys nothing.
 */
export function clientNetworks(request: Request, config: ClientIdentityConfig, peerAddress?: string): string[] {
  const address = clientAddress(request, config, peerAddress);
  return address ? networkKeys(address) : [UNKNOWN_CLIENT];
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

export function networkKeys(address: string): string[] {
  const bare = address
    .trim()
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (!bare.includes(':')) {
    const octets = bare.split('.');
    return octets.length === 4 ? [bare, `${octets.slice(0, 3).join('.')}.0/24`] : [bare];
  }
  const groups = ipv6Groups(bare);
  const prefix = (count: number) => groups.slice(0, count).join(':');
  return [`${prefix(4)}::/64`, `${prefix(3)}:${`${groups[3]!.padStart(4, '0').slice(0, 2)}00`.replace(/^0+(?=.)/, '')}::/56`, `${prefix(3)}::/48`];
}

/** The eight 16-bit groups of an IPv6 address, in lower case without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return [...groups, ...Array(Math.max(0, 8 - groups.length)).fill('0')].slice(0, 8).map((g) => g.replace(/^0+(?=.)/, ''));
}
