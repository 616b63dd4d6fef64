/**
 * Pages to read come from search results, that is from anyone on the web: a result pointing at
 * `http://169.254.169.254/` or `http://localhost:5432/` must not make the server fetch its own
 * network. Hosts are resolved and refused when any address is loopback, private, link-local,
 * carrier-grade NAT, multicast or reserved. (A host that re-resolves between this check and the
 * fetch could still slip through; the check stops the plain cases, which are the common ones.)
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

function ipv4Parts(address: string): number[] {
  return address.split(".").map(Number);
}

function isNonPublicIpv4(address: string): boolean {
  const [a = 0, b = 0, c = 0] = ipv4Parts(address);
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  );
}

/** Whether an IP address is anything but a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return isNonPublicIpv4(address);
  if (version !== 6) return true;
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1]) return isNonPublicIpv4(mapped[1]);
  if (lower === "::" || lower === "::1") return true;
  const first = Number.parseInt(lower.split(":")[0] || "0", 16);
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || lower.startsWith("2001:db8:");
}

/** Throws unless every address `hostname` resolves to is public. */
export async function assertPublicHost(hostname: string): Promise<void> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [bare] : (await lookup(bare, { all: true, verbatim: true })).map((entry) => entry.address);
  const refused = addresses.find(isNonPublicAddress);
  if (refused !== undefined || addresses.length === 0) throw new Error(`${hostname} resolves to a non-public address (${refused ?? "none"})`);
}
