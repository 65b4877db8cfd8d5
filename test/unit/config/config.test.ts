import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../../../kiosk-config/load.js';

const EXAMPLES = resolve(import.meta.dirname, '../../../kiosk-config/examples');

function tmpFile(content: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'estation-config-')), 'kiosk.json');
  writeFileSync(f, content);
  return f;
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('kiosk configuration', () => {
  it('has a default for every key: an empty config is the demo', () => {
    const c = parseConfig({});
    expect(c.central.url).toBe('embedded');
    expect(c.readers).toEqual([{ type: 'simulated', id: 'reader-1', normalize: [] }]);
    expect(c.printer).toEqual({ type: 'file', dir: 'out/prints' });
    expect(c.language).toBe('zh');
    expect(c.session.idleTimeoutS).toBeGreaterThan(0);
    expect(c.queue.pruneConfirmedAfterDays).toBe(30);
    expect(c.queue.unattendedLimitMinutes).toBe(10);
  });

  it('names the key, the value found and what is expected', () => {
    const problems = problemsOf(() =>
      parseConfig({ session: { idleTimeoutS: 'soon' }, branding: { primaryColor: 'red' } }),
    );
    expect(problems.find((p) => p.startsWith('session.idleTimeoutS'))).toMatch(/found "soon", expected .*number/);
    expect(problems.find((p) => p.startsWith('branding.primaryColor'))).toMatch(
      /found "red", expected a colour like "#8b1a1a"/,
    );
  });

  it('reports unknown keys instead of ignoring them', () => {
    const problems = problemsOf(() =>
      parseConfig({ termnal: { id: 'x' }, readers: [{ type: 'serial', path: '/dev/ttyS0', baud: 9600 }] }),
    );
    expect(problems).toContain('termnal: unknown key (remove it or check its spelling)');
    expect(problems.join('\n')).toMatch(/readers\[0\]\.baud: unknown key/);
  });

  it('reports a reader type it does not know, with the path', () => {
    const problems = problemsOf(() => parseConfig({ readers: [{ type: 'magic' }] }));
    expect(problems[0]).toMatch(/^readers\[0\]\.type: found "magic"/);
  });

  it('gives a clear error for a missing file and for broken JSON', () => {
    expect(problemsOf(() => loadConfig('/nonexistent/kiosk.json'))[0]).toMatch(/cannot read the file \(ENOENT\)/);
    expect(problemsOf(() => loadConfig(tmpFile('{ "terminal": ')))[0]).toMatch(/not valid JSON/);
  });

  it('takes the file from ESTATION_CONFIG and resolves relative paths against it', () => {
    const f = tmpFile(JSON.stringify({ dataDir: 'state', printer: { type: 'file', dir: 'prints' } }));
    const { config, file } = loadConfig(undefined, { ESTATION_CONFIG: f });
    expect(file).toBe(f);
    expect(config.dataDir).toBe(join(f, '..', 'state'));
    expect(config.printer).toEqual({ type: 'file', dir: join(f, '..', 'prints') });
  });

  it('the error message tells the operator what to do', () => {
    expect(() => parseConfig({ language: 'fr' })).toThrow(/language: found "fr"[\s\S]*kiosk-config\/examples/);
  });

  it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')))('example %s is valid', (name) => {
    expect(() => loadConfig(join(EXAMPLES, name))).not.toThrow();
  });
});

describe('transport to central (issue #12, finding 4)', () => {
  it('an eavesdropper on the campus network: plain http:// to another machine is refused, saying what to do', () => {
    const problems = problemsOf(() =>
      parseConfig({ central: { url: 'http://central.campus.example:8080', token: 't' } }),
    );
    expect(problems.join('\n')).toMatch(
      /central\.url.*plain http:\/\/ to another machine.*Use https:\/\/, or set central\.allowInsecure/s,
    );
  });

  it('accepts https, loopback, the embedded demo central, and plain http when allowInsecure says so', () => {
    for (const url of [
      'https://central.campus.example',
      'http://127.0.0.1:8080',
      'http://localhost:8080',
      'http://[::1]:8080',
    ])
      expect(parseConfig({ central: { url } }).central.url).toBe(url);
    expect(parseConfig({}).central.url).toBe('embedded');
    const insecure = parseConfig({ central: { url: 'http://10.1.2.3:8080', allowInsecure: true } });
    expect(insecure.central.allowInsecure).toBe(true);
  });
});
