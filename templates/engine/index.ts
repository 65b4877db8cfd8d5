export { renderCertificate, validateData, contentDigest, type RenderOptions, type RenderResult } from './render.js';
export { loadTemplateBundle, builtinTemplateDir, BUILTIN_DIR, type TemplateBundle, type TemplateManifest } from './bundle.js';
export { TemplateError, TemplateDataError, MissingGlyphsError } from './errors.js';
