/**
 * Whether an address sends what it carries unencrypted across the network: plain http:// to a host
 * other than this machine (loopback never leaves it). The kiosk refuses such a central.url, central
 * such a CAS server, unless told the network is trusted (issue #12, finding 4).
 */
export function plainHttpToAnotherMachine(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  if (u.protocol !== 'http:') return false;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return !(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}
