/**
 * The wall clock, passed in (never read inside the core) so tests can set the time. Durations that
 * must not jump with the wall clock use a monotonic clock instead (`performance.now()`).
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
