/**
 * `estation render`: renders a document from a template for admins to preview, optionally as PNG
 * pages too (through poppler's pdftoppm).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  builtinTemplateDir,
  loadTemplateBundle,
  renderCertificate,
  type RenderOptions,
} from '../../templates/engine/index.js';
import { parse, UsageError } from './args.js';
import { render } from './descriptors/render.js';

/** A template id of the built-in set, or the path of a bundle folder. */
function templateDir(idOrDir: string): string {
  if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(idOrDir) && existsSync(builtinTemplateDir(idOrDir)))
    return builtinTemplateDir(idOrDir);
  if (existsSync(join(idOrDir, 'manifest.json'))) return resolve(idOrDir);
  throw new UsageError(`no template "${idOrDir}"; see \`estation template list\`, or give the path of a bundle folder`);
}

/** Writes one PNG per page (page-1.png, …) and returns their paths. */
export function pdfToPngs(pdfFile: string, dir: string, dpi = 110): string[] {
  mkdirSync(dir, { recursive: true });
  const prefix = join(dir, basename(pdfFile).replace(/\.pdf$/i, ''));
  try {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), pdfFile, prefix]);
  } catch (err) {
    throw new UsageError(`pdftoppm failed (${(err as Error).message.split('\n')[0]}); install poppler-utils for --png`);
  }
  return execFileSync('ls', [dir], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.startsWith(basename(prefix)) && f.endsWith('.png'))
    .map((f) => join(dir, f));
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    template: { type: 'string' },
    data: { type: 'string' },
    sample: { type: 'boolean' },
    out: { type: 'string' },
    png: { type: 'string' },
    'sign-key': { type: 'string' },
    terminal: { type: 'string' },
    'base-url': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(`usage: ${render.usage}\n`);
    return 0;
  }
  if (!values.template) throw new UsageError('--template is required');
  if (!values.out) throw new UsageError('--out FILE.pdf is required');
  if (Boolean(values.data) === Boolean(values.sample)) throw new UsageError('give either --data FILE.json or --sample');
  const template = loadTemplateBundle(templateDir(values.template));
  let data: Record<string, unknown>;
  if (values.data) {
    try {
      data = JSON.parse(readFileSync(values.data, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`cannot read ${values.data}: ${(err as Error).message}`);
    }
  } else data = template.sample;
  const options: RenderOptions = {};
  if (values['sign-key']) {
    options.signing = {
      privateKey: readFileSync(values['sign-key'], 'utf8'),
      terminalId: values.terminal ?? 'preview',
      ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
    };
  }
  const result = await renderCertificate(template, data, options);
  writeFileSync(values.out, result.pdf);
  const lines = [
    `${values.out}: ${template.manifest.id} ${template.manifest.version}, ${result.pages} page(s), ${result.pdf.byteLength} bytes, digest ${result.digest.slice(0, 16)}`,
  ];
  if (values.png) lines.push(...pdfToPngs(values.out, values.png));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
