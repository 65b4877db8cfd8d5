// Renders the pictures of docs/documents: every page of a built-in bundle's sample, signed with a
// throw-away key (so the QR code is the real, long verification URL), as a 90 dpi PNG per page.
// Usage: node templates/tools/document-pictures.mjs [bundle id...]   (default: every built-in bundle)
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const out = join(root, 'docs', 'documents');
const ids = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(join(root, 'templates', 'builtin'));
const work = mkdtempSync(join(tmpdir(), 'estation-pictures-'));
const key = join(work, 'key.pem');
writeFileSync(key, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
for (const id of ids) {
  const pdf = join(work, `${id}.pdf`);
  const render = (...more) =>
    execFileSync(join(root, 'bin', 'estation'), ['render', '--template', id, '--sample', '--out', pdf, ...more], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  try {
    process.stdout.write(render('--sign-key', key, '--terminal', 'demo-01'));
  } catch (err) {
    // A kind the verification payload has no code for yet cannot be signed: its picture then shows the
    // short, unsigned QR code (the verification code alone). Rerun once it can.
    process.stdout.write(`${id}: not signed (${String(err.stderr).trim()})\n${render()}`);
  }
  for (const f of readdirSync(out))
    if (f.startsWith(`${id}-`) && /^\d+\.png$/.test(f.slice(id.length + 1))) rmSync(join(out, f));
  execFileSync('pdftoppm', ['-png', '-r', '90', pdf, join(work, id)]);
  // pdftoppm numbers pages with as many digits as the last page needs (x-1.png, or x-01.png from 10 pages on).
  for (const f of readdirSync(work).filter((f) => f.startsWith(`${id}-`) && f.endsWith('.png')))
    renameSync(join(work, f), join(out, `${id}-${Number(f.slice(id.length + 1, -4))}.png`));
}
rmSync(work, { recursive: true, force: true });
