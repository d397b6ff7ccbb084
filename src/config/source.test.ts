/** The structure walk of YamlSource: each kind of node it visits, and what it reports (once per kind). */
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, YamlSource } from './source.js';

function issues(text: string): string[] {
  return new YamlSource('f.yaml', text)
    .syntaxIssues()
    .map((i) => `${i.line}:${i.column} ${i.rule} ${i.message}`);
}

describe('YamlSource structure walk', () => {
  it('reports duplicate keys in any mapping, and __proto__ as a key', () => {
    expect(issues('a: 1\nb: { c: 1, c: 2 }\na: 3\n__proto__: 4\n')).toEqual([
      "3:1 yaml-syntax duplicate key 'a' (first at line 1): a key appears once in a mapping",
      "4:1 yaml-syntax '__proto__' cannot be a key or a name here (JavaScript reserves it); rename it",
      "2:12 yaml-syntax duplicate key 'c' (first at line 2): a key appears once in a mapping",
    ]);
  });

  it('reports only the first alias problem, in document order', () => {
    expect(issues('a: *nope\nb: &x [*x]\nc: *also-nope\n')).toEqual([
      '1:4 yaml-alias alias *nope names no anchor (&nope) before it',
    ]);
  });

  it('accepts an alias to a finished anchor, including one nested in a key', () => {
    expect(issues('a: &x [1, { b: 2 }]\nc: *x\nd: { e: *x }\n')).toEqual([]);
  });

  it('reports the first collection nested too deep, once, and does not walk into it', () => {
    const deep = `${'['.repeat(MAX_DEPTH + 2)}${']'.repeat(MAX_DEPTH + 2)}`;
    expect(issues(`a: ${deep}\nb: ${deep}\n`)).toEqual([
      `1:${3 + MAX_DEPTH} yaml-depth values are nested more than ${MAX_DEPTH} levels deep here`,
    ]);
  });

  it('answers no issues for an empty file', () => {
    expect(issues('')).toEqual([]);
  });
});
