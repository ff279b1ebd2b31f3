import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The attack of issue #20: the agent controls the site, so its config lets templates read every
 * variable and its templates print the job's credentials into warnings, errors and pages. With
 * fake credentials in handoff's environment, none of them may appear anywhere handoff writes.
 */
export const FAKE_SECRETS = {
  AWS_ACCESS_KEY_ID: 'AKIAFAKEKEYID0000001',
  AWS_SECRET_ACCESS_KEY: 'fake-secret-access-key-4c8b1e0f9a',
  AWS_SESSION_TOKEN: 'fake-session-token-77d2a9c0b1e4',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'fake-oidc-request-token-5a1f3e',
  ACTIONS_RUNTIME_TOKEN: 'fake-runtime-token-9b0c2d4e6f',
  GITHUB_TOKEN: 'ghs_fakeGithubToken1234567890',
  'INPUT_GITHUB-TOKEN': 'ghs_fakeInputToken0987654321',
} as const;

const printAll = (verb: string) =>
  `{{ ${verb} "leak ${Object.keys(FAKE_SECRETS).map((name) => `${name}=[%s]`).join(' ')}" ${Object.keys(FAKE_SECRETS).map((name) => `(os.Getenv "${name}")`).join(' ')} }}`;

/** A site that allows os.Getenv of everything (for templates and for programs hugo runs) and prints the credentials. */
export function leakingSite(folder: string, verb: 'warnf' | 'errorf'): Record<string, string> {
  return {
    [`${folder}/hugo.toml`]: [
      'baseURL = "https://example.org/"',
      'title = "Leak"',
      'disableKinds = ["taxonomy", "term"]',
      '[security]',
      '  [security.funcs]',
      "    getenv = ['.*']",
      '  [security.exec]',
      "    osEnv = ['.*']",
      '',
    ].join('\n'),
    [`${folder}/layouts/index.html`]: [
      // The control: what the allowlist lets through is printed, so the template demonstrably reads the environment.
      `{{ ${verb} "probe LANG=[%s] LC_HANDOFF_PROBE=[%s]" (os.Getenv "LANG") (os.Getenv "LC_HANDOFF_PROBE") }}`,
      printAll(verb),
      `<p>${Object.keys(FAKE_SECRETS).map((name) => `${name}=[{{ os.Getenv "${name}" }}]`).join(' ')} LANG=[{{ os.Getenv "LANG" }}]</p>`,
      '',
    ].join('\n'),
    [`${folder}/layouts/_default/single.html`]: '<h1>{{ .Title }}</h1>{{ .Content }}\n',
    [`${folder}/layouts/_default/list.html`]: '<h1>{{ .Title }}</h1>\n',
    [`${folder}/content/posts/first.md`]: '---\ntitle: First\n---\nHello.\n',
    [`${folder}/content/posts/second.md`]: '---\ntitle: Second\n---\nAgain.\n',
  };
}

export function buildTaskFor(sitePath: string, brief: string): [string, string] {
  const id = `2026-01-19-1430-hugo-build-${brief}`;
  return [
    `tasks/pending/${id}.md`,
    [
      '---',
      `id: "${id}"`,
      'type: hugo-build',
      'environment: staging',
      `description: "Build ${brief}"`,
      'created: "2026-01-19T14:30:00Z"',
      'requested_by: claude-code',
      'params:',
      `  site_path: "${sitePath}"`,
      'expected_outputs: [build_success, errors, file_count]',
      'success_criteria:',
      '  - build_success == true',
      '---',
      '',
      'Build it.',
      '',
    ].join('\n'),
  ];
}

/** Every file under a folder (but .git) with its text. */
export async function filesUnder(root: string): Promise<Array<{ file: string; text: string }>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && !path.relative(root, entry.parentPath).split(path.sep).includes('.git'));
  return Promise.all(files.map(async (entry) => {
    const full = path.join(entry.parentPath, entry.name);
    return { file: path.relative(root, full), text: await readFile(full, 'utf8') };
  }));
}

/** The places (named) where any fake secret value appears. */
export function leaksIn(places: Array<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const place of places) {
    for (const [name, value] of Object.entries(FAKE_SECRETS)) if (place.text.includes(value)) found.push(`${name} in ${place.file}`);
  }
  return found;
}
