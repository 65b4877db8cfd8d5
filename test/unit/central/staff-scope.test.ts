/** Staff roles and sites (central/domain/staff-scope.ts): who sees and who maintains which station. */
import { describe, expect, it } from 'vitest';
import { covers, maintenanceRefusal, seesStation, SITE_PATTERN } from '../../../central/domain/staff-scope.js';

const operator = { role: 'operator' as const, sites: ['qianfoshan'], disabled: false };

describe('staff scope', () => {
  it('a site covers itself and the sites below it, not a site that only starts with its name', () => {
    expect(covers('qianfoshan', 'qianfoshan')).toBe(true);
    expect(covers('qianfoshan', 'qianfoshan/library')).toBe(true);
    expect(covers('qianfoshan', 'qianfoshan-east/library')).toBe(false);
    expect(covers('qianfoshan/library', 'qianfoshan')).toBe(false);
  });

  it('an operator maintains the stations of their sites only; an unplaced station is for admins', () => {
    expect(maintenanceRefusal(operator, 'qianfoshan/library')).toBeNull();
    expect(maintenanceRefusal(operator, 'hongjialou/law')).toMatch(/site hongjialou\/law, which is not one of/);
    expect(maintenanceRefusal(operator, null)).toMatch(/not placed at a site yet/);
    expect(maintenanceRefusal({ ...operator, role: 'admin', sites: [] }, null)).toBeNull();
  });

  it('a viewer never maintains, and a disabled account neither sees nor maintains', () => {
    const viewer = { ...operator, role: 'viewer' as const };
    expect(seesStation(viewer, 'qianfoshan/library')).toBe(true);
    expect(maintenanceRefusal(viewer, 'qianfoshan/library')).toMatch(/reads the dashboard only/);
    const disabled = { ...operator, role: 'admin' as const, disabled: true };
    expect(seesStation(disabled, 'qianfoshan')).toBe(false);
    expect(maintenanceRefusal(disabled, 'qianfoshan')).toMatch(/disabled/);
  });

  it('takes site paths of up to four lowercase parts', () => {
    expect(SITE_PATTERN.test('qianfoshan/library/floor-2/east_wing')).toBe(true);
    for (const bad of ['', 'Qianfoshan', 'a/b/c/d/e', 'a//b', '/a', 'a/', 'a b', '../x'])
      expect(SITE_PATTERN.test(bad)).toBe(false);
  });
});
