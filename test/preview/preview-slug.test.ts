import { describe, expect, it } from 'vitest';
import { isPreviewSlug, MAX_SLUG_LENGTH, previewSlug } from '../../src/preview/preview-slug.js';
import { previewPrefixOf } from '../../src/preview/preview-target.js';

describe('previewSlug', () => {
  it.each([
    // [branch, the slug's readable part, hashed?]
    ['main', 'main', false],
    ['fix-nav', 'fix-nav', false],
    ['claude/fix-nav', 'claude-fix-nav', true],
    ['Claude/Fix-Nav', 'claude-fix-nav', true],
    ['claude/../../etc', 'claude-etc', true],
    ['..', 'branch', true],
    ['.', 'branch', true],
    ['claude/./x', 'claude-x', true],
    ['/leading/and/trailing/', 'leading-and-trailing', true],
    ['claude/café-menü', 'claude-cafe-menu', true],
    ['claude/日本語', 'claude', true],
    ['日本語', 'branch', true],
    ['claude/emoji-🚀-ship', 'claude-emoji-ship', true],
    ['a--b', 'a-b', true],
    ['-dash-', 'dash', true],
    ['claude/%2e%2e', 'claude-2e-2e', true],
    ['back\\slash', 'back-slash', true],
  ])('%s -> %s', (branch, readable, hashed) => {
    const slug = previewSlug(branch);
    expect(isPreviewSlug(slug)).toBe(true);
    expect(slug).toMatch(/^[a-z0-9-]+$/);
    if (hashed) expect(slug).toMatch(new RegExp(`^${readable}--[0-9a-f]{10}$`));
    else expect(slug).toBe(readable);
  });

  it('bounds very long names, and keeps names that differ only past the bound apart', () => {
    const long = `claude/${'very-long-branch-name-'.repeat(40)}`;
    const a = previewSlug(`${long}a`);
    const b = previewSlug(`${long}b`);
    expect(a.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(b.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(a).not.toBe(b);
    expect(isPreviewSlug(a)).toBe(true);
    // A lossless name at the bound is its own slug; one character more is hashed.
    expect(previewSlug('a'.repeat(MAX_SLUG_LENGTH))).toBe('a'.repeat(MAX_SLUG_LENGTH));
    expect(previewSlug('a'.repeat(MAX_SLUG_LENGTH + 1))).toMatch(/--[0-9a-f]{10}$/);
    expect(previewSlug('a'.repeat(MAX_SLUG_LENGTH + 1)).length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
  });

  it('gives branches whose slugs would collide distinct ones', () => {
    const lookAlikes = [
      'claude/fix-nav',
      'claude-fix-nav',
      'Claude/Fix-Nav',
      'claude/fix_nav',
      'claude/fix.nav',
      'claude//fix-nav',
      'claude/fix-nav/',
      'claude/fix—nav',
      'claude/fïx-nav',
    ];
    const slugs = lookAlikes.map(previewSlug);
    expect(new Set(slugs).size).toBe(lookAlikes.length);
    // A lossless slug (no double dash) can never equal a hashed one (always a double dash).
    expect(slugs[1]).toBe('claude-fix-nav');
    for (const slug of [slugs[0], ...slugs.slice(2)]) expect(slug).toContain('--');
    // Deterministic: the same branch always lands in the same folder.
    expect(lookAlikes.map(previewSlug)).toEqual(slugs);
  });

  it('never leaves the previews prefix, whatever the branch', () => {
    for (const branch of ['..', '../..', 'claude/../../main', '/', '', ' ', '\u0000', 'a/../../../b', '%2F..%2F']) {
      const prefix = previewPrefixOf({ previewPrefix: 'previews/' }, branch);
      expect(prefix).toMatch(/^previews\/[a-z0-9-]+\/$/);
      expect(prefix.split('/').filter((segment) => segment === '..' || segment === '.')).toEqual([]);
    }
  });

  it('isPreviewSlug refuses what previewSlug never returns', () => {
    for (const bad of ['', '..', 'a/b', 'A', 'a--b', 'a--XYZ', '-a', `${'a'.repeat(64)}`]) expect(isPreviewSlug(bad), bad).toBe(false);
  });
});
