// A calendar day written as the journal and the settings write it, YYYY-MM-DD,
// and the two-digit pieces of days and clock times.

/** 7 → "07". */
export const twoDigits = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The day of a year, a month (1–12) and a day of the month: "2026-11-28". */
export function dayString(year: number, month: number, date: number): string {
  return `${String(year).padStart(4, '0')}-${twoDigits(month)}-${twoDigits(date)}`;
}
