// The spinner of long exports, stats and reports. Shown only when it can't
// mix with data: stderr is a terminal, the data doesn't go to that same
// terminal, and the output isn't --json. ora is imported only then.
import type { Io } from '../terminal/io.js';

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const quiet: Progress = { update() {}, stop() {} };

export function wantsSpinner(io: Io, options: { json?: boolean; dataToStdout: boolean }): boolean {
  if (options.json) return false;
  if (!io.errIsTerminal) return false;
  if (options.dataToStdout && io.stdout.isTTY) return false;
  return true;
}

/** Starts a spinner on stderr, updated at most every 100 ms. */
export async function startProgress(io: Io, show: boolean, text: string): Promise<Progress> {
  if (!show) return quiet;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr as NodeJS.WriteStream, isEnabled: true, color: 'cyan' }).start();
  let last = 0;
  return {
    update(next) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      spinner.text = next;
    },
    stop() {
      spinner.stop();
    },
  };
}
