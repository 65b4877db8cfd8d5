/**
 * The private cupsd harness itself: isolated servers side by side, and nothing left behind.
 */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startCupsd } from '../../helpers/cupsd.js';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('private cupsd harness', { timeout: 120_000 }, () => {
  it('runs two servers side by side with their own port, folder and queues, and removes them on dispose', async () => {
    const [one, two] = await Promise.all([startCupsd(), startCupsd()]);
    try {
      expect(one.port).not.toBe(two.port);
      expect(one.port).not.toBe(631);
      expect(one.dir).not.toBe(two.dir);
      await one.addQueue('only-on-one', { fileDevice: true });
      await two.addQueue('only-on-two', { fileDevice: true });
      const [onOne, onTwo] = [await one.admin('lpstat', '-p'), await two.admin('lpstat', '-p')];
      expect(onOne).toContain('only-on-one');
      expect(onOne).not.toContain('only-on-two');
      expect(onTwo).toContain('only-on-two');
      expect(onTwo).not.toContain('only-on-one');
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
    for (const s of [one, two]) {
      expect(existsSync(s.dir)).toBe(false);
      expect(await portOpen(s.port)).toBe(false);
    }
  });

  it('stop and start keep the port and the queues', async () => {
    const cups = await startCupsd();
    try {
      await cups.addQueue('kept', { fileDevice: true });
      await cups.stop();
      expect(await portOpen(cups.port)).toBe(false);
      await cups.start();
      expect(await cups.admin('lpstat', '-p')).toContain('kept');
    } finally {
      await cups.dispose();
    }
  });
});
