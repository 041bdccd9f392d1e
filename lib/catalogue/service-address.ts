/**
 * Which outside addresses the server may call for an experiment's catalogue, Data Dispatcher and dropbox, and to
 * which of them it may send the server-wide catalogue token. Pure; the switches come from lib/env.ts.
 *
 * - https only. Plain http only for a loopback host, and only when the server runs with POMS_CATALOGUE_ALLOW_HTTP=1
 *   (tests, development against mock servers).
 * - Otherwise no literal (WHATWG URL has already turned 0x7f.1 or 2130706433 into 127.0.0.1) private, loopback, link-local, unique-local, CGNAT, multicast or unspecified address, and no
 *   `localhost`: the setting must not turn the server into a proxy into its own network (SSRF). Host names are not
 *   resolved here (a name that resolves inward is the operator's DNS to keep honest).
 * - The token goes only to hosts named in POMS_CATALOGUE_TOKEN_HOSTS (exact host names, or `.example.org` for that
 *   domain and its subdomains); every other address is called without it.
 */

export type AddressRules = { allowHttpLoopback: boolean };

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function inwardIpv4([a, b]: number[]): boolean {
  return (
    a === 0 || // this network, unspecified
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // carrier-grade NAT
    (a === 169 && b === 254) || // link-local (cloud metadata lives here)
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) || // IETF protocol assignments
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    a >= 224 // multicast, reserved, broadcast
  );
}

/** The 16-bit groups of an IPv6 literal as WHATWG URL writes it (no brackets; compressed; never a dotted tail). */
function ipv6Groups(host: string): number[] | null {
  if (!host.includes(":")) return null;
  const halves = host.toLowerCase().split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s ? s.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)) : []);
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  const known = left.length + right.length;
  if ([...left, ...right].some(Number.isNaN) || known > 8 || (halves.length === 1 && known !== 8)) return null;
  return [...left, ...new Array(8 - known).fill(0), ...right];
}

function inwardIpv6(g: number[]): boolean {
  if (g.every((x) => x === 0)) return true; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return inwardIpv4([g[6] >> 8, g[6] & 255]); // mapped/compatible IPv4
  if ((g[0] & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g[0] & 0xffc0) === 0xfec0) return true; // site-local fec0::/10 (deprecated, still routed inward by some)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x64 && g[1] === 0xff9b) return inwardIpv4([g[6] >> 8, g[6] & 255]); // NAT64 of an inward address
  if (g[0] === 0x2002) return inwardIpv4([g[1] >> 8, g[1] & 255]); // 6to4 of an inward address (2002:7f00:1::)
  if (g[0] === 0x2001 && g[1] === 0) return true; // Teredo 2001::/32 (tunnels to an address of its choosing)
  return false;
}

const isLoopbackHost = (host: string) => host === "localhost" || host.endsWith(".localhost") || ipv4(host)?.[0] === 127 || host === "[::1]";

/** Why `address` may not be used as a service address, or null when it may. `label` starts the message. */
export function refuseServiceAddress(address: string, label: string, rules: AddressRules): string | null {
  let u: URL;
  try {
    u = new URL(address);
  } catch {
    return `${label} must be a full address such as https://samnova.fnal.gov:8483/sam/nova/api.`;
  }
  if (u.username || u.password) return `${label} must not contain a user name or password: the catalogue token is set on the server.`;
  if (u.search || u.hash) return `${label} is the service's base address, without ? or #.`;
  // A fully qualified name's trailing dot ("localhost.", "127.0.0.1.") names the same host: judged without it.
  const host = u.hostname.toLowerCase().replace(/\.+$/, "");
  const loopback = isLoopbackHost(host);
  if (u.protocol === "http:") {
    if (rules.allowHttpLoopback && loopback) return null;
    return rules.allowHttpLoopback ? `${label} may use http:// only on this machine (localhost); use https:// for another server.` : `${label} must start with https://.`;
  }
  if (u.protocol !== "https:") return `${label} must start with https://.`;
  if (loopback) return rules.allowHttpLoopback ? null : `${label} must not point at this server itself (localhost).`;
  const v4 = ipv4(host);
  const v6 = host.startsWith("[") ? ipv6Groups(host.slice(1, -1)) : null;
  if ((v4 && inwardIpv4(v4)) || (v6 && inwardIpv6(v6)) || (host.startsWith("[") && !v6))
    return `${label} must be a public server: private, link-local and loopback addresses are refused.`;
  return null;
}

/** The allow-list of POMS_CATALOGUE_TOKEN_HOSTS: comma-separated host names, `.domain` for a domain. */
export function parseTokenHosts(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

/** Whether the catalogue token may be sent to `address`: https (or allowed loopback http) to a listed host. */
export function tokenGoesTo(address: string, hosts: readonly string[], rules: AddressRules): boolean {
  if (!hosts.length || refuseServiceAddress(address, "", rules) !== null) return false;
  const host = new URL(address).hostname.toLowerCase();
  return hosts.some((h) => (h.startsWith(".") ? host.endsWith(h) || host === h.slice(1) : host === h));
}
