// Where an export's text goes: chunks gathered into ~64 KB writes, and the
// writer waits when the destination asks it to (back-pressure), so memory
// stays flat whatever the size of the export.
export interface Sink {
  write(text: string): void | Promise<void>;
  /**
   * Present on sinks that can take byte strings (one char a UTF-8 byte, see
   * byte-strings.ts) and write them out as those bytes. A writer that uses
   * them calls it once, before its first write.
   */
  acceptBytes?(): void;
}

export type WriteTarget = (chunk: string, encoding: 'utf8' | 'latin1') => void | Promise<void>;

export class BufferedSink implements Sink {
  private buffer = '';
  private encoding: 'utf8' | 'latin1' = 'utf8';
  constructor(
    private readonly target: WriteTarget,
    private readonly size = 64 * 1024,
  ) {}

  acceptBytes(): void {
    this.encoding = 'latin1';
  }

  write(text: string): void | Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= this.size) return this.flush();
  }

  flush(): void | Promise<void> {
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    return this.target(chunk, this.encoding);
  }
}

/** A sink that keeps everything (tests, and the formats that build a whole document). */
export class MemorySink implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}
