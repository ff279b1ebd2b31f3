import { describe, expect, it } from 'vitest';
import type { ErrorAction, ErrorCategory } from '../../src/errors/categories.js';
import { classifyFailure, classifyHugoErrors, type FailureInput } from '../../src/errors/classify.js';

interface Row {
  name: string;
  input: FailureInput;
  category: ErrorCategory;
  action: ErrorAction;
  file?: string;
  line?: number;
  nextStep?: string | RegExp;
}

const RESUBMIT = 'then submit a new task with the same params.';

const rows: Row[] = [
  // hugo 0.111.3, messages as parseHugoOutput returns them for the recorded fixtures
  {
    name: 'hugo REF_NOT_FOUND',
    input: {
      source: 'hugo',
      message: '[en] REF_NOT_FOUND: Ref "missing": "content/posts/a.md:12:24": page not found',
      file: 'content/posts/a.md',
      line: 12,
      column: 24,
    },
    category: 'broken-internal-link',
    action: 'auto-fix',
    file: 'content/posts/a.md',
    line: 12,
    nextStep: `Fix the ref "missing" in content/posts/a.md:12 (no such page), ${RESUBMIT}`,
  },
  {
    name: 'hugo relref, location read from the message itself',
    input: { source: 'hugo', message: '[en] REF_NOT_FOUND: Ref "nope.md": "content/posts/b.md:4:9": page not found' },
    category: 'broken-internal-link',
    action: 'auto-fix',
    file: 'content/posts/b.md',
    line: 4,
    nextStep: `Fix the ref "nope.md" in content/posts/b.md:4 (no such page), ${RESUBMIT}`,
  },
  {
    name: 'hugo partial not found',
    input: {
      source: 'hugo',
      message:
        '"layouts/_default/single.html:2:3": execute of template failed: template: _default/single.html:2:3: executing "_default/single.html" at <partial "nope.html" .>: error calling partial: partial "nope.html" not found',
    },
    category: 'template-not-found',
    action: 'auto-fix',
    file: 'layouts/_default/single.html',
    line: 2,
    nextStep: `Create layouts/partials/nope.html or fix the partial name used in layouts/_default/single.html:2, ${RESUBMIT}`,
  },
  {
    name: 'hugo no such template',
    input: {
      source: 'hugo',
      message: 'execute of template failed: html/template:_default/single.html:2:12: no such template "nosuch"',
      file: 'layouts/_default/single.html',
      line: 2,
      column: 12,
    },
    category: 'template-not-found',
    action: 'auto-fix',
    file: 'layouts/_default/single.html',
    nextStep: /^Create the template "nosuch" or fix the name used in layouts\/_default\/single.html:2, /,
  },
  {
    name: 'hugo shortcode template not found',
    input: {
      source: 'hugo',
      message: '"content/a.md:4:7": failed to extract shortcode: template for shortcode "nosuch" not found',
    },
    category: 'template-not-found',
    action: 'auto-fix',
    file: 'content/a.md',
    line: 4,
    nextStep: /^Create layouts\/shortcodes\/nosuch.html or fix the shortcode name used in content\/a.md:4/,
  },
  {
    name: 'html/template undefined',
    input: { source: 'hugo', message: 'html/template: "partials/header.html" is undefined' },
    category: 'template-not-found',
    action: 'auto-fix',
  },
  {
    name: 'found no layout file',
    input: {
      source: 'hugo',
      message:
        'found no layout file for "html" for kind "page": You should create a template file which matches Hugo Layouts Lookup Rules for this combination.',
    },
    category: 'template-not-found',
    action: 'auto-fix',
    nextStep: /layouts\/_default\/single.html/,
  },
  {
    name: 'template parse error',
    input: {
      source: 'hugo',
      message: '"layouts/_default/single.html:2:1": parse failed: template: _default/single.html:2: unexpected "}" in operand',
    },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'layouts/_default/single.html',
    line: 2,
    nextStep: `Fix the template in layouts/_default/single.html:2 (unexpected "}" in operand), ${RESUBMIT}`,
  },
  {
    name: 'template function not defined',
    input: {
      source: 'hugo',
      message: '"layouts/shortcodes/b.html:1:1": parse failed: template: shortcodes/b.html:1: function "nofn" not defined',
    },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'layouts/shortcodes/b.html',
    line: 1,
    nextStep: /\(function "nofn" not defined\)/,
  },
  {
    name: 'unclosed action (newer Go)',
    input: { source: 'hugo', message: 'parse failed: template: _default/list.html:7: unclosed action' },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: '_default/list.html',
    line: 7,
  },
  {
    name: 'template execution error names the innermost file',
    input: {
      source: 'hugo',
      message:
        '"layouts/_default/single.html:2:3": execute of template failed: template: _default/single.html:2:3: executing "_default/single.html" at <partial "head.html" .>: error calling partial: "layouts/partials/head.html:2:48": execute of template failed: template: partials/head.html:2:48: executing "partials/head.html" at <.Nope>: can\'t evaluate field Nope in type *hugolib.pageState',
    },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'layouts/partials/head.html',
    line: 2,
    nextStep: `Fix the template in layouts/partials/head.html:2 (can't evaluate field Nope in type *hugolib.pageState), ${RESUBMIT}`,
  },
  {
    name: 'bad YAML front matter',
    input: {
      source: 'hugo',
      message: '"content/a.md:3:1": failed to unmarshal YAML: yaml: line 3: found unexpected end of stream',
    },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'content/a.md',
    line: 3,
    nextStep: /^Fix the YAML front matter in content\/a.md:3 \(failed to unmarshal YAML/,
  },
  {
    name: 'bad TOML front matter',
    input: { source: 'hugo', message: '"content/a.md:2:11": unmarshal failed: toml: basic strings cannot have new lines' },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'content/a.md',
    line: 2,
    nextStep: /^Fix the TOML front matter in content\/a.md:2/,
  },
  {
    name: 'unclosed shortcode',
    input: {
      source: 'hugo',
      message: '"content/a.md:4:7": failed to extract shortcode: shortcode "b" must be closed or self-closed',
    },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'content/a.md',
    line: 4,
    nextStep: /^Fix the shortcode in content\/a.md:4/,
  },
  {
    name: 'hugo complains about missing front matter',
    input: { source: 'hugo', message: 'content/posts/x.md: missing front matter', file: 'content/posts/x.md' },
    category: 'missing-frontmatter',
    action: 'auto-fix',
    file: 'content/posts/x.md',
    nextStep: `Add front matter (a --- block with at least a title) at the top of content/posts/x.md, ${RESUBMIT}`,
  },
  {
    name: 'missing theme is not something the agent can fix',
    input: {
      source: 'hugo',
      message: 'module "nosuch" not found; either add it as a Hugo Module or store it in "/site/themes".: module does not exist',
    },
    category: 'unknown',
    action: 'escalate',
  },
  // AWS SDK v3 errors: `code` is the error's name
  {
    name: 'no AWS credentials at all',
    input: { source: 'aws', code: 'CredentialsProviderError', message: 'Could not load credentials from any providers' },
    category: 'aws-credentials',
    action: 'escalate',
    nextStep: /^Escalate: the worker found no AWS credentials \(CredentialsProviderError\)/,
  },
  {
    name: 'S3 AccessDenied',
    input: { source: 'aws', code: 'AccessDenied', message: 'Access Denied' },
    category: 'aws-credentials',
    action: 'escalate',
    nextStep:
      "Escalate: the worker's AWS credentials were refused (AccessDenied). Ask the user to check the IAM role and its trust policy.",
  },
  {
    name: 'CloudFront AccessDenied on a distribution is still a credentials problem',
    input: {
      source: 'aws',
      code: 'AccessDenied',
      message:
        'User: arn:aws:sts::123456789012:assumed-role/deployer/worker is not authorized to perform: cloudfront:CreateInvalidation on resource: arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL because no identity-based policy allows the cloudfront:CreateInvalidation action',
    },
    category: 'aws-credentials',
    action: 'escalate',
  },
  {
    name: 'InvalidAccessKeyId',
    input: { source: 'aws', code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' },
    category: 'aws-credentials',
    action: 'escalate',
  },
  {
    name: 'SignatureDoesNotMatch',
    input: {
      source: 'aws',
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    },
    category: 'aws-credentials',
    action: 'escalate',
  },
  {
    name: 'ExpiredToken',
    input: { source: 'aws', code: 'ExpiredToken', message: 'The provided token has expired.' },
    category: 'aws-credentials',
    action: 'escalate',
    nextStep: /^Escalate: the worker's AWS credentials have expired \(ExpiredToken\)/,
  },
  {
    name: 'STS ExpiredTokenException',
    input: { source: 'aws', code: 'ExpiredTokenException', message: 'The security token included in the request is expired' },
    category: 'aws-credentials',
    action: 'escalate',
  },
  {
    name: 'InvalidClientTokenId',
    input: { source: 'aws', code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
    category: 'aws-credentials',
    action: 'escalate',
  },
  {
    name: 'AssumeRoleWithWebIdentity refused',
    input: { source: 'aws', message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' },
    category: 'aws-credentials',
    action: 'escalate',
  },
  {
    name: 'NoSuchDistribution',
    input: { source: 'aws', code: 'NoSuchDistribution', message: 'The specified distribution does not exist.' },
    category: 'cloudfront-config',
    action: 'escalate',
    nextStep: /^Escalate: CloudFront rejected the request \(NoSuchDistribution\)/,
  },
  {
    name: 'CloudFront InvalidArgument',
    input: { source: 'aws', code: 'InvalidArgument', message: 'Your request contains one or more invalid invalidation paths.' },
    category: 'cloudfront-config',
    action: 'escalate',
  },
  {
    name: 'TooManyInvalidationsInProgress after retries',
    input: {
      source: 'aws',
      code: 'TooManyInvalidationsInProgress',
      message:
        'Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.',
    },
    category: 'cloudfront-config',
    action: 'escalate',
    nextStep: /after retries \(TooManyInvalidationsInProgress\)/,
  },
  {
    name: 'distribution with a 4xx status',
    input: { source: 'aws', code: '400', message: 'distribution E2QWRUHAPOMQZL is not in a state that accepts this change' },
    category: 'cloudfront-config',
    action: 'escalate',
  },
  {
    name: 'S3 InvalidArgument is not a CloudFront problem',
    input: { source: 'aws', code: 'InvalidArgument', message: 'Invalid argument: x-amz-storage-class' },
    category: 'unknown',
    action: 'escalate',
  },
  {
    name: 'NoSuchBucket',
    input: { source: 'aws', code: 'NoSuchBucket', message: 'The specified bucket does not exist' },
    category: 'unknown',
    action: 'escalate',
  },
  // git
  {
    name: 'git merge conflict names the file',
    input: {
      source: 'git',
      message:
        'Auto-merging content/posts/a.md\nCONFLICT (content): Merge conflict in content/posts/a.md\nAutomatic merge failed; fix conflicts and then commit the result.',
    },
    category: 'git-merge-conflict',
    action: 'escalate',
    file: 'content/posts/a.md',
    nextStep:
      'Escalate: git stopped on a merge conflict in content/posts/a.md. Ask the user to resolve it (or abort the merge) in the repository, then run the task again.',
  },
  {
    name: 'git rebase could not apply',
    input: {
      source: 'git',
      message:
        'error: could not apply 1a2b3c4... Update post\nhint: Resolve all conflicts manually, mark them as resolved with "git add/rm <conflicted_files>", then run "git rebase --continue".',
    },
    category: 'git-merge-conflict',
    action: 'escalate',
  },
  {
    name: 'git needs merge',
    input: { source: 'git', message: 'content/about.md: needs merge\nerror: you need to resolve your current index first' },
    category: 'git-merge-conflict',
    action: 'escalate',
    file: 'content/about.md',
  },
  {
    name: 'other git failure',
    input: { source: 'git', message: 'fatal: not a git repository (or any of the parent directories): .git' },
    category: 'unknown',
    action: 'escalate',
  },
  // programs and tasks
  {
    name: 'hugo not installed',
    input: { source: 'program', code: 'ENOENT', message: "'hugo' was not found on PATH" },
    category: 'missing-tool',
    action: 'escalate',
    nextStep: 'Escalate: install hugo on the worker (Debian: sudo apt-get install hugo) and run the task again.',
  },
  {
    name: 'git not installed, given by path',
    input: { source: 'program', message: "'/usr/local/bin/git' was not found on PATH" },
    category: 'missing-tool',
    action: 'escalate',
    nextStep: 'Escalate: install git on the worker (Debian: sudo apt-get install git) and run the task again.',
  },
  {
    name: 'task about missing front matter',
    input: { source: 'task', message: 'content/posts/new.md has no front matter (title is required)', file: 'content/posts/new.md' },
    category: 'missing-frontmatter',
    action: 'auto-fix',
    file: 'content/posts/new.md',
  },
  {
    name: 'other task problem',
    input: { source: 'task', message: 'params.site_dir: Invalid input: expected string, received undefined', file: 'tasks/build.md' },
    category: 'invalid-task',
    action: 'auto-fix',
    file: 'tasks/build.md',
    nextStep: 'Fix the task file tasks/build.md (params.site_dir: Invalid input: expected string, received undefined), then submit the task again.',
  },
  // hugo 0.169 (Debian unstable): front matter is read by goccy/go-yaml
  {
    name: 'hugo 0.169 bad YAML front matter, as the issue quotes it',
    input: {
      source: 'hugo',
      message: 'failed to create page from pageMetaSource /posts/a: "site/content/posts/a.md:3:9": [2:9] value is not allowed in this context',
      siteFolder: 'site',
    },
    category: 'markdown-or-template-syntax',
    action: 'auto-fix',
    file: 'site/content/posts/a.md',
    line: 3,
    nextStep: `Fix the front matter in site/content/posts/a.md:3 ([2:9] value is not allowed in this context), ${RESUBMIT}`,
  },
  {
    name: 'hugo panic naming a file (buildHugoSite code HUGO_PANIC)',
    input: { source: 'hugo', code: 'HUGO_PANIC', message: 'panic: runtime error: slice bounds out of range', file: 'site/layouts/index.html', line: 3 },
    category: 'hugo-crash',
    action: 'escalate',
    file: 'site/layouts/index.html',
    nextStep: /^Escalate: hugo crashed \(panic: runtime error: slice bounds out of range\) while working on site\/layouts\/index\.html:3\./,
  },
  {
    name: 'hugo killed by a signal',
    input: { source: 'hugo', code: 'HUGO_KILLED', message: 'hugo was killed by SIGKILL before it finished' },
    category: 'hugo-crash',
    action: 'escalate',
    nextStep: /out of memory/,
  },
  {
    name: 'hugo past its timeout',
    input: { source: 'hugo', code: 'HUGO_TIMEOUT', message: 'hugo did not finish within 1800 s and was stopped' },
    category: 'hugo-crash',
    action: 'escalate',
    nextStep: /^Escalate: hugo did not finish within 1800 s and was stopped\. /,
  },
  {
    name: 'hugo partial not found, site in a subfolder',
    input: { source: 'hugo', message: 'render of "page" failed: "site/layouts/_default/single.html:1:7": execute of template failed: template: _default/single.html:1:7: executing "_default/single.html" at <partial "nav.html" .>: error calling partial: partial "nav.html" not found', siteFolder: 'site' },
    category: 'template-not-found',
    action: 'auto-fix',
    file: 'site/layouts/_default/single.html',
    nextStep: `Create site/layouts/partials/nav.html or fix the partial name used in site/layouts/_default/single.html:1, ${RESUBMIT}`,
  },
  {
    // The numbers come as data, not read back out of the message's words.
    name: 'deploy max-deletes guard',
    input: { source: 'aws', code: 'TooManyDeletes', message: 'plan: refusing to deploy: too many deletes; nothing was uploaded or deleted', tooManyDeletes: { count: 312, limit: 256 } },
    category: 'deploy-guard',
    action: 'escalate',
    nextStep: /would delete 312 objects, more than max_deletes \(256\).*raise max_deletes to at least 312 \(params\.max_deletes in the task, or environments\.<environment>\.max_deletes in handoff\.yml\)/,
  },
  {
    name: 'S3 SlowDown after retries',
    input: { source: 'aws', code: 'SlowDown', message: 'upload: Please reduce your request rate.' },
    category: 's3-throttled',
    action: 'auto-fix',
    nextStep: /Submit a new task with the same params in a few minutes/,
  },
  {
    name: 'CloudFront throttling is not S3 throttling',
    input: { source: 'aws', code: 'Throttling', message: 'invalidate: Rate exceeded' },
    category: 'unknown',
    action: 'escalate',
  },
  {
    name: 'handoff.yml key with a bad value',
    input: { source: 'config', message: 'handoff.yml:5:18: environments.dev.max_deletes: expected a number; found "lots"', file: 'handoff.yml', line: 5, field: 'environments.dev.max_deletes' },
    category: 'handoff-config',
    action: 'escalate',
    file: 'handoff.yml',
    nextStep: 'Escalate: ask the user to fix environments.dev.max_deletes (handoff.yml line 5) in handoff.yml (`handoff validate` checks it); an agent does not change where a deploy goes. Then submit a new task.',
  },
  {
    name: 'program crash',
    input: { source: 'program', message: 'spawn EACCES' },
    category: 'unknown',
    action: 'escalate',
  },
];

describe('classifyFailure', () => {
  it('has a table of at least 20 real-looking messages', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });

  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const result = classifyFailure(row.input);
    expect(result.category).toBe(row.category);
    expect(result.action).toBe(row.action);
    if (row.file !== undefined) expect(result.file).toBe(row.file);
    if (row.line !== undefined) expect(result.line).toBe(row.line);
    if (typeof row.nextStep === 'string') expect(result.next_step).toBe(row.nextStep);
    else if (row.nextStep) expect(result.next_step).toMatch(row.nextStep);
    expect(result.next_step).not.toMatch(/\n/);
    expect(result.message).not.toMatch(/\n/);
  });

  it('collapses whitespace and keeps both ends of a long message', () => {
    const long = `start\n\n  ${'x'.repeat(500)} the real cause`;
    const { message } = classifyFailure({ source: 'hugo', message: long });
    expect(message.length).toBeLessThanOrEqual(300);
    expect(message.startsWith('start x')).toBe(true);
    expect(message.endsWith('the real cause')).toBe(true);
    expect(message).toContain(' … ');
  });

  it('strips ANSI colours', () => {
    const { message } = classifyFailure({ source: 'hugo', message: '\u001b[1;31mboom\u001b[0m' });
    expect(message).toBe('boom');
  });
});

describe('classifyHugoErrors', () => {
  it('returns undefined for no errors', () => {
    expect(classifyHugoErrors([])).toBeUndefined();
  });

  it('prefers the first error the agent can fix itself', () => {
    const result = classifyHugoErrors([
      { message: 'module "nosuch" not found; module does not exist' },
      { message: '[en] REF_NOT_FOUND: Ref "gone": "content/b.md:5:5": page not found', file: 'content/b.md', line: 5, column: 5 },
      { message: '[en] REF_NOT_FOUND: Ref "nope": "content/c.md:1:1": page not found', file: 'content/c.md', line: 1, column: 1 },
    ]);
    expect(result).toMatchObject({ category: 'broken-internal-link', file: 'content/b.md', line: 5, column: 5 });
  });

  it('falls back to the first error when none can be auto-fixed', () => {
    expect(classifyHugoErrors([{ message: 'first mystery' }, { message: 'second mystery' }])).toMatchObject({
      category: 'unknown',
      message: 'first mystery',
    });
  });
});
