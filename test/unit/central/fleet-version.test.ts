/**
 * "Software version behind the fleet" (central/fleet-version.ts and its use in central/alerts.ts): the
 * reference is the most common version of the online stations, ties to the higher; offline and revoked
 * stations do not vote; a station below it gets a warning, one at or above it (or one that never said
 * its version) does not.
 */
import { describe, expect, it } from 'vitest';
import { alertsFor, fleetReference } from '../../../central/alerts.js';
import { fleetVersion, versionBehind } from '../../../central/fleet-version.js';
import type { TerminalRecord } from '../../../central/store/types.js';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();

let n = 0;
function station(version: string | null, over: Partial<TerminalRecord> = {}): TerminalRecord {
  n += 1;
  return {
    id: `s-${n}`,
    name: `Station ${n}`,
    revoked: false,
    lastHeartbeat: ago(5),
    outOfService: false,
    backlog: 0,
    backlogOldestS: null,
    health: null,
    softwareVersion: version,
    ...over,
  };
}

describe('fleetVersion', () => {
  it('is the most common version, not the highest: one pilot on a new version does not move it', () => {
    expect(fleetVersion(['1.4.0', '1.4.0', '1.4.0', '1.5.0-rc.1', '1.5.0'])).toBe('1.4.0');
  });

  it('a tie goes to the higher version, in SemVer order (1.10.0 above 1.9.0, a release above its rc)', () => {
    expect(fleetVersion(['1.9.0', '1.10.0'])).toBe('1.10.0');
    expect(fleetVersion(['1.10.0', '1.9.0'])).toBe('1.10.0');
    expect(fleetVersion(['2.0.0', '2.0.0-rc.1'])).toBe('2.0.0');
  });

  it('ignores stations that said nothing, or something that is not a version', () => {
    expect(fleetVersion([null, undefined, '', 'latest', 'latest', '1.0.0'])).toBe('1.0.0');
    expect(fleetVersion([null, 'dev'])).toBeNull();
    expect(fleetVersion([])).toBeNull();
  });
});

describe('fleetReference', () => {
  it('counts only online stations: many offline or revoked stations on an old version do not hold it back', () => {
    const fleet = [
      station('1.5.0'),
      station('1.5.0'),
      station('1.4.0', { lastHeartbeat: ago(600) }),
      station('1.4.0', { lastHeartbeat: null }),
      station('1.4.0', { revoked: true }),
      station('1.4.0', { lastHeartbeat: ago(600) }),
      station('1.4.0', { lastHeartbeat: ago(900) }),
    ];
    expect(fleetReference(fleet, NOW)).toBe('1.5.0');
    // With a longer silence threshold the three quiet ones are online again and outvote the rest.
    expect(fleetReference(fleet, NOW, { silentAfterS: 3600 })).toBe('1.4.0');
  });
});

describe('versionBehind', () => {
  it('says both versions and what to do when a station is below the fleet', () => {
    expect(versionBehind('1.3.2', '1.4.0')).toEqual({
      zh: '软件版本 1.3.2 落后于多数终端的 1.4.0：请更新此终端的自助机软件',
      en: "Software 1.3.2 is behind the fleet's 1.4.0: update this station's kiosk software",
    });
  });

  it('is nothing at or above the fleet, without a version, or without a fleet', () => {
    expect(versionBehind('1.4.0', '1.4.0')).toBeNull();
    expect(versionBehind('1.5.0-rc.1', '1.4.0')).toBeNull();
    expect(versionBehind(null, '1.4.0')).toBeNull();
    expect(versionBehind(undefined, '1.4.0')).toBeNull();
    expect(versionBehind('1.0.0', null)).toBeNull();
  });

  it('a version that is not SemVer ranks below every version, so it is flagged', () => {
    expect(versionBehind('garbage', '0.1.0')?.en).toContain('garbage');
  });
});

describe('the alert in alertsFor', () => {
  it('is a warning "<id>:version" on the station behind, offline ones included, and on no other', () => {
    const fleet = [
      station('2.1.0'),
      station('2.1.0'),
      station('2.0.3'),
      station('2.0.3', { lastHeartbeat: ago(3600) }),
      station('2.2.0'),
      station(null),
      station('1.0.0', { revoked: true }),
    ];
    const ref = fleetReference(fleet, NOW);
    expect(ref).toBe('2.1.0');
    const flagged = fleet.flatMap((t) => alertsFor(t, NOW, {}, ref).filter((a) => a.cause === 'version'));
    expect(flagged.map((a) => [a.id, a.severity])).toEqual([
      [`${fleet[2]!.id}:version`, 'warning'],
      [`${fleet[3]!.id}:version`, 'warning'],
    ]);
  });

  it('is not raised without a fleet reference (a single terminal looked at alone)', () => {
    expect(alertsFor(station('0.0.1'), NOW).map((a) => a.cause)).toEqual([]);
  });
});
