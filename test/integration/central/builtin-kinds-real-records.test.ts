/**
 * Every built-in kind renders right for real records: for each kind of the built-in catalog (the data,
 * not a list kept here), a demo card whose person central offers it to, the data central serves for
 * that person, rendered with the built-in template in both languages; pdftotext finds the person's
 * name and the document's title on the page, and nothing is left empty.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinKinds } from '../../../central/kinds/builtin.js';
import { demoPeople } from '../../../central/seed/demo.js';
import { SqliteCentralStore } from '../../../central/store/sqlite.js';
import { documentBlock } from '../../../main/core/document-block.js';
import { TemplateRegistry } from '../../../main/core/template-registry.js';
import { renderCertificate } from '../../../templates/engine/index.js';

let dir: string;
let store: SqliteCentralStore;
let templates: TemplateRegistry;
const people = demoPeople();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'estation-real-records-'));
  store = await SqliteCentralStore.open(join(dir, 'central.sqlite'));
  await store.seed(people);
  templates = TemplateRegistry.load();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const squash = (s: string) => s.replace(/\s+/g, '');

describe('the built-in kinds with real records', () => {
  it.each(builtinKinds().map((k) => [k.id, k] as const))('%s', async (id, kind) => {
    // The first demo card central offers this kind to.
    let holder: (typeof people)[number] | undefined;
    for (const p of people.filter((x) => x.record)) {
      const found = await store.lookupCard(p.card);
      if (found?.catalog.find((c) => c.kind === id)?.available) {
        holder = p;
        break;
      }
    }
    expect(holder, `a demo card that may print ${id}`).toBeDefined();
    for (const language of kind.languages) {
      const data = (await store.documentData(holder!.id, id, language))!;
      expect(data, `${id}/${language} data`).not.toBeNull();
      const template = templates.get(id, language)!;
      const document = documentBlock(
        {
          serial: 'DU-2026-000001',
          verificationCode: `${kind.codePrefix}-AAAA-BBBB-CCCC`,
          requestedAt: new Date(),
          purpose: kind.purposes[0],
          validDays: kind.validityDays,
        },
        data,
      );
      const { pdf } = await renderCertificate(template, { ...data, document });
      const file = join(dir, `${id}-${language}.pdf`);
      writeFileSync(file, pdf);
      const text = squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
      const name = language === 'zh' ? holder!.name : holder!.nameLatin;
      expect(text, `${id}/${language} names ${name}`).toContain(squash(name));
      expect(text).toContain('DU-2026-000001');
      if (language === 'zh') expect(text).toContain(squash(kind.title.zh));
      if (kind.purposes[0])
        expect(text).toContain(squash(language === 'zh' ? kind.purposes[0].zh : kind.purposes[0].en));
    }
  });
});
