// Which chunks go into which file of dist/app/ (see src/bundle-loader.ts).
// esbuild splits the app into many small chunks — one per set of commands
// sharing code — and reading each with its code cache, and compiling it, has a
// cost of its own: `followup call` reached its first question through 49 of
// them. So the files the loader reads are packs: one for main.js and one for
// each chunk a dynamic import() asks for (an entry), holding that entry and
// the chunks it imports statically, less those certainly loaded by then.
//
// "Certainly loaded" is a greatest fixed point over the import graph: an entry
// E is imported from some chunks; each of them was loaded by the pack of one
// of the entries whose static closure holds it, so what is certainly loaded
// when E is imported is, over every such importer, what all those entries
// bring (their closure and what was certainly loaded before them),
// intersected. A chunk may sit in more than one pack; the loader runs it once,
// from the pack that defined it first. A big one that would (the YAML parser
// and the schema checker: 1 MB, wanted by five cold commands) is a pack of its
// own instead, which the loader reads when the chunk is first required: its
// own file.

/**
 * @param {Record<string, { static: string[]; dynamic: string[]; bytes: number }>} graph  every chunk's imports, by name, and size
 * @param {string} main  the chunk the loader starts from
 * @param {number} [shareAbove]  a chunk bigger than this, wanted by more than one pack, is a pack of its own
 * @returns {Map<string, string[]>}  each pack, by its file: the chunk of that name first, then the chunks it brings
 */
export function planPacks(graph, main, shareAbove = 64 * 1024) {
  const closures = new Map();
  const closure = (name) => {
    let seen = closures.get(name);
    if (seen) return seen;
    seen = new Set();
    const stack = [name];
    while (stack.length > 0) {
      const next = stack.pop();
      if (seen.has(next)) continue;
      if (!graph[next]) throw new Error(`build: ${next} is imported but is not a chunk of the build`);
      seen.add(next);
      stack.push(...graph[next].static);
    }
    closures.set(name, seen);
    return seen;
  };

  const entries = [main, ...new Set(Object.values(graph).flatMap((chunk) => chunk.dynamic))].filter((name, i, all) => all.indexOf(name) === i);
  const importers = new Map(entries.map((entry) => [entry, Object.keys(graph).filter((name) => graph[name].dynamic.includes(entry))]));
  const holders = new Map(Object.keys(graph).map((name) => [name, entries.filter((entry) => closure(entry).has(name))]));

  // undefined stands for "every chunk" (the top the fixed point descends from).
  const intersect = (a, b) => (a === undefined ? b : b === undefined ? a : new Set([...a].filter((x) => b.has(x))));
  const certain = new Map(entries.map((entry) => [entry, entry === main ? new Set() : undefined]));
  const broughtBy = (entry) => {
    const before = certain.get(entry);
    return before === undefined ? undefined : new Set([...closure(entry), ...before]);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of entries) {
      if (entry === main) continue;
      let loaded;
      for (const importer of importers.get(entry)) {
        let whenImporterRuns;
        for (const holder of holders.get(importer)) whenImporterRuns = intersect(whenImporterRuns, broughtBy(holder));
        loaded = intersect(loaded, whenImporterRuns);
      }
      const before = certain.get(entry);
      // The sets only shrink: the same size is the same set.
      if (loaded !== undefined && (before === undefined || before.size !== loaded.size)) {
        certain.set(entry, loaded);
        changed = true;
      }
    }
  }

  const brings = new Map(entries.map((entry) => [entry, [...closure(entry)].filter((name) => name !== entry && !certain.get(entry)?.has(name)).sort()]));
  const wanted = new Map();
  for (const names of brings.values()) for (const name of names) wanted.set(name, (wanted.get(name) ?? 0) + 1);
  const alone = new Set([...wanted].filter(([name, packs]) => packs > 1 && graph[name].bytes > shareAbove && !entries.includes(name)).map(([name]) => name));
  return new Map([
    ...entries.map((entry) => [entry, [entry, ...brings.get(entry).filter((name) => !alone.has(name))]]),
    ...[...alone].sort().map((name) => [name, [name]]),
  ]);
}
