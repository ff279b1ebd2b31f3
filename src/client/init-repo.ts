import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE } from '../config/load-config.js';
import { pathExists } from '../files/path-exists.js';
import { choosePin, findHugoVersionNeeds, type HugoPin } from '../hugo/required-version.js';
import { readSiteVersionFiles } from '../hugo/site-version-files.js';
import { TASK_STATES, taskFolder } from '../lifecycle/task-folders.js';
import { LATEST_DIR, RESULTS_DIR } from '../result/result-paths.js';
import { HUGO_CONFIG_FILES, readSiteConfigFacts, type SiteConfigFacts } from '../hugo/site-config.js';
import { AgentError } from '../errors/agent-error.js';
import { mergeMissingKeys } from '../config/merge-config.js';

export type InitAction = 'created' | 'skipped' | 'overwritten' | 'updated' | 'unavailable';

export interface InitFile {
  path: string;
  action: InitAction;
  note?: string;
}

export interface InitOutcome {
  ok: true;
  site_path: string;
  /** The Hugo release the site needs and why (handoff.yml's hugo_version when init wrote it). */
  hugo_version: HugoPin;
  files: InitFile[];
}

/**
 * The reusable workflow holding the jobs with credentials. With --actions the site calls handoff's
 * own copy, pinned, and gets none; without, it gets this copy (and its actions in ./actions/).
 */
export const DEPLOY_WORKFLOW = 'deploy.yml';

/**
 * The workflows init installs: the task system, dev deploys with branch previews (and the per-site
 * workflow they call), and the deploy jobs (without --actions).
 */
export const SHIPPED_WORKFLOWS = ['tasks.yml', 'dev-deploy.yml', 'dev-deploy-site.yml', DEPLOY_WORKFLOW] as const;

/** Folders that hold build output, dependencies or themes, never the site itself. */
const NOT_A_SITE = new Set(['.git', 'node_modules', 'public', 'resources', 'themes', '.handoff', 'tasks', 'results', 'templates']);

/**
 * Finds the Hugo site in a repository: its root, else the shallowest folder (two levels at most)
 * holding a Hugo config file. The answer becomes handoff.yml's site_path.
 */
export async function findHugoSite(root: string): Promise<string | undefined> {
  let level = ['.'];
  for (let depth = 0; depth <= 2 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level.sort()) {
      const entries = await readdir(path.join(root, folder), { withFileTypes: true }).catch(() => []);
      if (entries.some((entry) => entry.isFile() && HUGO_CONFIG_FILES.includes(entry.name))) return folder;
      for (const entry of entries) if (entry.isDirectory() && !NOT_A_SITE.has(entry.name) && !entry.name.startsWith('.')) next.push(path.posix.join(folder, entry.name));
    }
    level = next;
  }
  return undefined;
}

/**
 * The Hugo release the site needs (its themes' and modules' min_version, module.hugoVersion,
 * netlify.toml, .hugo-version, .tool-versions, mise), for handoff.yml's hugo_version: the
 * workflow installs it and local runs refuse another.
 */
export async function hugoPinFor(root: string, sitePath: string, localHugoVersion?: string | null): Promise<HugoPin> {
  return choosePin(findHugoVersionNeeds(await readSiteVersionFiles(root, sitePath)), { local: localHugoVersion ?? null });
}

/** handoff.yml's hugo_version line, saying where the version came from. */
export function hugoVersionLine(pin: HugoPin): string {
  return `hugo_version: ${pin.version}  # ${pin.reason.replace(/\s+/g, ' ')}`;
}

/** handoff.yml as init proposes it, with the Hugo pin and what the site's own config says filled in. */
export function configText(sitePath: string, hugoPin: HugoPin, site: SiteConfigFacts | undefined): string {
  const productionUrl = site?.baseURL ?? 'https://www.example.com/';
  const productionNote = site?.baseURL ? `    # From the site's ${site.file} (baseURL).\n` : '';
  const languages = site && site.languages.length > 1
    ? `\n# The site's languages (${site.file}): ${site.languages.join(', ')}. Hugo builds them all into one tree,\n# so each deploy carries every language.\n`
    : '';
  return `# handoff configuration: settings per environment that do not change per task.
# Nothing secret belongs here: AWS credentials come from the standard chain (OIDC on GitHub,
# a profile or environment variables locally). Replace the example values before deploying.

# Default params.site_path for \`handoff new\` (found by handoff init).
site_path: ${sitePath}
requested_by: claude-code
# The Hugo release the GitHub workflow installs (actions/setup-hugo); local runs refuse another
# (\`handoff run --allow-hugo-mismatch\` builds anyway). Found by handoff init:
${hugoVersionLine(hugoPin)}

environments:
  dev:
    base_url: http://localhost:1313/
    # Dev deploys (.github/workflows/dev-deploy.yml) start once the dev bucket and role are set:
    # bucket: my-site-dev
    # region: eu-west-1
    # distribution_id: E1EXAMPLE
    # role_arn: arn:aws:iam::123456789012:role/handoff-dev
  staging:
    base_url: https://staging.example.com/
    # bucket: my-site-staging
    # region: eu-west-1
    # distribution_id: E2EXAMPLE
    # role_arn: arn:aws:iam::123456789012:role/handoff-staging
  production:
${productionNote}    base_url: ${productionUrl}
    # bucket: my-site-production
    # region: eu-west-1
    # distribution_id: E3EXAMPLE
    # role_arn: arn:aws:iam::123456789012:role/handoff-production

# Branch previews: each branch matching previews.branches deploys to <prefix><slug>/ in the dev bucket.
# previews:
#   prefix: previews/
#   base_url: https://dev.example.com/previews/{slug}/
#   branches: ['claude/**']
#   max_age_days: 14
${languages}`;
}

/**
 * Adds handoff to an existing Hugo repository: the workflow, the templates, the task and result
 * folders, handoff.yml and the agent guide. A file that is there already is kept unless `force`,
 * because it may hold the user's own settings; every file is reported, so the user sees what
 * changed. The shipped files come from the handoff package itself.
 */
export async function initRepository(options: { root: string; force: boolean; packageRoot: string; actionsRepository?: string; localHugoVersion?: string | null }): Promise<InitOutcome> {
  const { root, force } = options;
  if (options.actionsRepository !== undefined && /^owner\/repo(@|$)/i.test(options.actionsRepository)) {
    throw new AgentError('usage', `--actions: expected the repository you take handoff's actions from (e.g. your-org/handoff@v1); found the placeholder "${options.actionsRepository}"`);
  }
  const sitePath = await findHugoSite(root);
  if (!sitePath) {
    throw new AgentError('refused', `no Hugo site in ${root}: expected ${HUGO_CONFIG_FILES.slice(0, 2).join(' or ')} (or config.toml) at the root or in a folder up to two levels down`);
  }
  const files: InitFile[] = [];
  const place = async (relative: string, write: (target: string) => Promise<void>): Promise<void> => {
    const target = path.join(root, relative);
    const existed = await pathExists(target);
    if (existed && !force) return void files.push({ path: relative, action: 'skipped', note: 'already there (--force replaces it)' });
    await mkdir(path.dirname(target), { recursive: true });
    await write(target);
    files.push({ path: relative, action: existed ? 'overwritten' : 'created' });
  };
  const copyShipped = async (relative: string, from = relative): Promise<void> => {
    const source = path.join(options.packageRoot, from);
    if (!(await pathExists(source))) return void files.push({ path: relative, action: 'unavailable', note: `not shipped with this handoff (${from} is missing from ${options.packageRoot})` });
    await place(relative, (target) => copyFile(source, target));
  };

  const vendoredActions = new Set<string>();
  for (const workflowName of SHIPPED_WORKFLOWS) {
    // The caller runs handoff's pinned deploy.yml: a copy here would only be one the push can change.
    if (options.actionsRepository && workflowName === DEPLOY_WORKFLOW) continue;
    const workflowPath = `.github/workflows/${workflowName}`;
    const workflowSource = path.join(options.packageRoot, workflowPath);
    if (!(await pathExists(workflowSource))) {
      files.push({ path: workflowPath, action: 'unavailable', note: `not shipped with this handoff (${workflowPath} is missing from ${options.packageRoot})` });
      continue;
    }
    const workflow = await readFile(workflowSource, 'utf8');
    const actionsRepository = options.actionsRepository;
    await place(workflowPath, (target) => writeFile(target, actionsRepository ? pointActionsAt(workflow, actionsRepository) : workflow));
    if (!actionsRepository) for (const name of actionNames(workflow)) vendoredActions.add(name);
  }
  // The workflows call ./actions/<name>: ship those actions (action.yml and the committed bundle;
  // a composite action such as setup-hugo has no bundle) into the repository, so they run as they
  // are, under act too, with no other repository to trust.
  for (const name of [...vendoredActions].sort()) {
    await copyShipped(path.posix.join('actions', name, 'action.yml'));
    if (!(await pathExists(path.join(options.packageRoot, 'actions', name, 'dist')))) continue;
    for (const file of ['dist/index.js', 'dist/package.json']) await copyShipped(path.posix.join('actions', name, file));
    const chunks = (await readdir(path.join(options.packageRoot, 'actions', name, 'dist')).catch(() => [] as string[])).filter((entry) => /^\d+\.index\.js$/.test(entry));
    for (const chunk of chunks.sort()) await copyShipped(path.posix.join('actions', name, 'dist', chunk));
  }
  const templates = (await readdir(path.join(options.packageRoot, 'templates')).catch(() => [] as string[])).filter((name) => name.endsWith('.md')).sort();
  for (const name of templates) await copyShipped(path.posix.join('templates', name));
  for (const state of TASK_STATES) await place(path.posix.join(taskFolder(state), '.gitkeep'), (target) => writeFile(target, ''));
  await place(path.posix.join(RESULTS_DIR, LATEST_DIR, '.gitkeep'), (target) => writeFile(target, ''));
  const hugoPin = await hugoPinFor(root, sitePath, options.localHugoVersion);
  files.push(await writeConfig(root, configText(sitePath, hugoPin, await readSiteConfigFacts(path.join(root, sitePath)))));
  await copyShipped('docs/agent-guide.md');
  files.push(await wireMcpServer(root, force));
  files.push(await addClaudeSection(root, options.packageRoot));
  files.push(await ignoreHandoffFolder(root));
  return { ok: true, site_path: sitePath, hugo_version: hugoPin, files };
}

/**
 * handoff.yml is the user's file, never replaced (not even with --force): a new one is written
 * whole; into an existing one the keys it lacks are added with their comments, and every value
 * already there stays as it is.
 */
async function writeConfig(root: string, proposed: string): Promise<InitFile> {
  const target = path.join(root, CONFIG_FILE);
  if (!(await pathExists(target))) {
    await writeFile(target, proposed);
    return { path: CONFIG_FILE, action: 'created' };
  }
  const merged = mergeMissingKeys(await readFile(target, 'utf8'), proposed);
  if (!merged.ok) return { path: CONFIG_FILE, action: 'skipped', note: `${merged.problem}; nothing added` };
  if (merged.added.length === 0) return { path: CONFIG_FILE, action: 'skipped', note: 'has every key init proposes; your values kept' };
  await writeFile(target, merged.text);
  return { path: CONFIG_FILE, action: 'updated', note: `added ${merged.added.join(', ')}; your values kept` };
}

/** Claude Code's project-scoped MCP configuration, versioned with the repository. */
export const MCP_CONFIG_FILE = '.mcp.json';
/**
 * The server entry init writes: the handoff installed in the repository's node_modules, started
 * by Claude Code in the repository's folder. The same command as the README's `claude mcp add`
 * line, so the two scopes never disagree. npx runs the local `handoff` bin; were it missing, npx
 * (with no terminal to ask on) refuses to fetch the unrelated registry package of that name.
 */
export const MCP_SERVER_ENTRY = { command: 'npx', args: ['handoff', 'mcp'] } as const;

/**
 * Adds the handoff server to .mcp.json, keeping the servers already there. An entry named
 * `handoff` is the user's and is kept unless `force`.
 */
async function wireMcpServer(root: string, force: boolean): Promise<InitFile> {
  const target = path.join(root, MCP_CONFIG_FILE);
  const existing = (await pathExists(target)) ? await readFile(target, 'utf8') : undefined;
  let config: { mcpServers?: Record<string, unknown> } & Record<string, unknown> = {};
  if (existing !== undefined) {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      config = parsed as typeof config;
    } catch (error) {
      return { path: MCP_CONFIG_FILE, action: 'skipped', note: `not valid JSON (${(error as Error).message}); add the server by hand: "handoff": ${JSON.stringify(MCP_SERVER_ENTRY)}` };
    }
  }
  const servers = typeof config.mcpServers === 'object' && config.mcpServers !== null ? config.mcpServers : {};
  const had = Object.hasOwn(servers, 'handoff');
  if (had && !force) return { path: MCP_CONFIG_FILE, action: 'skipped', note: 'already has a "handoff" server (--force replaces it)' };
  config.mcpServers = { ...servers, handoff: MCP_SERVER_ENTRY };
  await writeFile(target, `${JSON.stringify(config, null, 2)}\n`);
  return { path: MCP_CONFIG_FILE, action: existing === undefined ? 'created' : had ? 'overwritten' : 'updated', ...(existing !== undefined && !had ? { note: 'added the "handoff" server' } : {}) };
}

/** CLAUDE.md gets handoff's section once: created, or appended when its heading is not there yet. */
async function addClaudeSection(root: string, packageRoot: string): Promise<InitFile> {
  const relative = 'CLAUDE.md';
  const source = path.join(packageRoot, 'docs', 'claude-md-section.md');
  if (!(await pathExists(source))) return { path: relative, action: 'unavailable', note: `not shipped with this handoff (docs/claude-md-section.md is missing from ${packageRoot})` };
  const section = await readFile(source, 'utf8');
  const heading = section.split('\n').find((line) => line.startsWith('## ')) ?? section.split('\n')[0] ?? '';
  const target = path.join(root, relative);
  if (!(await pathExists(target))) {
    await writeFile(target, section);
    return { path: relative, action: 'created' };
  }
  const current = await readFile(target, 'utf8');
  if (current.split(/\r?\n/).some((line) => line.trim() === heading.trim())) return { path: relative, action: 'skipped', note: 'already has the handoff section' };
  await writeFile(target, `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${current === '' ? '' : '\n'}${section}`);
  return { path: relative, action: 'updated', note: 'appended the handoff section' };
}

/** handoff's own folder (build output, the local S3 server's objects) is never committed. */
export const HANDOFF_WORK_FOLDER = '.handoff/';

/** What .gitignore must hold for a repository with handoff installed from npm: its work folder and the packages. */
const IGNORED_ENTRIES = [
  { entry: HANDOFF_WORK_FOLDER, comment: "# handoff: local build output and the local S3 server's objects" },
  { entry: 'node_modules/', comment: '# npm packages (handoff is installed with npm i -D hugo-handoff)' },
];

async function ignoreHandoffFolder(root: string): Promise<InitFile> {
  const relative = '.gitignore';
  const target = path.join(root, relative);
  const current = (await pathExists(target)) ? await readFile(target, 'utf8') : undefined;
  const lines = new Set((current ?? '').split(/\r?\n/).map((line) => line.trim().replace(/^\//, '').replace(/\/$/, '')));
  const missing = IGNORED_ENTRIES.filter(({ entry }) => !lines.has(entry.replace(/\/$/, '')));
  if (missing.length === 0) return { path: relative, action: 'skipped', note: `already ignores ${IGNORED_ENTRIES.map(({ entry }) => entry).join(' and ')}` };
  const text = missing.map(({ entry, comment }) => `${comment}\n${entry}\n`).join('');
  if (current === undefined) {
    await writeFile(target, text);
    return { path: relative, action: 'created' };
  }
  await writeFile(target, `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${text}`);
  return { path: relative, action: 'updated', note: `ignores ${missing.map(({ entry }) => entry).join(' and ')}` };
}

/**
 * The local actions a workflow uses: `uses: ./actions/<name>`, and in deploy.yml
 * `./.handoff/handoff-actions/actions/<name>` (the actions of deploy.yml's own repository and commit).
 */
export function actionNames(workflow: string): string[] {
  return [...new Set([...workflow.matchAll(/uses:\s*\.\/(?:\.handoff\/handoff-actions\/)?actions\/([a-z0-9-]+)/g)].map((match) => match[1] ?? ''))].filter(Boolean).sort();
}

/**
 * `--actions owner/repo@ref`: `uses: ./actions/<name>` becomes `uses: <owner/repo>/actions/<name>@<ref>`,
 * and the call of the deploy workflow `uses: <owner/repo>/.github/workflows/deploy.yml@<ref>`, so the
 * jobs with credentials run handoff's workflow and actions as published at that ref.
 */
export function pointActionsAt(workflow: string, repository: string): string {
  const [name, ref = 'v1'] = repository.split('@');
  return workflow
    .replace(/uses:\s*\.\/actions\/([a-z0-9-]+)/g, (_whole, action: string) => `uses: ${name}/actions/${action}@${ref}`)
    // Only the deploy workflow: dev-deploy-site.yml stays the site's own copy (its ./actions calls
    // are pointed above), since a called workflow's ./actions resolve in the caller's checkout.
    .replace(/uses:\s*\.\/\.github\/workflows\/deploy\.yml/g, `uses: ${name}/.github/workflows/${DEPLOY_WORKFLOW}@${ref}`);
}
