/**
 * The CAS configuration (insecure URLs refused, versions, the service URL) and the reading of CAS
 * service responses as real servers send them (prefixes, attributes, work numbers with leading zeros)
 * and as they must not be taken (a DOCTYPE with entities, two users, no user, not XML).
 */
import { describe, expect, it } from 'vitest';
import { readServiceResponse, SERVICE_TICKET, signOnId } from '../../../central/staff/cas-client.js';
import {
  casLoginUrl,
  casServiceUrl,
  casValidateUrl,
  CasConfigError,
  parseCasConfig,
} from '../../../central/staff/cas-config.js';

const NS = 'xmlns:cas="http://www.yale.edu/tp/cas"';

describe('parseCasConfig', () => {
  it('takes an https URL, or http to this machine, without its trailing slash; version 3 by default', () => {
    expect(parseCasConfig({ url: 'https://cas.example.edu.cn/cas/' })).toEqual({
      casUrl: 'https://cas.example.edu.cn/cas',
      version: 3,
    });
    expect(parseCasConfig({ url: 'http://127.0.0.1:8443/cas', version: '2' }).version).toBe(2);
    expect(parseCasConfig({ url: 'http://localhost/cas', version: 3 }).casUrl).toBe('http://localhost/cas');
  });

  it('refuses plain http to another machine unless allowed, saying why and what to do', () => {
    expect(() => parseCasConfig({ url: 'http://cas.example.edu.cn/cas' })).toThrow(
      /plain http:\/\/ to another machine: sign-in tickets would cross the network unencrypted\. Use https:\/\/, or .*--cas-allow-insecure/,
    );
    expect(parseCasConfig({ url: 'http://cas.example.edu.cn/cas', allowInsecure: true }).casUrl).toBe(
      'http://cas.example.edu.cn/cas',
    );
  });

  it('refuses what is not a plain http(s) base URL, and other versions', () => {
    for (const url of [
      'cas.example.edu.cn',
      'ftp://cas.example.edu.cn',
      'https://cas.example.edu.cn/cas?x=1',
      'https://u:p@cas.example.edu.cn',
    ])
      expect(() => parseCasConfig({ url }), url).toThrow(CasConfigError);
    expect(() => parseCasConfig({ url: 'https://cas.example.edu.cn', version: '1' })).toThrow(/give 2 or 3/);
  });

  it('takes a user attribute only by a plain name and with CAS 3.0', () => {
    expect(parseCasConfig({ url: 'https://cas.example.edu.cn', userAttribute: 'employeeNumber' }).userAttribute).toBe(
      'employeeNumber',
    );
    expect(() => parseCasConfig({ url: 'https://cas.example.edu.cn', userAttribute: 'a b' })).toThrow(
      /is not a CAS attribute name/,
    );
    expect(() => parseCasConfig({ url: 'https://cas.example.edu.cn', version: 2, userAttribute: 'gh' })).toThrow(
      /CAS 2\.0 answers no attributes/,
    );
  });

  it('builds the login and validation URLs with the service exactly as given', () => {
    const c2 = parseCasConfig({ url: 'https://cas.example.edu.cn/cas', version: 2 });
    const c3 = parseCasConfig({ url: 'https://cas.example.edu.cn/cas' });
    const service = casServiceUrl('https://estation.example.edu.cn/');
    expect(service).toBe('https://estation.example.edu.cn/staff/cas');
    expect(casLoginUrl(c3, service)).toBe(
      'https://cas.example.edu.cn/cas/login?service=https%3A%2F%2Festation.example.edu.cn%2Fstaff%2Fcas',
    );
    expect(casValidateUrl(c2, service, 'ST-1-a')).toMatch(
      /^https:\/\/cas\.example\.edu\.cn\/cas\/serviceValidate\?service=.*&ticket=ST-1-a$/,
    );
    expect(casValidateUrl(c3, service, 'ST-1-a')).toMatch(/\/cas\/p3\/serviceValidate\?/);
  });
});

describe('SERVICE_TICKET', () => {
  it('takes service tickets as CAS servers issue them, nothing else', () => {
    expect(SERVICE_TICKET.test('ST-1-HpYzPYkEjvTuCXtbiRma-cas01.example.org')).toBe(true);
    for (const t of ['TGT-1-abc', 'PT-1-abc', 'ST-', 'ST-1&x=1', 'ST-1<', `ST-${'a'.repeat(254)}`])
      expect(SERVICE_TICKET.test(t), t).toBe(false);
  });
});

describe('readServiceResponse', () => {
  it('reads the user of a 2.0 answer, keeping a work number as written', () => {
    expect(
      readServiceResponse(
        `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user> 0012345 </cas:user></cas:authenticationSuccess></cas:serviceResponse>`,
      ),
    ).toEqual({ ok: true, user: '0012345', attributes: {} });
  });

  it('reads 3.0 attributes as lists, whatever the namespace prefix', () => {
    const r = readServiceResponse(
      `<?xml version="1.0" encoding="UTF-8"?><sso:serviceResponse xmlns:sso="http://www.yale.edu/tp/cas"><sso:authenticationSuccess><sso:user>T00001</sso:user><sso:attributes><sso:cn>马建国</sso:cn><sso:memberOf>a</sso:memberOf><sso:memberOf>b &amp; c</sso:memberOf></sso:attributes></sso:authenticationSuccess></sso:serviceResponse>`,
    );
    expect(r).toEqual({ ok: true, user: 'T00001', attributes: { cn: ['马建国'], memberOf: ['a', 'b & c'] } });
  });

  it('reads a refusal with its code', () => {
    expect(
      readServiceResponse(
        `<cas:serviceResponse ${NS}><cas:authenticationFailure code="INVALID_SERVICE">Ticket does not match</cas:authenticationFailure></cas:serviceResponse>`,
      ),
    ).toEqual({ ok: false, kind: 'refused', code: 'INVALID_SERVICE', detail: 'Ticket does not match' });
  });

  it('takes nothing from an answer with a DOCTYPE (entities that expand), two users, no user, or no XML', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>&b;</cas:user></cas:authenticationSuccess></cas:serviceResponse>`;
    for (const xml of [
      bomb,
      `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>T00001</cas:user><cas:user>admin</cas:user></cas:authenticationSuccess></cas:serviceResponse>`,
      `<cas:serviceResponse ${NS}><cas:authenticationSuccess><cas:user>  </cas:user></cas:authenticationSuccess></cas:serviceResponse>`,
      `<cas:serviceResponse ${NS}></cas:serviceResponse>`,
      '<html><body>Service unavailable</body></html>',
      'yes\nT00001\n',
    ])
      expect(readServiceResponse(xml), xml).toMatchObject({ ok: false, kind: 'unreadable' });
  });
});

describe('signOnId', () => {
  const v = (attributes: Record<string, string[]>) => ({ ok: true as const, user: 'zhoujh', attributes });
  it('is the user id, or the one value of the configured attribute', () => {
    expect(signOnId(v({}))).toBe('zhoujh');
    expect(signOnId(v({ gh: [' 20080031 '] }), 'gh')).toBe('20080031');
  });
  it('is nobody when the attribute is missing, empty or repeated', () => {
    const cases: Record<string, string[]>[] = [{}, { gh: [] }, { gh: [''] }, { gh: ['1', '2'] }];
    for (const attrs of cases) expect(signOnId(v(attrs), 'gh')).toBeNull();
  });
});
