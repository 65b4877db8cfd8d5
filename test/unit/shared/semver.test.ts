import { describe, expect, it } from 'vitest';
import { compareVersions, TemplateVersion } from '../../../shared/semver.js';
import { compareVersions as centralCompare } from '../../../central/store/releases.js';
import { compareVersions as engineCompare } from '../../../templates/engine/index.js';

const HUGE = `1${'0'.repeat(400)}.0.0`;

describe('template versions (issue #12, finding 6)', () => {
  it('refuses the version 1 followed by 400 zeros that ranked above every later release', () => {
    expect(TemplateVersion.safeParse(HUGE).success).toBe(false);
    // Stored before versions were checked, it ranks below every real version, so it hides none.
    expect(compareVersions(HUGE, '1.0.1')).toBeLessThan(0);
    expect(compareVersions('0.0.1', HUGE)).toBeGreaterThan(0);
  });

  it('bounds every numeric part to 9 digits and refuses leading zeros and build metadata', () => {
    for (const ok of ['0.0.0', '1.2.3', '999999999.999999999.999999999', '1.0.0-rc.1', '1.0.0-alpha-2.x'])
      expect(TemplateVersion.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['1000000000.0.0', '01.0.0', '1.2', '1.2.3.4', '1.0.0+build', '1.0.0-01', '1.0.0-', 'v1.0.0', ''])
      expect(TemplateVersion.safeParse(bad).success, bad).toBe(false);
  });

  it('compares numeric parts as integers and pre-releases by SemVer 2.0 precedence', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.9.0',
      '1.10.0',
      '2.0.0',
      '999999999.0.0',
    ];
    const shuffled = [...order].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(order);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
  });

  it('is the one comparison central and the template engine use', () => {
    expect(centralCompare).toBe(compareVersions);
    expect(engineCompare).toBe(compareVersions);
  });
});
