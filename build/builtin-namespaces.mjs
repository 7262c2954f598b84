// esbuild's CommonJS interop (__toESM) copies every export of an imported
// module onto a new object, one getter each: ~0.1 ms for node:fs, and `call`
// takes a dozen built-ins that way before its first question. A built-in is no
// ES module to interoperate with, so its namespace becomes an object whose
// prototype is the module, with `default`: every read gives the same value.
// Only reads of its members are the same, so the build checks that the
// namespace is used for nothing else.

/**
 * @param {string} code  a chunk's CommonJS body (or the entry)
 * @param {string} name  the chunk, for the error
 * @returns {string}
 */
export function builtinNamespaces(code, name) {
  const namespace = (id) => `(m=>Object.create(m,{default:{value:m,enumerable:true}}))(require(${id}))`;
  const names = [];
  let out = code.replace(/\b([\w$]+)\s*=\s*__toESM\(require\(("node:[a-z_/]+")\)(?:,\s*1)?\)/g, (_, variable, id) => {
    names.push(variable);
    return `${variable} = ${namespace(id)}`;
  });
  for (const variable of names) {
    const uses = out.match(new RegExp(`(?<![\\w$.:])${variable.replaceAll('$', '\\$')}(?![\\w$])(?!\\.)`, 'g')) ?? [];
    // The one use that is not a member read is the assignment itself.
    if (uses.length !== 1) throw new Error(`build: ${name} uses the built-in namespace ${variable} other than to read its members`);
  }
  // `const { a, b } = await import('node:x')`: destructured, so read member by member.
  out = out.replace(/(const\{[\w$,:]+\}=await Promise\.resolve\(\)\.then\(\(\)=>)__toESM\(require\(("node:[a-z_/]+")\)(?:,1)?\)\)/g, (_, head, id) => `${head}${namespace(id)})`);
  if (/__toESM\(require\("node:/.test(out)) throw new Error(`build: ${name} takes a built-in through __toESM in a form the build does not know`);
  return out;
}

