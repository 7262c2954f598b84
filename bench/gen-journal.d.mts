// Types of bench/gen-journal.mjs for the tests that import it.
export interface GenerateOptions {
  size: number;
  seed?: number;
  /** 'YYYY-MM-DD': the last call ends that afternoon. */
  today?: string;
  clients?: number;
}
export interface GenerateStats {
  calls: number;
  flagEntries: number;
  flags: number;
  bytes: number;
  clients: number;
  outcomes: Record<string, number>;
  size: number;
  seed: number;
  today: string;
  population: number;
  sampleClient: { id: string; name: string; calls: number };
}
export function generateJournal(options: GenerateOptions, write: (text: string) => void): GenerateStats;
export function makeRandom(seed: number): {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
};
