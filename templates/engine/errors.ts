/** Errors of the certificate engine. Each message says what to fix. */

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly templateDir: string,
    readonly problems: string[],
  ) {
    super(
      `Template bundle ${templateDir} is invalid:\n  - ${problems.join('\n  - ')}\nFix the bundle's manifest.json or layout.json; templates are data and are checked before use.`,
    );
  }
}

export class TemplateDataError extends Error {
  override name = 'TemplateDataError';
  constructor(
    readonly templateId: string,
    readonly fields: { path: string; message: string }[],
  ) {
    super(
      `Data for template ${templateId} is invalid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}. Central must send every field the template's schema requires.`,
    );
  }
}

export class MissingGlyphsError extends Error {
  override name = 'MissingGlyphsError';
  constructor(readonly characters: string[]) {
    super(
      `No configured font can draw ${characters.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase()})`).join(', ')}. ` +
        'Add a fallback font that covers these characters to the template bundle; an official document is never printed with missing glyphs.',
    );
  }
}
