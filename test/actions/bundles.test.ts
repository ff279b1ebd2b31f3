import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';

/** Marks of the AWS SDK in a bundle: its package names survive minification in error texts. */
const AWS_SDK = /@aws-sdk\/|S3Client|CloudFrontClient/;

async function bundleFiles(name: string): Promise<Map<string, string>> {
  const dist = path.join(PROJECT_ROOT, 'actions', name, 'dist');
  const files = new Map<string, string>();
  for (const file of await readdir(dist)) if (file.endsWith('.js')) files.set(file, await readFile(path.join(dist, file), 'utf8'));
  return files;
}

describe('action bundles', () => {
  it.each(['claim', 'record', 'sweep', 'hugo-build'])('%s carries no AWS SDK at all', async (name) => {
    const files = await bundleFiles(name);
    expect(files.has('index.js')).toBe(true);
    // hugo-build's chunks are the front matter parsers a failed build loads (hugo/build.ts).
    expect([...files.entries()].filter(([, code]) => AWS_SDK.test(code)).map(([file]) => file)).toEqual([]);
  });

  it('run loads the AWS SDK only from chunks it imports when a task deploys', async () => {
    const files = await bundleFiles('run');
    expect(files.get('index.js')).not.toMatch(AWS_SDK);
    expect([...files.entries()].some(([file, code]) => file !== 'index.js' && AWS_SDK.test(code))).toBe(true);
  });

  it('preview loads the AWS SDK only from chunks it imports to remove or sweep (target and record never need it)', async () => {
    const files = await bundleFiles('preview');
    expect(files.get('index.js')).not.toMatch(AWS_SDK);
    expect([...files.entries()].some(([file, code]) => file !== 'index.js' && AWS_SDK.test(code))).toBe(true);
  });

  it.each(['claim', 'run', 'record', 'sweep', 'hugo-build', 'deploy', 'preview'])('%s is an ES module bundle the runner loads as one', async (name) => {
    const dist = path.join(PROJECT_ROOT, 'actions', name, 'dist');
    expect(JSON.parse(await readFile(path.join(dist, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    const action = await readFile(path.join(PROJECT_ROOT, 'actions', name, 'action.yml'), 'utf8');
    expect(action).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index.js$/m);
    expect(action).toMatch(/^branding:$/m);
  });

  it('review-plan loads the AWS SDK only from chunks, and is an ES module bundle like the others', async () => {
    const files = await bundleFiles('review-plan');
    expect(files.get('index.js')).not.toMatch(AWS_SDK);
    const dist = path.join(PROJECT_ROOT, 'actions', 'review-plan', 'dist');
    expect(JSON.parse(await readFile(path.join(dist, 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    expect(await readFile(path.join(PROJECT_ROOT, 'actions', 'review-plan', 'action.yml'), 'utf8')).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index.js$/m);
  });
});
