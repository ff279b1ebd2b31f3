/**
 * The clocks, one module for both shapes: the wall clock (timestamps, task ids, ages of results)
 * and the monotonic clock (durations, deadlines, progress). Each is passed in, never read inside
 * the core, so tests can set the time.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * Milliseconds on a monotonic clock, for durations, deadlines and progress: it never jumps when
 * the wall clock is set. Passed in like the wall clock, so tests can step it.
 */
export type MonotonicClock = () => number;

export const monotonicClock: MonotonicClock = () => performance.now();
