import path from 'node:path';
import type { LoadedConfig } from '../../config/load-config.js';
import { environmentOf, environmentPath, siteNamed } from '../../config/sites.js';
import { normalizePrefix } from '../../primitives/prefix.js';
import { gitInfoFor } from '../../git/git-info.js';
import { workTreeDirtiness } from '../../hugo/site-changes.js';
import type { LocalS3Server } from '../../local-s3/local-s3-server.js';
import { loadTask } from '../../task/load-task.js';
import { resolveHandoffSettings } from '../../settings/handoff-settings.js';
import { defaultRunDependencies, NotRunnableError, runTask } from '../../worker/run-task.js';
import { runAnswer } from '../../client/run-answer.js';
import { UsageError, existingRepositoryPath, printJson, type CliContext, type ParsedCommand } from '../cli-context.js';
import { createProgressReporter } from '../progress-reporter.js';
import { describeVerdict, verdictOf } from '../../result/verdict.js';

export async function run(parsed: ParsedCommand, context: CliContext): Promise<number> {
  const [taskArgument, ...extra] = parsed.positionals;
  if (!taskArgument || extra.length > 0) throw new UsageError('expected exactly one task file');
  const relative = await existingRepositoryPath(context, taskArgument, 'no such task file (already run? handoff status lists where each task is)');
  // git answers while handoff.yml is read: the commit is needed only once the task runs.
  const git = gitInfoFor(context.root);
  const commit = git.headCommit();
  const progress = createProgressReporter({ interactive: context.interactive, write: context.stderr });
  const flags = { dryRun: parsed.values['dry-run'] === true, verifyHeaders: parsed.values['verify-headers'] === true };
  const apply = parsed.values.apply === true;
  if (apply && flags.dryRun) throw new UsageError('expected --dry-run or --apply, not both');
  let settings = await resolveHandoffSettings(context.root, context.env, flags);
  const localS3 = parsed.values['local-s3'] === true ? await startLocalS3For(context, settings.config, relative) : undefined;
  if (localS3) {
    const localServer = { credentials: localS3.credentials };
    settings = { ...settings, deployOverrides: { ...settings.deployOverrides, s3Endpoint: localS3.endpoint, siteUrl: localS3.siteUrl, fallbackBucket: localS3.bucket, localServer } };
  }
  // Locally a content-edit dry run leaves its task in tasks/pending/, for `handoff run <task> --apply`.
  const outcome = await runTask({ root: context.root, taskFile: relative, config: settings.config, dryRunStaysPending: true }, {
    ...defaultRunDependencies,
    now: context.now,
    onLine: (line) => context.stderr(`  │ ${line}\n`),
    onDeployProgress: progress.report,
    deployOverrides: settings.deployOverrides,
    commit: (await commit) ?? null,
    isSourceDirty: workTreeDirtiness(git),
    onStart: (task) => {
      context.noteOnInterrupt(`${task} stays there: handoff run ${task} resumes it`);
      context.stderr(`handoff: running ${task}\n`);
    },
    siteCodeEnv: settings.siteCodeEnv,
    redactor: settings.redactor,
    ...(parsed.values['allow-hugo-mismatch'] === true ? { allowHugoMismatch: true } : {}),
    ...(apply ? { applyContentEdit: true } : {}),
  })
    .catch((error: unknown) => {
      throw error instanceof NotRunnableError ? new UsageError(error.message) : error;
    })
    .finally(async () => {
      progress.finish();
      await localS3?.stop();
    });
  const verdict = verdictOf(outcome.result);
  if (context.json) {
    printJson(context, runAnswer(outcome));
  } else {
    context.stdout(`result: ${outcome.resultPath}\n${describeVerdict(outcome.result, verdict)}`);
  }
  return outcome.exitCode;
}

/**
 * `--local-s3`: an S3-protocol server on 127.0.0.1 for the task's bucket (from handoff.yml), its
 * objects kept in .handoff/local-s3/ so the next deploy is incremental, and a website gateway for
 * the live check. Its keys go to the S3 client only (never into the process environment), and
 * no invalidation is sent: no CloudFront distribution is in front of a local server.
 */
async function startLocalS3For(context: CliContext, config: LoadedConfig, relative: string): Promise<LocalS3Server | undefined> {
  const loaded = await loadTask(path.join(context.root, relative), { repoRoot: context.root, shownAs: relative });
  if (!loaded.ok || loaded.task.type !== 'hugo-deploy') {
    context.stderr('handoff: --local-s3 applies to hugo-deploy tasks; running without it\n');
    return undefined;
  }
  // Loaded only for --local-s3: a plain run has no use for the server and its website gateway.
  const { localDefaultBucket, startLocalS3 } = await import('../../local-s3/local-s3-server.js');
  const site = config.ok ? siteNamed(config.config, loaded.task.site) : undefined;
  const environment = site?.ok ? environmentOf(site.site, loaded.task.environment) : undefined;
  const bucket = environment?.bucket ?? localDefaultBucket(loaded.task.environment);
  if (!environment?.bucket) {
    const where = site?.ok ? environmentPath(site.site, loaded.task.environment) : `environments.${loaded.task.environment}`;
    context.stderr(`handoff: handoff.yml names no bucket for ${loaded.task.environment} (${where}.bucket): the local S3 server uses the local default bucket ${bucket}\n`);
  }
  const server = await startLocalS3({
    directory: path.join(context.root, '.handoff', 'local-s3'),
    bucket,
    prefix: normalizePrefix(environment?.key_prefix ?? ''),
  });
  context.stderr(`handoff: local S3 server ${server.endpoint} (bucket ${bucket}, objects in .handoff/local-s3/), site ${server.siteUrl}\n`);
  return server;
}
