// Longer than 300 lines on purpose: the classification rules are one ordered table (first match
// wins), so every rule and its next step sit in one file, where their order can be read.
import path from 'node:path';
import { actionFor, type ClassifiedError, type ErrorCategory } from './categories.js';
import { isThrottling } from '../deploy/aws-error.js';
import { findLocation, stripAnsi, type HugoMessage } from './hugo-message.js';

export type FailureSource = 'hugo' | 'aws' | 'git' | 'task' | 'program' | 'config';

export interface FailureInput {
  source: FailureSource;
  message: string;
  /** The tool's error code or name when it has one (AWS SDK error name, errno, HTTP status). */
  code?: string;
  file?: string;
  line?: number;
  column?: number;
  /** The site's folder relative to the repository root ('' when the site is the root), for the site files a next step names. */
  siteFolder?: string;
  /** The setting the failure is about (`environments.staging.bucket`), for configuration failures. */
  field?: string;
  /** The hugo that ran, for the next step of a version incompatibility. */
  hugoVersion?: string;
  /** The deploy's plan when it deleted more than max_deletes allows: the numbers the next step names, as data. */
  tooManyDeletes?: { count: number; limit: number };
}

const MAX_MESSAGE = 300;
const RESUBMIT = 'then submit a new task with the same params.';

interface Context {
  /** The whole message on one line; `message` in the result is this, shortened. */
  full: string;
  code: string;
  /** Message and code together, so a rule matches whichever of them carries the name. */
  text: string;
  file?: string;
  line?: number;
  column?: number;
  siteFolder: string;
  field?: string;
  hugoVersion?: string;
  tooManyDeletes?: { count: number; limit: number };
}

type Rule = (context: Context) => { category: ErrorCategory; next_step: string } | undefined;

/**
 * Puts one failure into exactly one category and writes the next step for the agent. The rules
 * are matched against what the tools really print (hugo 0.111+, AWS SDK v3 error names, git), and
 * are tied to the failure's source so a word in one tool's message cannot trigger another tool's
 * remedy.
 */
export function classifyFailure(input: FailureInput): ClassifiedError {
  const full = oneLine(input.message);
  const code = (input.code ?? '').trim();
  const context: Context = { full, code, text: code ? `${code} ${full}` : full, siteFolder: input.siteFolder ?? '' };
  if (input.field !== undefined) context.field = input.field;
  if (input.hugoVersion !== undefined) context.hugoVersion = input.hugoVersion;
  if (input.tooManyDeletes !== undefined) context.tooManyDeletes = input.tooManyDeletes;
  const location = input.file === undefined ? findLocation(full) : undefined;
  const file = input.file ?? location?.file;
  const line = input.line ?? location?.line;
  const column = input.column ?? location?.column;
  if (file !== undefined) context.file = file;
  if (line !== undefined) context.line = line;
  if (column !== undefined) context.column = column;

  const rules = [missingTool, ...(RULES_BY_SOURCE[input.source] ?? [])];
  let outcome: ReturnType<Rule> = undefined;
  for (const rule of rules) {
    outcome = rule(context);
    if (outcome) break;
  }
  outcome ??= unknown(input.source, context);

  const result: ClassifiedError = {
    category: outcome.category,
    action: actionFor(outcome.category),
    message: shorten(full, MAX_MESSAGE),
    next_step: outcome.next_step,
  };
  if (context.file !== undefined) result.file = context.file;
  if (context.line !== undefined) result.line = context.line;
  if (context.column !== undefined) result.column = context.column;
  return result;
}

/**
 * The one error the result file leads with. A failed build often has several; the agent can act
 * on an auto-fix one by itself, so the first of those wins over an earlier one it would escalate,
 * unless one says the Hugo is wrong for the site's theme (the others follow from that).
 */
export function classifyHugoErrors(errors: readonly HugoMessage[], options: { siteFolder?: string; hugoVersion?: string | null; warnings?: readonly HugoMessage[] } = {}): ClassifiedError | undefined {
  // hugo 0.111 says a module needs another Hugo only in a warning, then fails on what it cannot read.
  const incompatibleModule = options.warnings?.find((warning) => INCOMPATIBLE_MODULE.test(warning.message));
  const classified = [...(incompatibleModule && errors.length > 0 ? [incompatibleModule] : []), ...errors].map((error) => {
    const input: FailureInput = { source: 'hugo', message: error.message };
    if (options.siteFolder !== undefined) input.siteFolder = options.siteFolder;
    if (options.hugoVersion) input.hugoVersion = options.hugoVersion;
    if (error.file !== undefined) input.file = error.file;
    if (error.line !== undefined) input.line = error.line;
    if (error.column !== undefined) input.column = error.column;
    return classifyFailure(input);
  });
  // A Hugo the site's theme does not support explains the other errors: it leads.
  return classified.find((error) => error.category === 'hugo-version') ?? classified.find((error) => error.action === 'auto-fix') ?? classified[0];
}

function oneLine(text: string): string {
  return stripAnsi(text).replace(/\s+/g, ' ').trim();
}

/** Hugo nests the cause at the end of long messages, so both ends are kept and the middle goes. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max / 3);
  return `${text.slice(0, head)} … ${text.slice(text.length - (max - head - 3))}`;
}

function where(context: Context): string | undefined {
  if (context.file === undefined) return undefined;
  return context.line === undefined ? context.file : `${context.file}:${context.line}`;
}

/** The words after the blamed place: hugo's own description of the fault. */
function cause(context: Context, max = 120): string {
  const location = findLocation(context.full);
  let text = location ? context.full.slice(location.end) : context.full;
  text = text.replace(/^[\s:]+/, '');
  const inner = /(?:executing "[^"]*" at <[^>]*>: |template: [^\s:]+:\d+(?::\d+)?: )(?!.*(?:executing "|template: ))(.*)$/.exec(text);
  if (inner?.[1]) text = inner[1];
  return shorten(text, max);
}

const missingTool: Rule = ({ full: message, code }) => {
  const notFound = /^'([^']+)' was not found on PATH/.exec(message) ?? /^spawn (\S+) ENOENT\b/.exec(message);
  const tool = notFound?.[1] ?? (code === 'ENOENT' ? /^(\S+)/.exec(message)?.[1] : undefined);
  if (!tool) return undefined;
  const name = path.basename(tool);
  const install = INSTALL_HINTS[name] ?? `install ${name}`;
  return {
    category: 'missing-tool',
    next_step: `Escalate: install ${name} on the worker (${install}) and run the task again.`,
  };
};

const INSTALL_HINTS: Record<string, string> = {
  hugo: 'Debian: sudo apt-get install hugo',
  git: 'Debian: sudo apt-get install git',
  aws: 'Debian: sudo apt-get install awscli',
};

const brokenLink: Rule = (context) => {
  const { text } = context;
  if (!/REF_NOT_FOUND|RELREF|\b(?:rel)?ref\b[^:]*:.*page not found|page not found.*\b(?:rel)?ref\b/i.test(text)) {
    return undefined;
  }
  const ref = /\bRef "([^"]*)"/i.exec(text)?.[1];
  const at = where(context);
  const what = ref === undefined ? 'the broken ref/relref' : `the ref "${ref}"`;
  return {
    category: 'broken-internal-link',
    next_step: `Fix ${what}${at ? ` in ${at}` : ''} (no such page), ${RESUBMIT}`,
  };
};

const templateNotFound: Rule = (context) => {
  const { text } = context;
  const at = where(context);
  const usedIn = at ? ` used in ${at}` : '';
  const inSite = (file: string) => path.posix.join(context.siteFolder, file);
  const partial = /partial "([^"]+)" not found/i.exec(text);
  if (partial) {
    return found(`Create ${inSite(`layouts/partials/${partial[1]}`)} or fix the partial name${usedIn}, ${RESUBMIT}`);
  }
  const shortcode = /template for shortcode "([^"]+)" not found|shortcode "([^"]+)" not found/i.exec(text);
  if (shortcode) {
    const name = shortcode[1] ?? shortcode[2] ?? '';
    return found(`Create ${inSite(`layouts/shortcodes/${name}.html`)} or fix the shortcode name${usedIn}, ${RESUBMIT}`);
  }
  const layout = /found no layout file for "([^"]+)" for (?:kind|layout) "([^"]+)"/i.exec(text);
  if (layout) {
    return found(
      `Add a layout for kind "${layout[2]}" (output format ${layout[1]}), e.g. ${inSite(`layouts/_default/${layout[2] === 'page' ? 'single' : 'list'}.html`)}, ${RESUBMIT}`,
    );
  }
  const named =
    /no such template "([^"]+)"/i.exec(text) ??
    /html\/template: "([^"]+)" is undefined/i.exec(text) ??
    /"([^"]+\.html)" not found/i.exec(text);
  if (named) {
    return found(`Create the template "${named[1]}" or fix the name${usedIn}, ${RESUBMIT}`);
  }
  if (/\blayout(?: file)? (?:not found|".*" not found)|template not found/i.test(text)) {
    return found(`Create the missing layout or fix its name${usedIn}, ${RESUBMIT}`);
  }
  return undefined;

  function found(next_step: string) {
    return { category: 'template-not-found' as const, next_step };
  }
};

const hugoMissingFrontMatter: Rule = (context) => {
  if (!/(?:missing|no|without|empty) front ?matter|front ?matter (?:is )?(?:missing|required|not found)/i.test(context.text)) {
    return undefined;
  }
  const target = context.file ?? 'the content file';
  return {
    category: 'missing-frontmatter',
    next_step: `Add front matter (a --- block with at least a title) at the top of ${target}, ${RESUBMIT}`,
  };
};

const INCOMPATIBLE_MODULE = /Module "([^"]+)" is not compatible with this Hugo version/;

/**
 * Hugo APIs that current Hugo removed, with what replaces them: the agent can fix its own
 * templates with these; a theme's use of them means the theme needs another Hugo.
 */
const REMOVED_APIS: ReadonlyArray<{ pattern: RegExp; name: string; replacement: string }> = [
  { pattern: /can't evaluate field ToCSS in type \*resources\.Namespace|function "toCSS" not defined/, name: 'resources.ToCSS', replacement: 'css.Sass' },
  { pattern: /can't evaluate field Social in type page\.Site/, name: '.Site.Social', replacement: '.Site.Params.social' },
  { pattern: /can't evaluate field DisqusShortname in type page\.Site/, name: '.Site.DisqusShortname', replacement: '.Site.Config.Services.Disqus.Shortname' },
  { pattern: /can't evaluate field GoogleAnalytics in type page\.Site/, name: '.Site.GoogleAnalytics', replacement: '.Site.Config.Services.GoogleAnalytics.ID' },
  { pattern: /can't evaluate field (?:Author|Authors) in type page\.Site/, name: '.Site.Author', replacement: '.Site.Params.author' },
  { pattern: /can't evaluate field IsMultiLingual in type page\.Site/, name: '.Site.IsMultiLingual', replacement: 'hugo.IsMultilingual' },
  { pattern: /can't evaluate field LastChange in type page\.Site/, name: '.Site.LastChange', replacement: '.Site.Lastmod' },
  { pattern: /function "getJSON" not defined/, name: 'getJSON', replacement: 'resources.GetRemote with transform.Unmarshal' },
  { pattern: /function "getCSV" not defined/, name: 'getCSV', replacement: 'resources.GetRemote with transform.Unmarshal' },
];

/** Messages meaning a template uses what this Hugo does not have: removed since, or added later. */
const VERSION_BOUND_TEMPLATE = /can't evaluate field \w+ in type (?:page\.Site|\*?resources\.Namespace|\*?hugo\.HugoInfo|\*?langs\.Language|\*?page\.\w+|\*?hugolib\.\w+|\*?\w+\.Namespace)|function "[^"]+" not defined|unexpected <(?:with|range)> in else|is not compatible with this Hugo version/i;

/** The theme or module a file belongs to: themes/<name>/…, _vendor/<module>/…, or Go's module cache. */
function themeOf(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  return /(?:^|\/)themes\/([^/]+)\//.exec(file)?.[1] ?? /(?:^|\/)_vendor\/(.+?)\/(?:layouts|assets|i18n|archetypes|data)\//.exec(file)?.[1] ?? /\/pkg\/mod\/(.+?)@[^/]+\//.exec(file)?.[1];
}

/**
 * A template that uses an API this Hugo removed or does not have yet. In a theme or module the
 * agent should not edit, it is a version incompatibility (escalate: pin the Hugo the theme
 * supports, or update the theme); in the site's own templates a removed API is fixed in place.
 */
const versionIncompatible: Rule = (context) => {
  const { text } = context;
  const hugo = context.hugoVersion ? `Hugo ${context.hugoVersion}` : 'this Hugo';
  const incompatibleModule = INCOMPATIBLE_MODULE.exec(text);
  if (incompatibleModule) {
    return {
      category: 'hugo-version',
      next_step: `Escalate: the theme or module "${incompatibleModule[1]}" says it does not work with ${hugo} (its min_version, theme.toml or module.hugoVersion, names the versions it supports). Pin a Hugo it supports (hugo_version in handoff.yml, and install that Hugo locally), or update the theme; then run the task again.`,
    };
  }
  const removed = REMOVED_APIS.find((api) => api.pattern.test(text));
  if (!removed && !VERSION_BOUND_TEMPLATE.test(text)) return undefined;
  const theme = themeOf(context.file);
  const at = where(context);
  const api = removed ? `${removed.name} (removed from Hugo; ${removed.replacement} replaces it)` : `what ${hugo} does not have (${cause(context)})`;
  if (theme === undefined) {
    // The site's own template: the agent fixes it, and only a known removed API is named as such.
    if (!removed) return undefined;
    return {
      category: 'markdown-or-template-syntax',
      next_step: `Replace ${removed.name} with ${removed.replacement}${at ? ` in ${at}` : ''}: ${hugo} no longer has it, ${RESUBMIT}`,
    };
  }
  return {
    category: 'hugo-version',
    next_step: `Escalate: the theme "${theme}" uses ${api}${at ? ` in ${at}` : ''}, so it does not work with ${hugo}. Do not edit the theme: pin the Hugo version the theme supports (hugo_version in handoff.yml, its theme.toml min_version says which) and install it, or update the theme to a release made for ${hugo}; then run the task again.`,
  };
};

const syntax: Rule = (context) => {
  const { text } = context;
  const at = where(context);
  let what: string | undefined;
  if (/looking for end \w+ front matter delimiter/i.test(text)) what = 'front matter (its closing delimiter is missing)';
  else if (/failed to unmarshal (YAML|TOML|JSON)|unmarshal failed: (yaml|toml|json)|\b(yaml|toml): line \d+/i.test(text)) {
    const format = /\b(yaml|toml|json)\b/i.exec(text)?.[1]?.toUpperCase() ?? 'front matter';
    what = /(?:^|\/)(?:hugo|config)\.(?:toml|ya?ml|json):/.test(`${context.file ?? ''}:`) ? `${format} in the site config` : `${format} front matter`;
  } else if (/failed to create page from pageMetaSource/i.test(text) || /"[^"]+\.(?:md|markdown|html|org|adoc|rst)(?::\d+)+": \[\d+:\d+\] /i.test(text)) {
    // hugo 0.12x+ reads front matter with a different YAML library: `… "content/a.md:3:9": [2:9] value is not allowed in this context`.
    what = 'front matter';
  } else if (/shortcode/i.test(text) && /must be closed|unclosed|failed to extract shortcode|failed to render shortcode|failed to process shortcode/i.test(text)) {
    what = 'shortcode';
  } else if (
    /parse failed|unexpected "[^"]*" in \w+|unexpected EOF|unclosed action|function "[^"]+" not defined|unexpected \{\{end\}\}|bad character|unterminated|execute of template failed|error calling \w+|can't evaluate field|wrong number of args|nil pointer evaluating/i.test(
      text,
    )
  ) {
    what = 'template';
  } else if (/markdown|goldmark/i.test(text)) what = 'markdown';
  if (!what) return undefined;
  return {
    category: 'markdown-or-template-syntax',
    next_step: `Fix the ${what}${at ? ` in ${at}` : ''} (${cause(context)}), ${RESUBMIT}`,
  };
};

/** The codes buildHugoSite gives a build that ended without an ERROR line saying why. */
const hugoCrash: Rule = (context) => {
  const at = where(context);
  switch (context.code) {
    case 'HUGO_PANIC':
      return {
        category: 'hugo-crash',
        next_step: at
          ? `Escalate: hugo crashed (${shorten(context.full, 120)}) while working on ${at}. A crash is a hugo bug: show the user the panic line and the log tail. To get unblocked, undo or simplify this task's change to ${context.file} and submit a new task.`
          : `Escalate: hugo crashed (${shorten(context.full, 120)}) without naming a site file. A crash is a hugo bug: show the user the panic line, the log tail and outputs.hugo_version; another hugo version may not crash.`,
      };
    case 'HUGO_KILLED':
      return {
        category: 'hugo-crash',
        next_step: `Escalate: ${context.full} (SIGKILL usually means the worker ran out of memory). Ask the user to check the worker's memory and what stopped hugo, then run the task again.`,
      };
    case 'HUGO_TIMEOUT':
      return {
        category: 'hugo-crash',
        next_step: `Escalate: ${context.full}. Ask the user whether the site is expected to build for that long (a template that loops, or a worker too small for the site), then run the task again.`,
      };
    case 'HUGO_SILENT_EXIT':
      return {
        category: 'hugo-crash',
        next_step: `Escalate: ${context.full}. Ask the user to run \`hugo --source ${context.siteFolder || '.'}\` on the worker to see why it fails.`,
      };
    default:
      return undefined;
  }
};

/** The deploy refused a plan deleting more objects than max_deletes allows (code TooManyDeletes). */
const deployGuard: Rule = ({ code, tooManyDeletes }) => {
  if (code !== 'TooManyDeletes') return undefined;
  const count = tooManyDeletes?.count ?? 'more';
  const limit = tooManyDeletes?.limit ?? 'the limit';
  return {
    category: 'deploy-guard',
    next_step: `Escalate: the deploy would delete ${count} objects, more than max_deletes (${limit}), so nothing was uploaded or deleted. Check that the build output is complete (site_path, base_url); if the user confirms the deletions, raise max_deletes to at least ${count} (params.max_deletes in the task, or environments.<environment>.max_deletes in handoff.yml) and submit a new task.`,
  };
};

/** S3 still answered SlowDown (or another throttling code) after the SDK's retries and the worker's own. */
const s3Throttled: Rule = ({ code, full }) => {
  if (!isThrottling({ code, name: code }) || /^invalidate:|cloudfront|invalidation/i.test(full)) return undefined;
  return {
    category: 's3-throttled',
    next_step: `S3 throttled the deploy (${code}) after the SDK's retries and the worker's own retry with backoff; the files are fine. Submit a new task with the same params in a few minutes (what was uploaded is skipped); if it happens again, escalate: the bucket is under heavy load from something else.`,
  };
};

/** handoff.yml is invalid or lacks a setting the task needs; the message starts with the key. */
const handoffConfig: Rule = (context) => {
  const at = context.line !== undefined ? ` (${context.file ?? 'handoff.yml'} line ${context.line})` : '';
  const key = context.field ?? 'the setting it names';
  return {
    category: 'handoff-config',
    next_step: `Escalate: ask the user to fix ${key}${at} in handoff.yml (\`handoff validate\` checks it); an agent does not change where a deploy goes. Then submit a new task.`,
  };
};

const AWS_CREDENTIAL_NAMES = [
  'CredentialsProviderError',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AccessDeniedException',
  'AccessDenied',
  'InvalidToken',
  'TokenRefreshRequired',
  'AuthFailure',
  'MissingAuthenticationToken',
];

const awsCredentials: Rule = ({ text }) => {
  const name = AWS_CREDENTIAL_NAMES.find((candidate) => new RegExp(`\\b${candidate}\\b`).test(text));
  const noCredentials =
    /Could not load credentials|Unable to locate credentials|no credentials|CredentialsProviderError/i.test(text);
  const webIdentity = /AssumeRoleWithWebIdentity/i.test(text);
  const tokenProblem = /security token included in the request is (?:invalid|expired)|access key id you provided does not exist/i.test(text);
  if (!name && !noCredentials && !webIdentity && !tokenProblem) return undefined;
  const label = name ?? (webIdentity ? 'AssumeRoleWithWebIdentity' : 'credentials');
  if (noCredentials) {
    return {
      category: 'aws-credentials',
      next_step: `Escalate: the worker found no AWS credentials (${label}). Ask the user to give the worker an IAM role or configure its AWS credentials.`,
    };
  }
  if (/Expired/i.test(label) || /expired/i.test(text)) {
    return {
      category: 'aws-credentials',
      next_step: `Escalate: the worker's AWS credentials have expired (${label}). Ask the user to renew them or check the role session settings.`,
    };
  }
  return {
    category: 'aws-credentials',
    next_step: `Escalate: the worker's AWS credentials were refused (${label}). Ask the user to check the IAM role and its trust policy.`,
  };
};

const cloudfront: Rule = ({ text, code }) => {
  const name =
    /\b(NoSuchDistribution|NoSuchInvalidation|InvalidDistribution|TooManyInvalidationsInProgress|TooManyInvalidations|DistributionNotDisabled|InvalidIfMatchVersion|PreconditionFailed)\b/.exec(
      text,
    )?.[1] ??
    (/\bInvalidArgument\b/.test(text) && /cloudfront|distribution|invalidation/i.test(text) ? 'InvalidArgument' : undefined);
  const distribution4xx =
    /distribution/i.test(text) && (/^4\d\d$/.test(code) || /\b(?:status(?: code)?|HTTP)[:\s]*4\d\d\b/i.test(text));
  if (!name && !distribution4xx) return undefined;
  const label = name ?? 'HTTP 4xx';
  if (label.startsWith('TooManyInvalidations')) {
    return {
      category: 'cloudfront-config',
      next_step: `Escalate: CloudFront still refused the invalidation after retries (${label}). Ask the user to wait for running invalidations to finish or invalidate fewer paths (e.g. /*).`,
    };
  }
  return {
    category: 'cloudfront-config',
    next_step: `Escalate: CloudFront rejected the request (${label}). Ask the user to check the distribution ID and the CloudFront settings in the task or worker config.`,
  };
};

const gitConflict: Rule = (context) => {
  const { text } = context;
  const conflictFile =
    /CONFLICT \([^)]*\): Merge conflict in (\S+)/.exec(text)?.[1] ??
    /CONFLICT \([^)]*\): (\S+) deleted in/.exec(text)?.[1] ??
    /(?:^|\s)(\S+): needs merge/.exec(text)?.[1];
  const conflict =
    conflictFile !== undefined ||
    /Automatic merge failed|could not apply|needs merge|unmerged (?:files|paths)|Merge conflict|CONFLICT \(/i.test(text);
  if (!conflict) return undefined;
  if (conflictFile !== undefined) {
    context.file = conflictFile;
    delete context.line;
    delete context.column;
  }
  const inFile = context.file !== undefined ? ` in ${context.file}` : '';
  return {
    category: 'git-merge-conflict',
    next_step: `Escalate: git stopped on a merge conflict${inFile}. Ask the user to resolve it (or abort the merge) in the repository, then run the task again.`,
  };
};

const taskFrontMatter: Rule = (context) => {
  if (!/front ?matter/i.test(context.text) || !/missing|no |without|absent|required|empty|not found/i.test(context.text)) {
    return undefined;
  }
  return {
    category: 'missing-frontmatter',
    next_step: `Add the missing front matter to ${context.file ?? 'the task file'} (${cause(context)}), then submit the task again.`,
  };
};

const invalidTask: Rule = (context) => ({
  category: 'invalid-task',
  next_step: `Fix the task file${context.file !== undefined ? ` ${where(context)}` : ''} (${cause(context)}), then submit the task again.`,
});

function unknown(source: FailureSource, context: Context) {
  const tool = source === 'program' ? 'a program' : source;
  return {
    category: 'unknown' as const,
    next_step: `Escalate: ${tool} failed with an error this worker does not recognise${
      where(context) ? ` (at ${where(context)})` : ''
    }. Show the user the message and the log tail.`,
  };
}

const RULES_BY_SOURCE: Record<FailureSource, Rule[]> = {
  hugo: [hugoCrash, brokenLink, templateNotFound, hugoMissingFrontMatter, versionIncompatible, syntax],
  aws: [deployGuard, s3Throttled, awsCredentials, cloudfront],
  git: [gitConflict],
  task: [taskFrontMatter, invalidTask],
  program: [],
  config: [handoffConfig],
};
