/**
 * org.yaml written by someone untrusted (a pull request's author): files it names stay inside the root,
 * are regular and small, and are never echoed when refused; YAML tricks (aliases, empty files, huge
 * maps with duplicate keys) give located issues; nothing hangs and nothing throws but usage errors.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { MAX_POLICY_FILE_BYTES } from './files.js';
import { formatIssue } from './issues.js';
import { loadConfigFile, loadConfigText } from './load.js';
import { MAX_ANCHORS, MAX_DEPTH } from './source.js';

const SECRET = 'TOP-SECRET-CONTENT';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
});

/** A config whose one policy names `path`; its `file:` value is at line 9, column 11. */
function withFile(path: string): string {
  return [
    'organization:',
    '  featureSet: ALL',
    '  policyTypes: [SERVICE_CONTROL_POLICY]',
    'accounts:',
    '  Shop: { email: shop@example.com }',
    'policies:',
    '  P:',
    '    type: SERVICE_CONTROL_POLICY',
    `    file: ${JSON.stringify(path)}`,
    '    attach: [root]',
    '',
  ].join('\n');
}

let tmp: string;
let repo: string;
let outside: string;

/** Writes org.yaml into the repository's cfg/ folder and loads it from disk. */
function loadWith(path: string, options: { root?: string } = {}) {
  const file = join(repo, 'cfg', 'org.yaml');
  writeFileSync(file, withFile(path));
  return loadConfigFile(file, options);
}

function lines(loaded: ReturnType<typeof loadConfigFile>): string[] {
  return loaded.issues.map((i) => `${i.line}:${i.column} ${i.message}`);
}

/** The single issue at the `file:` value, whose message names the path; nothing of SECRET in it. */
function expectRefused(loaded: ReturnType<typeof loadConfigFile>, path: string, why: RegExp): void {
  expect(loaded.config).toBeUndefined();
  expect(loaded.issues).toHaveLength(1);
  const [issue] = loaded.issues;
  expect(issue).toMatchObject({ line: 9, column: 11, severity: 'error', rule: 'policy-document' });
  expect(issue!.message).toContain(path);
  expect(issue!.message).toMatch(why);
  expect(JSON.stringify(loaded.issues)).not.toContain(SECRET);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'orgward-hostile-'));
  repo = join(tmp, 'repo');
  outside = join(tmp, 'outside');
  mkdirSync(join(repo, '.git'), { recursive: true });
  writeFileSync(join(repo, '.git', 'config'), `[core]\n\ttoken = ${SECRET}\n`);
  mkdirSync(join(repo, 'cfg'), { recursive: true });
  mkdirSync(join(repo, 'policies', 'a-folder'), { recursive: true });
  writeFileSync(join(repo, 'policies', 'ok.json'), POLICY);
  writeFileSync(join(repo, 'policies', 'broken.json'), `{ "${SECRET}": `);
  writeFileSync(join(repo, 'policies', 'not-json.json'), `${SECRET} and more`);
  writeFileSync(join(repo, 'policies', 'big.json'), ' '.repeat(MAX_POLICY_FILE_BYTES + 1));
  mkdirSync(outside, { recursive: true });
  // Valid JSON outside the root: the worst case, it would be embedded in a plan as it is.
  writeFileSync(
    join(outside, 'secret.json'),
    JSON.stringify({ Version: '2012-10-17', Statement: [], S: SECRET }),
  );
  symlinkSync(join(outside, 'secret.json'), join(repo, 'policies', 'link.json'));
  symlinkSync(outside, join(repo, 'policies', 'linked-folder'));
  symlinkSync('/dev/zero', join(repo, 'policies', 'zero.json'));
  symlinkSync(join(outside, 'nothing.json'), join(repo, 'policies', 'dangling.json'));
  symlinkSync(join(repo, 'policies', 'ok.json'), join(repo, 'policies', 'inside-link.json'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('files named with file:', () => {
  it('reads a file inside the repository, through ../ and through a link that stays inside', () => {
    expect(lines(loadWith('../policies/ok.json'))).toEqual([]);
    expect(lines(loadWith('../policies/inside-link.json'))).toEqual([]);
  });

  it('refuses an absolute path', () => {
    expectRefused(loadWith('/etc/passwd'), '/etc/passwd', /absolute path.*relative to the config/);
  });

  it('refuses a ../ path that leaves the root, without reading it', () => {
    expectRefused(
      loadWith('../../outside/secret.json'),
      '../../outside/secret.json',
      /outside the root .*repo.*move the file into .*or pass --root DIR/,
    );
  });

  it('refuses a symbolic link to a file outside, and a file in a linked folder outside', () => {
    expectRefused(
      loadWith('../policies/link.json'),
      '../policies/link.json',
      /symbolic link.*outside the root/,
    );
    expectRefused(
      loadWith('../policies/linked-folder/secret.json'),
      '../policies/linked-folder/secret.json',
      /symbolic link.*outside the root/,
    );
  });

  it('says the same for a missing file behind a link outside (no telling what exists there)', () => {
    const missing = loadWith('../policies/linked-folder/nothing.json').issues[0]!.message;
    const dangling = loadWith('../policies/dangling.json').issues[0]!.message;
    const present = loadWith('../policies/linked-folder/secret.json').issues[0]!.message;
    const strip = (m: string) => m.replace(/policy file \S+/, '');
    expect(strip(missing)).toBe(strip(present));
    expect(strip(dangling)).toBe(strip(present));
  });

  it('refuses /dev/zero, named directly or through a link, without hanging', () => {
    expectRefused(loadWith('/dev/zero'), '/dev/zero', /absolute path/);
    expectRefused(loadWith('../policies/zero.json'), '../policies/zero.json', /outside the root/);
  });

  it('refuses a named pipe (FIFO) without opening it', (context) => {
    const fifo = join(repo, 'policies', 'pipe.json');
    try {
      execFileSync('mkfifo', [fifo], { stdio: 'ignore' });
    } catch {
      context.skip('mkfifo is not available here: the FIFO case is not tested');
      return;
    }
    expectRefused(
      loadWith('../policies/pipe.json'),
      '../policies/pipe.json',
      /is a named pipe, not a regular file/,
    );
  });

  it('refuses a folder', () => {
    expectRefused(
      loadWith('../policies/a-folder'),
      '../policies/a-folder',
      /is a folder, not a regular file/,
    );
  });

  it('refuses a file over the size cap without reading it', () => {
    expectRefused(
      loadWith('../policies/big.json'),
      '../policies/big.json',
      /larger than 65536 bytes \(64 KiB\)/,
    );
  });

  it("refuses anything inside '.git' (CI keeps credentials in .git/config)", () => {
    expectRefused(loadWith('../.git/config'), '../.git/config', /inside a '\.git' folder/);
  });

  it('reports invalid JSON inside the root without quoting the file', () => {
    for (const name of ['broken.json', 'not-json.json']) {
      const loaded = loadWith(`../policies/${name}`);
      expect(loaded.issues).toHaveLength(1);
      expect(loaded.issues[0]).toMatchObject({ line: 9, column: 11 });
      expect(loaded.issues[0]!.message).toContain('is not valid JSON');
      expect(loaded.issues[0]!.message).not.toContain(SECRET);
      expect(loaded.issues[0]!.message).not.toContain('"');
    }
  });

  it('locates a refused inline-policy file at its path', () => {
    const text = [
      'organization: { featureSet: ALL }',
      'accounts:',
      '  Shop: { email: shop@example.com }',
      'identityCenter:',
      '  permissionSets:',
      '    Dev:',
      '      inlinePolicy: { file: /etc/passwd }',
      '',
    ].join('\n');
    const file = join(repo, 'cfg', 'org.yaml');
    writeFileSync(file, text);
    const loaded = loadConfigFile(file);
    expect(loaded.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /org\.yaml:7:29: error: permission set 'Dev': policy file \/etc\/passwd is an absolute path/,
      ),
    ]);
  });

  it('confines to the config folder outside git, and --root widens it', () => {
    const plain = join(tmp, 'plain');
    mkdirSync(join(plain, 'cfg'), { recursive: true });
    mkdirSync(join(plain, 'policies'), { recursive: true });
    writeFileSync(join(plain, 'policies', 'ok.json'), POLICY);
    writeFileSync(join(plain, 'cfg', 'org.yaml'), withFile('../policies/ok.json'));
    const refused = loadConfigFile(join(plain, 'cfg', 'org.yaml'));
    expect(lines(refused)).toEqual([expect.stringMatching(/^9:11 .*outside the root .*plain[/\\]cfg/)]);
    expect(lines(loadConfigFile(join(plain, 'cfg', 'org.yaml'), { root: plain }))).toEqual([]);
  });

  it('refuses a --root that is not a folder, and a config outside the root', () => {
    writeFileSync(join(repo, 'cfg', 'org.yaml'), withFile('../policies/ok.json'));
    expect(() => loadConfigFile(join(repo, 'cfg', 'org.yaml'), { root: join(tmp, 'nope') })).toThrow(
      /--root .*nope: no such folder/,
    );
    expect(() => loadConfigFile(join(repo, 'cfg', 'org.yaml'), { root: outside })).toThrow(
      /org\.yaml: resolves to a place outside the root/,
    );
  });
});

describe('the config file itself (-c)', () => {
  it('refuses a folder, naming it', () => {
    const dir = join(repo, 'cfg');
    expect(() => loadConfigFile(dir)).toThrow(UsageError);
    expect(() => loadConfigFile(dir)).toThrow(`${dir}: is a folder, not a regular file`);
  });

  it('refuses a link to a file outside the root, and to /dev/zero, without reading them', () => {
    const link = join(repo, 'cfg', 'link.yaml');
    symlinkSync(join(outside, 'secret.json'), link);
    expect(() => loadConfigFile(link)).toThrow(/link\.yaml: resolves to a place outside the root/);
    const zero = join(repo, 'cfg', 'zero.yaml');
    symlinkSync('/dev/zero', zero);
    expect(() => loadConfigFile(zero)).toThrow(/zero\.yaml: resolves to a place outside the root/);
  });

  it('refuses a named pipe without hanging', (context) => {
    const fifo = join(repo, 'cfg', 'pipe.yaml');
    try {
      execFileSync('mkfifo', [fifo], { stdio: 'ignore' });
    } catch {
      context.skip('mkfifo is not available here: the FIFO case is not tested');
      return;
    }
    expect(() => loadConfigFile(fifo)).toThrow(`${fifo}: is a named pipe, not a regular file`);
  });

  it('names a missing file', () => {
    expect(() => loadConfigFile(join(repo, 'cfg', 'missing.yaml'))).toThrow(/missing\.yaml: no such file/);
  });
});

function check(text: string) {
  const loaded = loadConfigText('org.yaml', text, () => undefined);
  return { loaded, lines: lines(loaded) };
}

describe('YAML', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '  \n\t\n   \n'],
    ['comments only', '# nothing here\n  # still nothing\n'],
    ['~', '~\n'],
    ['null', 'null'],
    ['a lone document marker', '---\n'],
  ])('refuses a file that is %s: "the file is empty" at 1:1', (_name, text) => {
    const { loaded } = check(text);
    expect(loaded.config).toBeUndefined();
    expect(loaded.issues).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        rule: 'empty-file',
        message: expect.stringMatching(/^the file is empty/),
      }),
    ]);
  });

  it('refuses an alias bomb at the alias that goes over the limit, without expanding it', () => {
    const bomb = [
      'organization: { featureSet: ALL }',
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      ...'bcdefghi'.split('').map((n, i) => {
        const prev = 'abcdefghi'[i]!;
        return `${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]`;
      }),
    ].join('\n');
    const { loaded } = check(bomb);
    expect(loaded.config).toBeUndefined();
    expect(loaded.issues).toHaveLength(1);
    expect(loaded.issues[0]).toMatchObject({ rule: 'yaml-alias', line: 7 });
    expect(loaded.issues[0]!.message).toMatch(/aliases expand to more than 1000000 values/);
  });

  it('locates an alias without its anchor, and an alias inside its own anchor', () => {
    expect(check('organization: { featureSet: ALL }\naccounts: *nope\n').lines).toEqual([
      '2:11 alias *nope names no anchor (&nope) before it',
    ]);
    expect(check('organization: { featureSet: ALL }\nous: &o\n  A: { ous: *o }\n').lines).toEqual([
      '3:13 alias *o is inside the node it names, which would make it endless',
    ]);
  });

  it('refuses more anchors than the limit (each alias is resolved by a scan over them)', () => {
    const values = Array.from({ length: MAX_ANCHORS + 1 }, (_, i) => `&a${i} v`).join(', ');
    expect(check(`organization: { featureSet: ALL }\nx: [${values}, *a1]\n`).lines).toEqual([
      expect.stringMatching(/^2:\d+ more than 1000 anchors \(&name\); write the values out$/),
    ]);
  });

  it('still accepts ordinary aliases', () => {
    const text = [
      'organization: { featureSet: ALL }',
      'ous:',
      '  A: { accounts: [One, Two], tags: &tags { owner: shop } }',
      'accounts:',
      '  One: { email: one@example.com, tags: *tags }',
      '  Two: { email: two@example.com, tags: *tags }',
    ].join('\n');
    expect(check(text).lines).toEqual([]);
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels`, () => {
    const depth = MAX_DEPTH + 10;
    const { lines: found } = check(`organization: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(found).toEqual([expect.stringMatching(/nested more than 64 levels deep/)]);
  });

  it('locates a duplicate key in a big map (found in linear time)', () => {
    const n = 2000;
    const accounts = Array.from({ length: n }, (_, i) => `  A${i}: { email: a${i}@example.com }`);
    accounts.push('  A1234: { email: again@example.com }');
    const { loaded } = check(['organization: { featureSet: ALL }', 'accounts:', ...accounts].join('\n'));
    expect(loaded.config).toBeUndefined();
    expect(loaded.issues.map(formatIssue)).toEqual([
      `org.yaml:${n + 3}:3: error: duplicate key 'A1234' (first at line ${1234 + 3}): a key appears once in a mapping [yaml-syntax]`,
    ]);
  });

  it('treats 1 and "1" as the same key (they are one property once loaded)', () => {
    expect(check('organization: { featureSet: ALL }\naccounts:\n  1: {}\n  "1": {}\n').lines).toEqual([
      "4:3 duplicate key '1' (first at line 3): a key appears once in a mapping",
    ]);
  });

  it("refuses '__proto__' as a key instead of dropping the entry; 'constructor' is an ordinary name", () => {
    const text = [
      'organization: { featureSet: ALL }',
      'accounts:',
      "  Management: { email: aws+management@example.com, id: '123456789012' }",
      '  __proto__: { email: proto@example.com }',
      '  constructor: { email: c@example.com }',
    ].join('\n');
    expect(check(text).lines).toEqual([
      "4:3 '__proto__' cannot be a key or a name here (JavaScript reserves it); rename it",
    ]);
    const fine = check(text.replace(/ {2}__proto__.*\n/, ''));
    expect(fine.loaded.config?.accounts).toHaveProperty('constructor');
  });

  it('returns issues or a config for any YAML-ish text, and throws nothing', () => {
    const token = fc.constantFrom(
      'organization:',
      'accounts:',
      'ous:',
      'policies:',
      'identityCenter:',
      'featureSet: ALL',
      'email: a@b.c',
      'file: x.json',
      'document:',
      'type: SERVICE_CONTROL_POLICY',
      '&a',
      '*a',
      '&b',
      '*b',
      '<<:',
      '- ',
      '[',
      ']',
      '{',
      '}',
      ',',
      ':',
      '? ',
      '~',
      'null',
      '"',
      "'",
      '#',
      '---',
      '...',
      '!!str',
      '!tag',
      '|',
      '>',
      '%YAML 1.2',
      '__proto__:',
      'constructor:',
      'toString:',
      '1:',
      '"1":',
      '0x1F',
      '.inf',
      '2026-01-01',
      '\t',
      ' ',
      '  ',
      '\n',
    );
    const yamlish = fc.oneof(
      fc
        .array(fc.oneof(token, fc.string({ maxLength: 8 })), { maxLength: 40 })
        .map((parts) => parts.join('')),
      fc.string({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        const loaded = loadConfigText('org.yaml', text, () => undefined);
        expect(Array.isArray(loaded.issues)).toBe(true);
        if (loaded.config === undefined) expect(loaded.issues.some((i) => i.severity === 'error')).toBe(true);
        for (const issue of loaded.issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
