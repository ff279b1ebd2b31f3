import { describe, expect, it } from 'vitest';
import { defaultRunDependencies } from '../../src/worker/run-task.js';
import type { WorkerPorts } from '../../src/worker/worker-tools.js';

/** Every port a worker may use; the type below fails to compile when WorkerPorts gains one not listed. */
const PORTS = ['buildSite', 'deploySite', 'makeInvalidator', 'checkoutCommit', 'readSiteView', 'now', 'clock', 'sleep'] as const satisfies readonly (keyof WorkerPorts)[];
const everyPortListed: [Exclude<keyof WorkerPorts, (typeof PORTS)[number]>] extends [never] ? true : false = true;

describe('the worker ports every edge spreads in (defaultRunDependencies)', () => {
  it('holds a real implementation of each port, none left for a worker to find missing', () => {
    expect(everyPortListed).toBe(true);
    for (const port of PORTS) expect(typeof defaultRunDependencies[port], port).toBe('function');
  });

  it('reads the clocks, sleeps, and makes a CloudFront client without sending anything', async () => {
    expect(defaultRunDependencies.now()).toBeInstanceOf(Date);
    const before = defaultRunDependencies.clock();
    await defaultRunDependencies.sleep(1);
    expect(defaultRunDependencies.clock()).toBeGreaterThanOrEqual(before);
    const invalidator = await defaultRunDependencies.makeInvalidator('http://127.0.0.1:9');
    expect(typeof invalidator.invalidate).toBe('function');
  });
});
