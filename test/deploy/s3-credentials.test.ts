import { describe, expect, it } from 'vitest';
import { credentialSource, credentialsInEnvironment } from '../../src/aws/s3-credentials.js';

const defaultCredentials = (environment: Record<string, string | undefined>) => credentialSource(credentialsInEnvironment(environment));

describe('credentials: the SDK default chain, its environment link read by the edge without loading the SDK', () => {
  it('answers with the environment keys, and the session token when there is one', async () => {
    await expect(defaultCredentials({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' })()).resolves.toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
    });
    await expect(defaultCredentials({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' })()).resolves.toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('leaves the environment to the SDK chain when a profile is named, as the chain does', async () => {
    const original = { ...process.env };
    // the SDK's chain reads the real environment: a profile that does not exist fails it
    process.env.AWS_PROFILE = 'handoff-test-no-such-profile';
    process.env.AWS_CONFIG_FILE = '/nonexistent/handoff-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/handoff-credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true'; // never ask an instance metadata service
    process.env.AWS_ACCESS_KEY_ID = 'AKID';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    try {
      await expect(defaultCredentials({ ...process.env })()).rejects.toThrow();
    } finally {
      for (const name of ['AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
        if (original[name] === undefined) delete process.env[name];
        else process.env[name] = original[name];
      }
    }
  });
});
