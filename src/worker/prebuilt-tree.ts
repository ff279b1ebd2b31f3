import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { treeDigest } from '../files/tree-digest.js';
import type { WorkerReport } from './worker-report.js';
import type { DeployTaskOutputs, NoOutputs } from './task-outputs.js';

/** A deploy's build as handed over: built, refused before hugo ran, or a task that did not load. */
export type DeployBuildReport = WorkerReport<DeployTaskOutputs | NoOutputs>;

/**
 * A deploy's build made apart from its deploy (the workflow's build job, which holds no
 * credentials): the built tree in `site/` and the build's report in `build.json`, one folder the
 * workflow hands over as an artifact. The deploy job and the review job read it and run no site code.
 */
export interface PrebuiltTree {
  /** The built tree, as hugo left it. */
  siteDir: string;
  /** The build's report: outputs (tree_digest, source_commit, hugo_version, …), log and error. */
  report: DeployBuildReport;
}

const REPORT_FILE = 'build.json';

/**
 * The artifact a build job uploads for a task (tasks.yml names it the same way); downloaded by
 * pattern, each lands in a folder of this name.
 */
export function prebuiltArtifactName(taskId: string): string {
  return `handoff-build-${taskId}`;
}
const SITE_FOLDER = 'site';

/** Writes a build into `folder` (emptied first) for another job to deploy. */
export async function writePrebuiltTree(folder: string, report: DeployBuildReport, builtDir: string | undefined): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.join(folder, SITE_FOLDER), { recursive: true });
  if (builtDir && !report.error) await cp(builtDir, path.join(folder, SITE_FOLDER), { recursive: true, verbatimSymlinks: true });
  // The build's own walk of its output (directory listings, hashes) is about files on this
  // machine: the job that deploys measures the copy it downloaded, so only the report travels.
  const { measuredTree: _measuredHere, ...portable } = report;
  await writeFile(path.join(folder, REPORT_FILE), JSON.stringify(portable));
}

/** Reads a folder writePrebuiltTree wrote; a missing or unreadable one is an error in words. */
export async function readPrebuiltTree(folder: string): Promise<PrebuiltTree | { error: string }> {
  let report: DeployBuildReport;
  try {
    report = JSON.parse(await readFile(path.join(folder, REPORT_FILE), 'utf8')) as DeployBuildReport;
  } catch (error) {
    return { error: `no build to deploy in ${folder} (${REPORT_FILE}: ${error instanceof Error ? error.message : String(error)}); did the build job run and upload it?` };
  }
  if (typeof report !== 'object' || report === null || typeof report.outputs !== 'object' || typeof report.log !== 'string') {
    return { error: `${path.join(folder, REPORT_FILE)} is not a build report` };
  }
  return { siteDir: path.join(folder, SITE_FOLDER), report };
}

/**
 * Why a prebuilt tree must not be deployed, or undefined: its files must be the ones the build
 * reported (`tree_digest`) and, when a reviewer saw a plan, the ones that plan was made from.
 */
export async function prebuiltTreeMismatch(prebuilt: PrebuiltTree, reviewedDigest: string | undefined): Promise<string | undefined> {
  const recorded = prebuilt.report.outputs.tree_digest;
  if (typeof recorded !== 'string') return 'the build recorded no tree digest';
  const actual = await treeDigest(prebuilt.siteDir).catch((error: unknown) => `unreadable (${error instanceof Error ? error.message : String(error)})`);
  if (actual !== recorded) return `the tree to deploy has digest ${actual}, but the build recorded ${recorded}`;
  if (reviewedDigest !== undefined && reviewedDigest !== actual) return `the tree to deploy has digest ${actual}, but the reviewer approved the plan of ${reviewedDigest}`;
  return undefined;
}
