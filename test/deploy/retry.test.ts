import { describe, expect, it } from 'vitest';
import { backoffDelayMs, sleep, withRetries } from '../../src/retry/retry.js';

const fails = (times: number, error: Error) => {
  let calls = 0;
  return async (attempt: number) => {
    calls++;
    if (calls <= times) throw error;
    return `ok after ${attempt}`;
  };
};

describe('withRetries (the one retry loop: S3, CloudFront, git push)', () => {
  it('retries a retryable failure with full-jitter backoff, sleeping only between attempts', async () => {
    const sleeps: number[] = [];
    const result = await withRetries(fails(2, new Error('busy')), {
      attempts: 5,
      backoff: { baseDelayMs: 100, maxDelayMs: 150, jitter: 'full' },
      retryable: () => true,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
    });
    expect(result).toBe('ok after 3');
    expect(sleeps).toEqual([50, 75]);
  });

  it('throws a failure that is not retryable at once, and the last one when attempts run out', async () => {
    const fatal = new Error('denied');
    let attempts = 0;
    await expect(
      withRetries(
        async () => {
          attempts++;
          throw fatal;
        },
        { attempts: 5, backoff: { baseDelayMs: 1, maxDelayMs: 1, jitter: 'full' }, retryable: () => false, sleep: async () => {} },
      ),
    ).rejects.toBe(fatal);
    expect(attempts).toBe(1);

    const sleeps: number[] = [];
    await expect(
      withRetries(fails(10, new Error('busy')), {
        attempts: 3,
        backoff: { baseDelayMs: 10, maxDelayMs: 1000, jitter: 'equal' },
        retryable: () => true,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0,
        exhausted: (error, count) => new Error(`gave up after ${count}: ${(error as Error).message}`),
      }),
    ).rejects.toThrow('gave up after 3: busy');
    expect(sleeps).toEqual([5, 10]);
  });

  it('waits the cap itself without jitter, whatever the random draw', () => {
    expect(backoffDelayMs(1, { baseDelayMs: 30_000, maxDelayMs: 30_000, jitter: 'none' }, () => 0)).toBe(30_000);
    expect(backoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 250, jitter: 'none' }, () => 0.5)).toBe(250);
  });

  it('chooses the backoff by failure and stops waiting when the signal aborts', async () => {
    expect(backoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 10_000, jitter: 'equal' }, () => 1)).toBe(400);
    const sleeps: number[] = [];
    const throttled = Object.assign(new Error('SlowDown'), { throttled: true });
    await withRetries(fails(1, throttled), {
      attempts: 2,
      backoff: (error) => ((error as { throttled?: boolean }).throttled ? { baseDelayMs: 500, maxDelayMs: 500, jitter: 'full' } : { baseDelayMs: 100, maxDelayMs: 100, jitter: 'full' }),
      retryable: () => true,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 1,
    });
    expect(sleeps).toEqual([500]);

    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
