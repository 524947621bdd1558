import { BlockList, isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { ConnectorError } from '../connector-error.ts';

/** Address ranges an integration must not reach unless the installation allows its private network. */
const blockedRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const) {
  blockedRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
] as const) {
  blockedRanges.addSubnet(network, prefix, 'ipv6');
}

/**
 * Whether an IP address is loopback, private, link-local, CGNAT, unique-local, unspecified, multicast or
 * otherwise not a public destination. IPv4-mapped and NAT64 / 6to4 forms are judged by their IPv4 part.
 *
 * @example
 * ```ts
 * isBlockedAddress('169.254.169.254'); // true
 * isBlockedAddress('::ffff:10.0.0.1'); // true
 * isBlockedAddress('8.8.8.8'); // false
 * ```
 */
export function isBlockedAddress(address: string): boolean {
  const ip = stripBrackets(address);
  const family = isIP(ip);
  if (family === 4) return blockedRanges.check(ip, 'ipv4');
  if (family !== 6) return true; // not an IP at all: refuse rather than guess
  // BlockList judges IPv4-mapped IPv6 (::ffff:a.b.c.d) by the IPv4 rules itself.
  if (blockedRanges.check(ip, 'ipv6')) return true;
  const embedded = embeddedIpv4(ip);
  return embedded !== undefined && blockedRanges.check(embedded, 'ipv4');
}

/** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, which routes to it. */
function embeddedIpv4(ipv6: string): string | undefined {
  const groups = expandIpv6(ipv6);
  if (groups === undefined) return undefined;
  const isNat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (isNat64) return groupsToIpv4(groups[6] ?? 0, groups[7] ?? 0);
  if (groups[0] === 0x2002) return groupsToIpv4(groups[1] ?? 0, groups[2] ?? 0);
  return undefined;
}

function groupsToIpv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/** Eight 16-bit groups of an IPv6 address (with an optional dotted IPv4 tail), or undefined. */
function expandIpv6(ip: string): number[] | undefined {
  let text = ip.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const parts = dotted[1].split('.').map(Number);
    const [a = 0, b = 0, c = 0, d = 0] = parts;
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] =>
    part === undefined || part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const head = parse(halves[0]);
  const tail = parse(halves[1]);
  const zeros = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<number>(Math.max(zeros, 0)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : undefined;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export interface DestinationPolicy {
  /** Allow every address, including loopback and private ranges (local sandbox, on-premises systems). */
  allowPrivateNetwork: boolean;
  /** Host names (or IP literals) allowed even when they resolve to a blocked address. Case-insensitive. */
  allowedHosts: ReadonlySet<string>;
}

export function createDestinationPolicy(options: {
  allowPrivateNetwork?: boolean;
  allowedHosts?: readonly string[];
}): DestinationPolicy {
  return {
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    allowedHosts: new Set((options.allowedHosts ?? []).map((host) => stripBrackets(host.toLowerCase()))),
  };
}

function isExempt(policy: DestinationPolicy, hostname: string): boolean {
  return policy.allowPrivateNetwork || policy.allowedHosts.has(stripBrackets(hostname.toLowerCase()));
}

export function blockedDestinationError(hostname: string, address?: string): ConnectorError {
  const resolved = address === undefined || address === hostname ? '' : ` (resolves to ${address})`;
  return new ConnectorError(
    'BLOCKED_DESTINATION',
    `Refused to connect to ${hostname}${resolved}: loopback, private, link-local and other internal ` +
      'addresses are blocked (allow them with allowPrivateNetwork or allowedHosts)',
  );
}

/**
 * Checks a URL before any connection: only http(s), and an IP-literal host must be allowed (literal IPs
 * never reach the DNS lookup, so the connect-time check would not see them).
 */
export function assertUrlAllowed(url: URL, policy: DestinationPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConnectorError(
      'BLOCKED_DESTINATION',
      `Refused URL scheme ${url.protocol} (only http and https)`,
    );
  }
  const host = stripBrackets(url.hostname);
  if (isIP(host) !== 0 && !isExempt(policy, host) && isBlockedAddress(host)) {
    throw blockedDestinationError(host);
  }
}

/**
 * A `lookup` for `net.connect` / `tls.connect` that refuses host names resolving to a blocked address.
 * The check runs on the very addresses the socket then connects to, so DNS rebinding cannot slip past it.
 */
export function createGuardedLookup(
  policy: DestinationPolicy,
  resolve: LookupFunction = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const list: LookupAddress[] =
        typeof addresses === 'string' ? [{ address: addresses, family: 4 }] : addresses;
      if (list.length === 0) {
        callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        return;
      }
      if (!isExempt(policy, hostname)) {
        // Refuse if any answer is internal: a mixed answer is a rebinding attempt, not a real service.
        const blocked = list.find((entry) => isBlockedAddress(entry.address));
        if (blocked !== undefined) {
          callback(blockedDestinationError(hostname, blocked.address), '');
          return;
        }
      }
      if (options.all === true) {
        callback(null, list);
        return;
      }
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}
