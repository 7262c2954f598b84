export function builtinNamespaces(code: string, name: string): string;
