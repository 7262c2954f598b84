// The one moment a command is certainly idle: just before it waits for its
// user. Said as an event on `process` (the bundle's loader, a separate bundle,
// listens: it writes its code caches then — src/bundle-loader.ts).
export const WAITING_FOR_USER = 'followup:waiting-for-user';

export function sayWaitingForUser(): void {
  (process as NodeJS.EventEmitter).emit(WAITING_FOR_USER);
}
