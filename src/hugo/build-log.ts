import { stripAnsi } from '../errors/hugo-message.js';

/** What a Go panic (or Go runtime fatal error) in hugo's output says, as the result file needs it. */
export interface HugoCrash {
  /** The `panic: …` or `fatal error: …` line. */
  message: string;
  /** The lines that follow it up to the stack dump: nested panics (`[recovered]`), the signal. */
  details: string[];
  /** Lines hugo printed just before it crashed: what it was working on. */
  before: string[];
}

/** Lines printed before the panic that are kept, for what hugo was working on. */
const CONTEXT_BEFORE = 10;
/** Lines kept from the panic line on: the message, the signal line and the top of the stack. */
const CRASH_LINES = 24;
/** Lines kept for the log of a build that did not crash (the result file shows its end). */
const RECENT_LINES = 2000;
const CRASH_START = /^(?:panic: |fatal error: )/;

/**
 * hugo's output as it streams, kept within bounded memory however much hugo prints. A Go panic
 * ends with a goroutine dump that can run to thousands of lines, and the tail of that dump says
 * nothing useful: so when hugo panics, the log keeps the lines before the panic, the panic line
 * and the top of the stack, and counts what it drops, so the result file's log tail shows what
 * went wrong.
 */
export class HugoBuildLog {
  private readonly recent: string[] = [];
  private dropped = 0;
  private crashLines: string[] | undefined;
  private crashBefore: string[] = [];
  private droppedAfterCrash = 0;

  add(rawLine: string): void {
    const line = rawLine.length > 4000 ? `${rawLine.slice(0, 4000)} … (${rawLine.length - 4000} more characters)` : rawLine;
    if (this.crashLines) {
      if (this.crashLines.length < CRASH_LINES) this.crashLines.push(line);
      else this.droppedAfterCrash += 1;
      return;
    }
    if (CRASH_START.test(stripAnsi(line).trimStart())) {
      this.crashBefore = this.recent.slice(-CONTEXT_BEFORE);
      this.crashLines = [line];
      return;
    }
    this.recent.push(line);
    // Trimmed in batches: shifting one line at a time costs too much when hugo prints millions.
    if (this.recent.length >= 2 * RECENT_LINES) {
      this.recent.splice(0, RECENT_LINES);
      this.dropped += RECENT_LINES;
    }
  }

  /** The panic hugo printed, if it printed one. */
  crash(): HugoCrash | undefined {
    if (!this.crashLines) return undefined;
    const [first = '', ...rest] = this.crashLines.map((line) => stripAnsi(line));
    const dump = rest.findIndex((line) => line.trim() === '' || line.startsWith('goroutine '));
    return { message: first.trim(), details: (dump === -1 ? rest : rest.slice(0, dump)).map((line) => line.trim()), before: this.crashBefore.map((line) => stripAnsi(line)) };
  }

  /** The log for the result file; after a panic, ending with the panic rather than the bottom of its dump. */
  text(): string {
    if (!this.crashLines) {
      const dropped = this.dropped + Math.max(0, this.recent.length - RECENT_LINES);
      const kept = this.recent.slice(-RECENT_LINES);
      return [...(dropped > 0 ? [`… ${dropped} earlier lines of hugo's output omitted …`] : []), ...kept].join('\n');
    }
    return [
      ...this.crashBefore,
      ...this.crashLines,
      ...(this.droppedAfterCrash > 0 ? [`… ${this.droppedAfterCrash} more lines of the goroutine dump omitted …`] : []),
    ].join('\n');
  }

  get isEmpty(): boolean {
    return this.recent.length === 0 && this.dropped === 0 && this.crashLines === undefined;
  }
}
