export function planPacks(graph: Record<string, { static: string[]; dynamic: string[]; bytes: number }>, main: string, shareAbove?: number): Map<string, string[]>;
