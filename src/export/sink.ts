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

/** A chunk: text, or (after acceptBytes) the bytes byte strings stand for. */
export type WriteTarget = (chunk: string | Buffer) => void | Promise<void>;

export class BufferedSink implements Sink {
  private buffer = '';
  /** Byte strings go straight into bytes (no rope of row strings to keep, flatten and encode at each flush). */
  private bytes: Buffer | null = null;
  private used = 0;
  private writing: Promise<void> | undefined;
  constructor(
    private readonly target: WriteTarget,
    private readonly size = 64 * 1024,
  ) {}

  acceptBytes(): void {
    if (this.buffer !== '') throw new Error('acceptBytes after a write');
    this.bytes = Buffer.allocUnsafe(this.size);
  }

  write(text: string): void | Promise<void> {
    if (!this.bytes) {
      this.buffer += text;
      if (this.buffer.length >= this.size) return this.flush();
      return;
    }
    if (this.used + text.length <= this.bytes.length) {
      this.used += this.bytes.write(text, this.used, 'latin1');
      if (this.used === this.bytes.length) return this.flush();
      return;
    }
    // Full: what is gathered goes, then the text is gathered (or, longer than a chunk, goes as it is).
    const pending = this.flush();
    // (send waits for the chunk before: the last promise stands for both.)
    if (text.length > this.bytes.length) return this.send(Buffer.from(text, 'latin1'));
    this.used = this.bytes.write(text, 0, 'latin1');
    return pending;
  }

  flush(): void | Promise<void> {
    if (this.bytes) {
      if (this.used === 0) return;
      // A new buffer: the target may still be writing this one.
      const chunk = this.bytes.subarray(0, this.used);
      this.bytes = Buffer.allocUnsafe(this.size);
      this.used = 0;
      return this.send(chunk);
    }
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    return this.send(chunk);
  }

  /**
   * One chunk at a time: the next goes to the target when the last has been
   * written (a file handle's writes may land out of order if several run at
   * once). After a failed write every later one fails too: no file with a hole.
   */
  private send(chunk: string | Buffer): void | Promise<void> {
    const previous = this.writing;
    const result = previous ? previous.then(() => this.target(chunk)) : this.target(chunk);
    if (!result) return;
    this.writing = result;
    result.then(
      () => {
        if (this.writing === result) this.writing = undefined;
      },
      () => undefined, // the caller, who awaits it, sees the error
    );
    return result;
  }
}

/** A sink that keeps everything (tests, and the formats that build a whole document). */
export class MemorySink implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}
