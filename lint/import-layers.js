// ESLint rule `layering/imports`: which folder may import which. Each import with a relative path
// (static, `export … from`, dynamic `import()` with a literal path, and TypeScript's `import('…')` types)
// is resolved against the importing file, so the check does not depend on how many `../` it takes,
// and compared with the importing layer's `mayImport` list. Package imports (electron, node:fs,
// pdf-lib…) are the job of the built-in `no-restricted-imports`, configured from the same table in
// eslint.config.js. The table and what each layer is for: docs/architecture.md, "Layers".
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * @typedef {object} Layer
 * @property {string} folder       the folder this layer is, relative to the repository root ('main/core')
 * @property {string[]} mayImport  other layers' folders (or single modules, without extension) it may import
 * @property {string} [entry]      the one module other layers may import this layer through ('templates/engine/index')
 */

const EXTENSION = /\.(m?[jt]s|vue|json)$/;
const toPosix = (p) => p.split(sep).join('/');
const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** The layer `path` belongs to: the one with the longest folder that contains it. */
function layerOf(layers, path) {
  let best;
  for (const l of layers) if (within(path, l.folder) && (!best || l.folder.length > best.folder.length)) best = l;
  return best;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports between folders point only the ways docs/architecture.md ("Layers") allows.' },
    schema: [
      {
        type: 'object',
        properties: {
          // The repository root the layers' folders are relative to (the directory of eslint.config.js,
          // so that the rule works whatever directory ESLint runs from).
          root: { type: 'string' },
          layers: { type: 'array' },
          // Single modules one file may import although its layer may not (temporary exceptions).
          alsoAllowed: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden:
        '{{layer}} may not import {{target}}. {{layer}} may import {{allowed}} (docs/architecture.md, "Layers"). Code that both need belongs in a layer both may import (lib/ or shared/); a host hands the core what only it may build.',
      notEntry:
        '{{target}} is inside {{folder}}, which other layers use only through {{entry}}: import it from there (and export it there if it is missing).',
    },
  },
  create(context) {
    /** @type {{ root: string, layers: Layer[], alsoAllowed?: string[] }} */
    const { root, layers, alsoAllowed = [] } = context.options[0];
    const file = toPosix(relative(root, context.filename));
    const layer = layerOf(layers, file);
    if (!layer) return {};

    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !/^\.\.?(\/|$)/.test(specifier)) return;
      const target = toPosix(relative(root, resolve(dirname(context.filename), specifier)));
      const module = target.replace(EXTENSION, '');
      if (alsoAllowed.some((a) => within(module, a))) return;
      const owner = layerOf(layers, target);
      if (owner === layer) return;
      if (owner && layer.mayImport.includes(owner.folder)) {
        if (!owner.entry || module === owner.entry) return;
        context.report({
          node,
          messageId: 'notEntry',
          data: { target, folder: owner.folder, entry: `${owner.entry}.ts` },
        });
        return;
      }
      if (layer.mayImport.some((a) => within(module, a))) return;
      const allowed = layer.mayImport.length ? layer.mayImport.join(', ') : 'nothing outside itself';
      context.report({ node, messageId: 'forbidden', data: { layer: layer.folder, target, allowed } });
    };

    const literal = (n) =>
      n?.type === 'Literal'
        ? n.value
        : n?.type === 'TemplateLiteral' && n.expressions.length === 0
          ? n.quasis[0].value.cooked
          : undefined;

    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => check(n.source, literal(n.source)),
      TSImportType: (n) => check(n.source, n.source?.value),
    };
  },
};

export default { rules: { imports: importLayers } };
