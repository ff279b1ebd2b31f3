import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * Stops V8's young generation from growing past 4 MB a semi-space. A deploy allocates steadily
 * (a request, a response and a file body per object) while tens of thousands of per-file records
 * stay alive, so V8 keeps doubling the two semi-spaces up to their limit of 16 MB each: 32 MB of
 * resident memory that holds almost nothing (the live heap of a 10,000-file deploy is about 13 MB
 * after a full collection). Held smaller, more short-lived objects (requests in flight) outlive
 * two collections and fill the old space instead, which costs CPU. Measured on 10,000 files (peak
 * RSS of a first deploy / 1% edit / no-op, two runs each): 118 / 108 / 98 MB growing freely,
 * 111 / 85 / 82 MB held at 1 MB, 101 / 95 / 90 MB bounded at 4 MB and 102 / 92 / 90 MB at 2 MB,
 * with no more CPU than growing freely (held at 1 MB, the first deploy took 5-15% more).
 * The bound was 2 MB until the deploy's own records shrank (1 December 2026): the check below
 * runs after the collections, and while the walk and the hashing allocated more, the young
 * generation had mostly doubled once more before it, to 4 MB. Once the bound held at 2 MB, a
 * 10,000-file first deploy took 5-8% more CPU (2.40 s against 2.25 s at 4 MB, four runs each,
 * the same peak RSS); edits and no-ops did not change.
 *
 * V8 reads the semi-space limits once, when the heap is made, but its growth factor at every
 * growth: so the factor is left at its default until the young generation reaches the bound
 * (watched after each collection) and then set to 1, which keeps the size it has. A node flag
 * would do it more simply, but the action runner and `npx handoff` give no place for one. It is
 * process-wide, which suits handoff's processes (a CLI run, an action, the MCP server); a
 * young-generation flag the process was started with is left as it is.
 */
export function boundYoungGeneration(execArgv: readonly string[] = process.execArgv): void {
  if (watching || execArgv.some((arg) => /semi[-_]space/.test(arg))) return;
  watching = true;
  if (holdIfReached()) return;
  const observer = new PerformanceObserver(() => {
    if (holdIfReached()) observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Both semi-spaces: V8 reports the young generation's size as their sum. */
const YOUNG_GENERATION_BOUND_BYTES = 2 * 4 * 1024 * 1024;
let watching = false;

function holdIfReached(): boolean {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (!young || young.space_size < YOUNG_GENERATION_BOUND_BYTES) return false;
  setFlagsFromString('--semi-space-growth-factor=1');
  return true;
}
