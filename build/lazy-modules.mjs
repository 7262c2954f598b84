// Modules whose evaluation a command's start-up should not pay for unless it
// uses them: the transliteration tables (a thousand pairs, built as the module
// loads; only a name not typed exactly needs them), fast-string-width (its
// Unicode patterns are made as it loads; the renderers measure plain text
// themselves), the date locales (only one language's words are used).
//
// Every import of such a module gets a stand-in with the same exports: each
// function calls through to the real one, each object reads through to the
// real object's properties. The stand-in reaches the module with require(),
// which esbuild turns into a lazy init of the bundled module: it is evaluated
// when first used, not when its importer loads. An import of a name the real
// module doesn't have fails the build, as it would without the stand-in.

const NAMESPACE = 'lazy-module';

/** A stand-in's source for the module in `file`, whose exports are `real`. */
function standIn(specifier, file, real) {
  // The file as an import resolves it (a require() would take a package's CommonJS build, a second copy).
  const lines = [`let m; const load = () => (m ??= require(${JSON.stringify(file)}));`];
  for (const [name, value] of Object.entries(real)) {
    const target = `load()[${JSON.stringify(name)}]`;
    let expression;
    if (typeof value === 'function') {
      expression = `function (...args) { return new.target ? Reflect.construct(${target}, args, new.target) : ${target}(...args); }`;
    } else if (value !== null && typeof value === 'object') {
      const getters = Object.keys(value).map((key) => `get ${JSON.stringify(key)}() { return ${target}[${JSON.stringify(key)}]; }`);
      expression = `{ ${getters.join(', ')} }`;
    } else {
      throw new Error(`build: the lazy stand-in for ${specifier} can't forward its export ${name} (${typeof value})`);
    }
    lines.push(name === 'default' ? `export default ${expression};` : `export const ${name} = ${expression};`);
  }
  return lines.join('\n');
}

/**
 * @param {string[]} specifiers  the modules, as they are imported (from this project)
 */
export function lazyModules(specifiers) {
  const escaped = specifiers.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return {
    name: 'lazy-modules',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) =>
        // The stand-in's own require() is of the real module.
        args.namespace === NAMESPACE ? undefined : { path: args.path, namespace: NAMESPACE },
      );
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const { fileURLToPath } = await import('node:url');
        const { dirname } = await import('node:path');
        const url = import.meta.resolve(args.path);
        const file = fileURLToPath(url);
        return { contents: standIn(args.path, file, await import(url)), loader: 'js', resolveDir: dirname(file) };
      });
    },
  };
}
