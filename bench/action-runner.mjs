// How the GitHub runner starts a JavaScript action, for the benches that run the bundles as it
// does (as test/actions/harness.ts does for the tests): the GITHUB_* variables and files, and
// every input as INPUT_<NAME>; the outputs are read back from GITHUB_OUTPUT.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Creates the runner's files in `files` (an empty folder) and returns the GITHUB_* variables
 * pointing at them, with `inputs` as INPUT_<NAME> (upper case, spaces to _, dashes kept).
 */
export function runnerEnvironment({ files, workspace, inputs = {}, event = {} }) {
  for (const base of ['output', 'summary', 'env', 'state', 'path']) fs.writeFileSync(path.join(files, base), '');
  fs.writeFileSync(path.join(files, 'event.json'), JSON.stringify(event));
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/bench',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: path.join(files, 'event.json'),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_OUTPUT: path.join(files, 'output'),
    GITHUB_STEP_SUMMARY: path.join(files, 'summary'),
    GITHUB_ENV: path.join(files, 'env'),
    GITHUB_STATE: path.join(files, 'state'),
    GITHUB_PATH: path.join(files, 'path'),
    RUNNER_TEMP: files,
  };
  for (const [input, value] of Object.entries(inputs)) env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

/** The `name<<delimiter … delimiter` records @actions/core wrote to GITHUB_OUTPUT. */
export function runnerOutputs(files) {
  const outputs = {};
  const text = fs.readFileSync(path.join(files, 'output'), 'utf8');
  for (const match of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[match[1]] = match[3];
  return outputs;
}
