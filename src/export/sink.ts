// Where an export's text goes: chunks gathered into ~64 KB writes, and the
// writer waits when the destination asks it to (back-pressure), so memory
// stays flat whatever the size of the export.
export interface Sink {
  write(text: string): void | Promise<void>;
}

export type WriteTarget = (chunk: string) => void | Promise<void>;

export class BufferedSink implements Sink {
  private buffer = '';
  constructor(
    private readonly target: WriteTarget,
    private readonly size = 64 * 1024,
  ) {}

  write(text: string): void | Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= this.size) return this.flush();
  }

  flush(): void | Promise<void> {
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    return this.target(chunk);
  }
}

/** A sink that keeps everything (tests, and the formats that build a whole document). */
export class MemorySink implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}
