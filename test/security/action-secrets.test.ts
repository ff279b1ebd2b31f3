import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRemote, orchestrationRepo, pushEvent, runAction } from '../actions/harness.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { buildTaskFor, FAKE_SECRETS, filesUnder, leakingSite, leaksIn } from './leaking-site.js';

describe.each(hugoBinaries())('hugo $version: the run action bundle, as the runner runs it, with credentials in the job', (hugo) => {
  it('builds a site that prints the job\'s credentials: none in the result, summary, outputs or log; each registered with the runner as a secret', async ({ onTestFinished }) => {
    const remote = await makeRemote(orchestrationRepo(undefined, leakingSite('site', 'warnf')));
    onTestFinished(remote.remove);
    const agent = await remote.clone('agent');
    const [taskPath, taskText] = buildTaskFor('site', 'action-leak');
    await agent.write({ [taskPath]: taskText });
    const range = await agent.commitAndPush('Add a build task');
    const planCheckout = await remote.clone('plan', { ref: range.after });
    const plan = await runAction('claim', { workspace: planCheckout.dir, event: pushEvent(range) });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const [task] = (JSON.parse(plan.outputs.matrix ?? '') as { task: Array<{ task_file: string }> }).task;

    const runCheckout = await remote.clone('run', { ref: plan.outputs.commit ?? '' });
    const env = { ...FAKE_SECRETS, PATH: `${path.dirname(hugo.binary)}${path.delimiter}${process.env.PATH ?? ''}` };
    const run = await runAction('run', { workspace: runCheckout.dir, inputs: { 'task-file': task?.task_file ?? '' }, env });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.summary).toContain('leak AWS_ACCESS_KEY_ID=[] AWS_SECRET_ACCESS_KEY=[]');

    // `::add-mask::` lines are commands to the runner, which never shows them: every other line is log.
    const masked = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length));
    expect(masked.sort()).toEqual(Object.values(FAKE_SECRETS).sort());
    const log = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(leaksIn([
      { file: 'log', text: log + run.stderr },
      { file: 'summary', text: run.summary },
      { file: 'outputs', text: JSON.stringify(run.outputs) },
      ...(await filesUnder(runCheckout.dir)),
    ])).toEqual([]);
  });
});
