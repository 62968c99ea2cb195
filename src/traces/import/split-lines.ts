import { tooLargeError } from '../ingest-limits';

/**
 * Splits decoded text chunks into lines in one pass: each chunk is searched once, the unfinished
 * line is kept as parts and joined only when its newline arrives, and a line longer than
 * `maxChars` is refused as soon as it passes the limit (413), not after it was read whole.
 */
export class LineSplitter {
  private parts: string[] = [];
  private length = 0;
  private lineNo = 0;

  constructor(private readonly maxChars: number) {}

  /** Complete lines in `text` (without their `\n` or `\r\n`). */
  *push(text: string): Generator<string> {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.add(text.slice(start, nl));
      yield this.take().replace(/\r$/, '');
      start = nl + 1;
    }
    if (start < text.length) {
      this.add(start === 0 ? text : text.slice(start));
    }
  }

  /** The last line when the text did not end with a newline ('' when it did). */
  end(): string {
    return this.take();
  }

  private add(text: string): void {
    this.length += text.length;
    if (this.length > this.maxChars) {
      throw tooLargeError(
        `line ${this.lineNo + 1} is longer than ${this.maxChars} characters; send one record per line (JSONL)`,
        { line: this.lineNo + 1, maxChars: this.maxChars },
      );
    }
    this.parts.push(text);
  }

  private take(): string {
    const line = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.length = 0;
    this.lineNo++;
    return line;
  }
}
