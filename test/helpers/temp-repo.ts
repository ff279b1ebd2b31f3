import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeTempDir, writeTree } from './temp-site.js';

const execFileAsync = promisify(execFile);
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HANDOFF_BIN = path.join(PROJECT_ROOT, 'bin', 'handoff.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json: () => any;
}

export interface TempRepo {
  root: string;
  /** Runs the real `handoff` binary in the repository (a fresh node process, as a user would). */
  handoff(args: readonly string[], options?: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<CliRun>;
  write(files: Record<string, string>): Promise<void>;
  read(relative: string): Promise<string>;
  /** Every file under the repository (but .git) with its size and mtime, to prove nothing else changed. */
  snapshot(): Promise<Map<string, string>>;
  remove(): Promise<void>;
}

export const MINIMAL_SITE: Record<string, string> = {
  'site/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "Test site"\ndisableKinds = ["taxonomy", "term"]\n',
  'site/layouts/_default/single.html': '<h1>{{ .Title }}</h1>{{ .Content }}\n',
  'site/layouts/_default/list.html': '<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n',
  'site/layouts/index.html': '<h1>{{ .Site.Title }}</h1>{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n',
  'site/content/posts/first.md': '---\ntitle: First\ndate: 2026-01-02\n---\nHello.\n',
  'site/content/posts/second.md': '---\ntitle: Second\ndate: 2026-01-03\n---\nSee [first](/posts/first/).\n',
};

/**
 * A throwaway orchestration repository: git initialised, the project's templates, the task and
 * result folders, a handoff.yml, and a tiny Hugo site in site/ (or whatever files are given).
 */
export async function makeTempRepo(files: Record<string, string> = MINIMAL_SITE, options: { git?: boolean } = {}): Promise<TempRepo> {
  const dir = await makeTempDir('handoff-repo');
  const root = dir.path;
  await cp(path.join(PROJECT_ROOT, 'templates'), path.join(root, 'templates'), { recursive: true });
  await writeTree(root, {
    'handoff.yml': 'site_path: site\nenvironments:\n  dev:\n    base_url: http://localhost:1313/\n  staging:\n    base_url: https://staging.example.org/\n  production:\n    base_url: https://www.example.org/\n',
    'tasks/pending/.gitkeep': '',
    'tasks/in-progress/.gitkeep': '',
    'tasks/completed/.gitkeep': '',
    'tasks/failed/.gitkeep': '',
    'results/latest/.gitkeep': '',
    ...files,
  });
  if (options.git !== false) {
    const git = (...args: string[]) => execFileAsync('git', args, { cwd: root });
    await git('init', '-q', '-b', 'main');
    await git('-c', 'user.name=test', '-c', 'user.email=test@example.org', 'add', '-A');
    await git('-c', 'user.name=test', '-c', 'user.email=test@example.org', 'commit', '-qm', 'initial');
  }
  return {
    root,
    async handoff(args, runOptions = {}) {
      try {
        const { stdout, stderr } = await execFileAsync(process.execPath, [HANDOFF_BIN, ...args], {
          cwd: runOptions.cwd ?? root,
          env: runOptions.env ?? process.env,
          maxBuffer: 64 * 1024 * 1024,
        });
        return { code: 0, stdout, stderr, json: () => JSON.parse(stdout) };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        const stdout = failed.stdout ?? '';
        return { code: typeof failed.code === 'number' ? failed.code : -1, stdout, stderr: failed.stderr ?? '', json: () => JSON.parse(stdout) };
      }
    },
    write: (more) => writeTree(root, more),
    read: (relative) => readFile(path.join(root, relative), 'utf8'),
    async snapshot() {
      const entries = new Map<string, string>();
      const walk = async (dirPath: string): Promise<void> => {
        for (const entry of await readdir(dirPath, { withFileTypes: true })) {
          if (entry.name === '.git') continue;
          const full = path.join(dirPath, entry.name);
          if (entry.isDirectory()) await walk(full);
          else {
            // lstat: a symlink's own time; its target (say /tmp) changes whenever a parallel test makes a temp folder.
            const info = await lstat(full).catch(() => undefined);
            const content = entry.isFile() ? await readFile(full) : Buffer.alloc(0);
            const digest = createHash('sha256').update(content).digest('hex');
            entries.set(path.relative(root, full), `${entry.isSymbolicLink() ? 'link' : 'file'}:${digest}:${info?.mtimeMs ?? ''}`);
          }
        }
      };
      await walk(root);
      return entries;
    },
    remove: dir.remove,
  };
}
