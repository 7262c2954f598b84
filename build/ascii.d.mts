export function asciiOnly(code: string, name: string): string;
