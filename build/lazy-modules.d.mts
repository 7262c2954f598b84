import type { Plugin } from 'esbuild';
export function lazyModules(specifiers: string[]): Plugin;
