import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../helpers/temp-repo.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const execFileAsync = promisify(execFile);

export const REPOSITORY = 'acme/handoff-site';
const IDENTITY = ['-c', 'user.name=Agent', '-c', 'user.email=agent@example.org', '-c', 'commit.gpgsign=false'];

/** A git command in a folder; rejects with git's stderr. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', [...IDENTITY, ...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

export interface Clone {
  dir: string;
  git(...args: string[]): Promise<string>;
  write(files: Record<string, string>): Promise<void>;
  /** Commits everything and pushes; returns the push's before and after, as a push event has them. */
  commitAndPush(message: string, branch?: string): Promise<{ before: string; after: string }>;
}

export interface Remote {
  /** The bare repository: the stand-in for GitHub. */
  bare: string;
  root: string;
  /** A fresh clone, as actions/checkout makes one (full history). */
  clone(name: string, options?: { ref?: string }): Promise<Clone>;
  remove(): Promise<void>;
}

/** A temp folder holding a bare remote seeded with `files` on `main`. */
export async function makeRemote(files: Record<string, string>): Promise<Remote> {
  const temp = await makeTempDir('handoff-actions');
  const bare = path.join(temp.path, 'remote.git');
  await mkdir(bare);
  await git(bare, 'init', '-q', '--bare', '-b', 'main');
  // GitHub serves any commit by id; a plain bare repository needs telling.
  await git(bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  const seed = path.join(temp.path, 'seed');
  await mkdir(seed);
  await git(seed, 'init', '-q', '-b', 'main');
  await writeTree(seed, files);
  await git(seed, 'add', '-A');
  await git(seed, 'commit', '-qm', 'initial');
  await git(seed, 'remote', 'add', 'origin', bare);
  await git(seed, 'push', '-q', 'origin', 'main');
  return {
    bare,
    root: temp.path,
    async clone(name, options = {}) {
      const dir = path.join(temp.path, name);
      await git(temp.path, 'clone', '-q', bare, dir);
      if (options.ref) await git(dir, 'checkout', '-q', options.ref);
      return cloneAt(dir);
    },
    remove: temp.remove,
  };
}

function cloneAt(dir: string): Clone {
  return {
    dir,
    git: (...args) => git(dir, ...args),
    write: (files) => writeTree(dir, files),
    async commitAndPush(message, branch = 'main') {
      const before = await git(dir, 'rev-parse', `refs/remotes/origin/${branch}`).catch(() => '0'.repeat(40));
      await git(dir, 'add', '-A');
      await git(dir, 'commit', '-qm', message);
      await git(dir, 'push', '-q', 'origin', `HEAD:refs/heads/${branch}`);
      const after = await git(dir, 'rev-parse', 'HEAD');
      return { before, after };
    },
  };
}

/** A push event payload shaped like the one GitHub writes to GITHUB_EVENT_PATH. */
export function pushEvent(range: { before: string; after: string }, options: { branch?: string; forced?: boolean; created?: boolean } = {}): unknown {
  const branch = options.branch ?? 'main';
  const [owner, name] = REPOSITORY.split('/');
  return {
    ref: `refs/heads/${branch}`,
    before: range.before,
    after: range.after,
    base_ref: null,
    created: options.created ?? /^0+$/.test(range.before),
    deleted: false,
    forced: options.forced ?? false,
    compare: `https://github.com/${REPOSITORY}/compare/${range.before.slice(0, 12)}...${range.after.slice(0, 12)}`,
    commits: [{ id: range.after, message: 'Add tasks', distinct: true, added: [], removed: [], modified: [] }],
    head_commit: { id: range.after, message: 'Add tasks' },
    repository: { name, full_name: REPOSITORY, owner: { login: owner, name: owner }, default_branch: 'main' },
    pusher: { name: 'agent', email: 'agent@example.org' },
    sender: { login: 'agent', type: 'User' },
  };
}

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  durationMs: number;
}

export interface ActionOptions {
  workspace: string;
  inputs?: Record<string, string>;
  eventName?: string;
  event?: unknown;
  /** More variables (GITHUB_API_URL, AWS_*); nothing else leaks in from the test's own environment. */
  env?: Record<string, string>;
  runId?: string;
}

/**
 * Runs a bundled action the way the runner does: `node actions/<name>/dist/index.js`, inputs as
 * INPUT_<NAME> (upper case, spaces to _, dashes kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
 * files created first, the event JSON in GITHUB_EVENT_PATH. The environment is built from
 * scratch, so a test run inside GitHub Actions cannot leak the real job's variables in.
 */
export async function runAction(name: string, options: ActionOptions): Promise<ActionRun> {
  const files = await makeTempDir(`handoff-runner-${name}`);
  try {
    const file = (base: string) => path.join(files.path, base);
    await Promise.all(['output', 'summary', 'env', 'state', 'path'].map((base) => writeFile(file(base), '')));
    await writeFile(file('event.json'), JSON.stringify(options.event ?? {}));
    const runId = options.runId ?? String(1000 + Math.floor(Math.random() * 1e6));
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: files.path,
      LANG: 'C.UTF-8',
      TMPDIR: files.path,
      GIT_CONFIG_NOSYSTEM: '1',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_REPOSITORY_OWNER: REPOSITORY.split('/')[0] ?? '',
      GITHUB_EVENT_NAME: options.eventName ?? 'push',
      GITHUB_EVENT_PATH: file('event.json'),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: '',
      GITHUB_RUN_ID: runId,
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'http://127.0.0.1:9/unreachable',
      GITHUB_OUTPUT: file('output'),
      GITHUB_STEP_SUMMARY: file('summary'),
      GITHUB_ENV: file('env'),
      GITHUB_STATE: file('state'),
      GITHUB_PATH: file('path'),
      RUNNER_TEMP: files.path,
      ...options.env,
    };
    for (const [input, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value;
    const bundle = path.join(PROJECT_ROOT, 'actions', name, 'dist', 'index.js');
    const started = performance.now();
    let code = 0;
    let stdout = '';
    let stderr = '';
    try {
      ({ stdout, stderr } = await execFileAsync(process.execPath, [bundle], { cwd: options.workspace, env, maxBuffer: 64 * 1024 * 1024 }));
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      code = typeof failed.code === 'number' ? failed.code : -1;
      stdout = failed.stdout ?? '';
      stderr = failed.stderr ?? '';
    }
    const durationMs = performance.now() - started;
    return {
      code,
      stdout,
      stderr,
      outputs: parseOutputFile(await readFile(file('output'), 'utf8')),
      summary: await readFile(file('summary'), 'utf8'),
      durationMs,
    };
  } finally {
    await files.remove();
  }
}

/** Reads the `name<<delimiter … delimiter` records @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const heredoc = /^([^<=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key = '', delimiter = ''] = heredoc;
      const value: string[] = [];
      while (++index < lines.length && lines[index] !== delimiter) value.push(lines[index] ?? '');
      outputs[key] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** Files of the branch head on the remote, by path: what a fresh clone would see. */
export async function remoteFiles(bare: string, prefix: string, branch = 'main'): Promise<string[]> {
  const listed = await git(bare, 'ls-tree', '-r', '--name-only', branch, '--', prefix);
  return listed.split('\n').filter(Boolean).sort();
}

export async function remoteFile(bare: string, file: string, branch = 'main'): Promise<string> {
  return git(bare, 'show', `${branch}:${file}`);
}

export const SITE: Record<string, string> = {
  'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "Test site"\ndisableKinds = ["taxonomy", "term"]\n',
  'site/layouts/_default/single.html': '<h1>{{ .Title }}</h1>{{ .Content }}\n',
  'site/layouts/_default/list.html': '<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n',
  'site/layouts/index.html': '<h1>{{ .Site.Title }}</h1>{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n',
  'site/content/posts/first.md': '---\ntitle: First\ndate: 2026-01-02\n---\nHello.\n',
};

/** An orchestration repository: handoff.yml, the task folders, a tiny site. */
export function orchestrationRepo(config = DEFAULT_CONFIG, more: Record<string, string> = {}): Record<string, string> {
  return {
    'handoff.yml': config,
    'tasks/pending/.gitkeep': '',
    'tasks/in-progress/.gitkeep': '',
    'tasks/completed/.gitkeep': '',
    'tasks/failed/.gitkeep': '',
    'results/latest/.gitkeep': '',
    '.gitignore': '.handoff/\n',
    ...SITE,
    ...more,
  };
}

export const DEFAULT_CONFIG = [
  'site_path: site',
  'environments:',
  '  staging:',
  '    base_url: https://staging.example.org/',
  '    role_arn: arn:aws:iam::123456789012:role/handoff-staging',
  '    region: eu-west-1',
  '  production:',
  '    base_url: https://www.example.org/',
  '    role_arn: arn:aws:iam::123456789012:role/handoff-production',
  '    region: eu-west-1',
  '',
].join('\n');

/** A valid hugo-build task file named for its id. */
export function buildTask(brief: string, options: { environment?: string; minute?: number } = {}): [string, string] {
  const minute = String(options.minute ?? 30).padStart(2, '0');
  const id = `2026-01-19-14${minute}-hugo-build-${brief}`;
  const text = [
    '---',
    `id: "${id}"`,
    'type: hugo-build',
    `environment: ${options.environment ?? 'staging'}`,
    `description: "Build the site (${brief})"`,
    `created: "2026-01-19T14:${minute}:00Z"`,
    'requested_by: claude-code',
    'params:',
    '  site_path: "site"',
    'expected_outputs: [build_success, errors, file_count]',
    'success_criteria:',
    '  - build_success == true',
    '  - errors == []',
    '  - file_count > 2',
    '---',
    '',
    `Build for ${brief}.`,
    '',
  ].join('\n');
  return [`tasks/pending/${id}.md`, text];
}

/** A production deploy task; `confirmation: false` leaves the typed confirmation out. */
export function productionDeployTask(brief: string, options: { confirmation?: boolean } = {}): [string, string] {
  const id = `2026-01-19-1500-hugo-deploy-${brief}`;
  const text = [
    '---',
    `id: "${id}"`,
    'type: hugo-deploy',
    'environment: production',
    `description: "Deploy ${brief} to production"`,
    'created: "2026-01-19T15:00:00Z"',
    'requested_by: claude-code',
    'params:',
    '  site_path: "site"',
    ...(options.confirmation === false ? [] : ['confirmation: "DEPLOY TO PRODUCTION"']),
    'changes_summary: "New pricing page; fixed footer links"',
    'staging_url: "https://staging.example.org/"',
    '---',
    '',
    'Ship it.',
    '',
  ].join('\n');
  return [`tasks/pending/${id}.md`, text];
}
