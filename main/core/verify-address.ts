/**
 * Where a document's QR code sends whoever scans it. The institution profile's `verificationUrl`
 * (sent with every document's data as `university.verificationUrl`) is the public address of central's
 * verification page, for example `https://verify.sdu.edu.cn/verify`; the QR code holds
 * `<that>/<code>?p=<payload>`. A station's own `central.verifyUrl` setting wins (a site behind another
 * address), and a central that sends no address leaves the station's central URL.
 */

/** The base the template engine appends `/verify/<code>` to, from the profile's page address. */
export function verifyBaseOf(data: Record<string, unknown>): string | undefined {
  const url = (data.university as { verificationUrl?: unknown } | undefined)?.verificationUrl;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return undefined;
  // The engine writes `<base>/verify/<code>`: a page address that already ends in /verify gives its base.
  return url.replace(/\/+$/, '').replace(/\/verify$/, '');
}

/** The QR code's base for a document: the station's setting, else the institution's, else central's URL. */
export function qrBase(stationSetting: string | undefined, centralUrl: string, data: Record<string, unknown>): string {
  return stationSetting ?? verifyBaseOf(data) ?? centralUrl;
}
