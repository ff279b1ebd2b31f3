/**
 * Writing to stdout and stderr when the reader may go away: `handoff status | head -1` closes the
 * pipe after one line, and the next write fails with EPIPE, which Node reports as an unhandled
 * 'error' event (a stack trace). A closed reader is not the command's failure: later writes are
 * dropped and the command finishes what it started (a deploy is not cut off by `| head`).
 */
export function closableWriter(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', () => {
    closed = true;
  });
  return (text) => {
    if (closed) return;
    try {
      stream.write(text);
    } catch {
      closed = true;
    }
  };
}

/** The exit code a shell reports for a process ended by this signal (128 + its number). */
export function signalExitCode(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? 130 : 143;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM during a command: one line on stderr, then the exit code a shell
 * expects (130, 143). Every file handoff writes is written atomically (a temporary file renamed
 * into place) and a task moves by rename, so stopping between two steps leaves no half-written
 * file; `note` says where the command left things (a claimed task stays in tasks/in-progress/,
 * where `handoff run` resumes it). With `stopAtSafePoint` the first signal only aborts it (the
 * command stops when it can) and the second exits. Returns the function that removes the handlers.
 */
export function exitOnSignal(
  write: (text: string) => void,
  note: () => string | undefined,
  exit: (code: number) => void,
  stopAtSafePoint?: AbortController,
): () => void {
  const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (stopAtSafePoint && !stopAtSafePoint.signal.aborted) {
      stopAtSafePoint.abort(signal);
      return;
    }
    const where = note();
    write(`handoff: interrupted (${signal})${where ? `; ${where}` : ''}\n`);
    exit(signalExitCode(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
