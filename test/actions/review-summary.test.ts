import { describe, expect, it } from 'vitest';
import type { DeployReport } from '../../src/deploy/deploy.js';
import { PRODUCTION_CONFIRMATION } from '../../src/primitives/task-types.js';
import { markdownText } from '../../src/workflow/markdown-text.js';
import { reviewSummary } from '../../src/workflow/review-summary.js';
import { validTask } from '../helpers/valid-task.js';

const COMMIT = 'a'.repeat(40);
const PREVIOUS = 'b'.repeat(40);

function report(plan: NonNullable<DeployReport['plan']>): DeployReport {
  return {
    outputs: {} as DeployReport['outputs'],
    summary: 'dry run',
    dryRun: true,
    plan,
    invalidation: { status: 'planned', id: null, paths: ['/posts/*', '/'], reason: 'dry run' },
    liveCheck: null,
    ignored: [],
    warnings: [],
  };
}

describe('review summary', () => {
  const task = validTask({
    id: '2026-01-19-1500-hugo-deploy-x',
    type: 'hugo-deploy',
    environment: 'production',
    confirmation: PRODUCTION_CONFIRMATION,
    changes_summary: '@acme/everyone please approve\n<details open><summary>x</summary>\n![pixel](https://evil.example/p.png)',
    staging_url: 'https://staging.example.org/',
    params: { site_path: 'site' },
  });

  it('links the commit and the compare with the last production deploy, and escapes every agent- or build-chosen value', () => {
    const text = reviewSummary(
      [
        {
          task,
          commit: COMMIT,
          previousDeploy: { taskId: '2026-01-18-1000-hugo-deploy-prev', commit: PREVIOUS },
          report: report({ uploads: [{ key: 'posts/<img src=x>/index.html', reason: 'content-changed', bytes: 12 }], deletes: ['old|page.html'], skipped: 40, bytesToUpload: 12 }),
          error: undefined,
        },
      ],
      { serverUrl: 'https://github.com', name: 'acme/site' },
    );
    expect(text).toContain(`Commit to deploy: [\`${COMMIT.slice(0, 12)}\`](https://github.com/acme/site/commit/${COMMIT})`);
    expect(text).toContain(`(https://github.com/acme/site/compare/${PREVIOUS}...${COMMIT})`);
    expect(text).toContain('1 upload (12 bytes), 1 delete, 40 unchanged');
    expect(text).toContain('| posts/&lt;img src=x&gt;/index.html | content-changed | 12 |  |');
    expect(text).toContain('- old\\|page.html');
    expect(text).not.toMatch(/<details|<img|!\[pixel\]|@acme/);
    expect(text).toContain('> &#64;acme/everyone please approve');
  });

  it('shows which rule set which header of each upload, escaped (a pattern is text from the repository)', () => {
    const rules = {
      'Cache-Control': "public, max-age=60 ← handoff.yml headers[0] '**/*.html'",
      'Content-Encoding': "gzip ← hugo.toml:169 deployment.matchers[2] '^.+\\.(html|xml)$'",
    };
    const text = reviewSummary(
      [{ task, commit: COMMIT, previousDeploy: undefined, report: report({ uploads: [{ key: 'index.html', reason: 'headers-changed', bytes: 40, rules }], deletes: [], skipped: 3, bytesToUpload: 40 }), error: undefined }],
      { serverUrl: 'https://github.com', name: 'acme/site' },
    );
    expect(text).toContain('| upload | reason | bytes | headers set by a rule |');
    expect(text).toContain(
      "| index.html | headers-changed | 40 | Cache-Control: public, max-age=60 ← handoff.yml headers\\[0\\] '\\*\\*/\\*.html'<br>Content-Encoding: gzip ← hugo.toml:169 deployment.matchers\\[2\\] '^.+\\\\.\\(html\\|xml\\)$' |",
    );
  });

  it('tells the reviewer not to approve when no plan could be made', () => {
    const text = reviewSummary([{ task, commit: null, previousDeploy: undefined, report: undefined, error: 'AccessDenied <b>' }], { serverUrl: 'https://github.com', name: 'acme/site' });
    expect(text).toMatch(/No plan could be made against the live bucket: AccessDenied &lt;b&gt;\. The deploy job will refuse this task; do not approve it\./);
  });

  it('escapes line-start markdown and HTML in one line of text', () => {
    expect(markdownText('# title')).toBe('\\# title');
    expect(markdownText('1. item')).toBe('1\\. item');
    expect(markdownText('a <b> & [c](d)')).toBe('a &lt;b&gt; &amp; \\[c\\]\\(d\\)');
  });
});
