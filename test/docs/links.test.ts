/**
 * Every relative link in the repository's Markdown files leads to a file or folder of the repository
 * (links out of it, such as ../shared/POLICY.md, break for anyone reading the repository alone).
 * Web links (http, https, mailto) and in-page anchors are not checked.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/support/server.js';

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', 'test/artifacts']);

function markdownFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (SKIPPED_DIRECTORIES.has(relative(ROOT, path)) || SKIPPED_DIRECTORIES.has(name)) return [];
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** The targets of `[text](target)` links, without their `#anchor`, skipping web links and anchors. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^(https?:|mailto:|#)/.test(target))
    .map((target) => decodeURI(target.split('#')[0]!));
}

describe('Markdown links', () => {
  const files = markdownFiles(ROOT);

  it('finds the READMEs', () => {
    expect(files.map((file) => relative(ROOT, file))).toEqual(expect.arrayContaining(['README.md', 'server/README.md', 'data/README.md']));
  });

  it.each(files.map((file) => [relative(ROOT, file), file]))('%s links only to files inside the repository that exist', (_name, file) => {
    const broken = relativeLinks(readFileSync(file, 'utf8')).filter((target) => {
      const path = resolve(dirname(file), target);
      return !path.startsWith(ROOT + '/') || !existsSync(path);
    });
    expect(broken).toEqual([]);
  });
});
