import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatEditError, runContentEdit } from '../../src/content-edit/content-edit.js';
import type { ContentOperation } from '../../src/content-edit/operations.js';
import { buildHugoSite } from '../../src/hugo/build.js';
import { hugoBinaries } from '../helpers/hugo-binaries.js';
import { makeTempDir, writeTree } from '../helpers/temp-site.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** Strings a YAML 1.1 reader (hugo 0.111) or a YAML 1.2 one (current hugo) could take for another type. */
const LOOKALIKES = ['yes', 'no', 'on', 'off', 'y', 'n', 'Yes', '~', 'null', 'true', '1e3', '0x1F', '0o17', '012', '1:20', '1_000', '.inf', '2024-01-02', 'plain words'];
const VALUES: Array<[string, unknown, string]> = [
  ...LOOKALIKES.map((text, index): [string, unknown, string] => [`s${index}`, text, 'string']),
  ['flag', true, 'bool'],
  ['count', 12, 'number'],
  ['list', ['yes', 'on'], 'list'],
];

/**
 * Go's type names differ between hugo versions and front matter languages (int, uint64, int64;
 * JSON's numbers are all float64; []string, []interface {}): the kind is what must be kept.
 */
function kindOf(goType: string): string {
  if (/^(u?int|float)\d*$/.test(goType)) return 'number';
  if (goType.startsWith('[]')) return 'list';
  return goType;
}

const PAGES: Record<string, string> = {
  'yaml.md': '---\ntitle: YAML\n---\nbody\n',
  'toml.md': '+++\ntitle = "TOML"\n+++\nbody\n',
  'json.md': '{\n  "title": "JSON"\n}\nbody\n',
};

describe.each(hugoBinaries())('values written read back as the same type, hugo $version', (hugo) => {
  it('in YAML, TOML and JSON front matter, strings that look like booleans, numbers, nulls and dates stay strings', async () => {
    const dir = await makeTempDir('content-edit-types');
    cleanups.push(dir.remove);
    const listed = [
      ...VALUES.map(([key]) => `${key}={{ printf "%T" (index .Params "${key}") }}{{ with index .Params "${key}" }}:{{ . }}{{ end }}`),
      'items={{ range .Params.list }}{{ printf "%T" . }},{{ end }}',
    ].join('\n');
    await writeTree(dir.path, {
      'site/hugo.toml': 'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "home", "section"]\n',
      'site/layouts/_default/single.html': `${listed}\n`,
      ...Object.fromEntries(Object.entries(PAGES).map(([name, text]) => [`site/content/${name}`, text])),
    });
    const operations: ContentOperation[] = VALUES.map(([field, value]) => ({ op: 'set', field, value }) as ContentOperation);
    operations.push({ op: 'add_to_list', field: 'list', value: 'off' });
    const report = await runContentEdit({ repoRoot: dir.path, sitePath: 'site', files: ['*.md'], operations, dryRun: false });
    expect(report.errors.map(formatEditError)).toEqual([]);
    expect(await readFile(path.join(dir.path, 'site/content/yaml.md'), 'utf8')).toContain('s0: "yes"\ns1: "no"\ns2: "on"\ns3: "off"\ns4: "y"\ns5: "n"\ns6: "Yes"\ns7: "~"\ns8: "null"\ns9: "true"\n');

    const built = await buildHugoSite({ siteDir: path.join(dir.path, 'site'), destination: path.join(dir.path, 'public') }, { hugoBinary: hugo.binary });
    expect(built.outputs.build_success, built.log).toBe(true);
    for (const page of ['yaml', 'toml', 'json']) {
      const lines = (await readFile(path.join(dir.path, 'public', page, 'index.html'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => line.replace(/^(\w+)=([^:]+)/, (_whole, key: string, type: string) => `${key}=${kindOf(type)}`));
      const expected = VALUES.map(([key, value, type]) => {
        const shown = Array.isArray(value) ? `[${[...value, 'off'].join(' ')}]` : String(value);
        return `${key}=${type}:${shown}`;
      });
      expected.push('items=string,string,string,');
      expect(lines, page).toEqual(expected);
    }
  });
});
