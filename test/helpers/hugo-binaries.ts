import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseHugoVersion } from '../../src/hugo/build.js';

/** One hugo the worker's tests run against; `version` goes in the test titles. */
export interface HugoUnderTest {
  binary: string;
  version: string;
}

/** Where scripts/install-current-hugo.sh puts Debian unstable's hugo. */
const CURRENT_HUGO = fileURLToPath(new URL('../../.tools/hugo-current/usr/bin/hugo', import.meta.url));

function describeHugo(binary: string): HugoUnderTest {
  const output = execFileSync(binary, ['version'], { encoding: 'utf8' });
  const version = parseHugoVersion(output);
  if (!version) throw new Error(`${binary} version printed no version: ${output}`);
  return { binary, version };
}

/**
 * Debian 12's hugo (0.111, on PATH) and the current hugo from Debian unstable. A missing one fails
 * the tests rather than skipping them: `bash scripts/install-current-hugo.sh` (which .ci/run runs)
 * fetches the current one.
 */
export function hugoBinaries(): HugoUnderTest[] {
  if (!existsSync(CURRENT_HUGO)) {
    throw new Error(`${CURRENT_HUGO} is missing: run \`bash scripts/install-current-hugo.sh\` to fetch Debian unstable's hugo for the tests`);
  }
  const system = execFileSync('bash', ['-c', 'command -v hugo'], { encoding: 'utf8' }).trim();
  return [describeHugo(system), describeHugo(CURRENT_HUGO)];
}

/** hugo 0.12x and later: ERROR lines without a date on stderr, exit code 1, goccy/go-yaml front matter errors. */
export function isCurrentHugo(hugo: HugoUnderTest): boolean {
  const [major = 0, minor = 0] = hugo.version.split(/[.+]/).map(Number);
  return major > 0 || minor >= 120;
}
