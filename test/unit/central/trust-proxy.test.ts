import { describe, expect, it } from 'vitest';
import { parseTrustProxy, TrustProxyError } from '../../../central/trust-proxy.js';

describe('parseTrustProxy', () => {
  it('takes addresses, CIDR ranges and the named ranges, also comma-separated', () => {
    expect(parseTrustProxy(['10.0.0.5', '10.1.0.0/16, ::1', 'fd00::/8', 'loopback'])).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(parseTrustProxy([])).toEqual([]);
  });

  it('refuses anything else, naming the entry and what to give instead', () => {
    for (const bad of [
      'true',
      '*',
      'proxy.campus.edu',
      '10.0.0.0/33',
      '::/129',
      '10.0.0.0/8/1',
      '10.0.0.0/',
      '300.1.1.1',
    ]) {
      expect(() => parseTrustProxy([bad]), bad).toThrow(TrustProxyError);
    }
    expect(() => parseTrustProxy(['10.0.0.5,any'])).toThrow(
      '"any" is not a proxy address: give an IP address (10.0.0.5), a CIDR range (10.0.0.0/24), or loopback',
    );
  });
});
