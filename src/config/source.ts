/**
 * A parsed YAML file that can say where any value is: `positionOf(['accounts', 'Shop Prod', 'email'])`
 * → line and column. Paths that end at a missing key point at the map that should hold it; `key: true`
 * points at a key itself (for unknown keys).
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigIssue } from './issues.js';

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
}

export class YamlSource {
  readonly document: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
  }

  syntaxIssues(): ConfigIssue[] {
    return [...this.document.errors, ...this.document.warnings].map((error) => {
      const pos = this.lines.linePos(error.pos[0]);
      return {
        file: this.file,
        line: pos.line,
        column: pos.col,
        path: '',
        message: error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
        severity: 'error',
        rule: 'yaml-syntax',
      };
    });
  }

  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: 100 }) as unknown;
  }

  positionOf(path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
    let node: unknown = this.document.contents;
    let lastFound: unknown = node;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (!pair) break;
        if (options.key && i === path.length - 1) {
          lastFound = pair.key;
          break;
        }
        node = pair.value;
      } else if (
        node &&
        typeof node === 'object' &&
        'items' in node &&
        Array.isArray((node as { items: unknown[] }).items)
      ) {
        node = (node as { items: unknown[] }).items[Number(segment)];
      } else {
        break;
      }
      if (node == null) break;
      lastFound = node;
    }
    const range = (lastFound as { range?: [number, number, number] } | null)?.range;
    const pos = this.lines.linePos(range ? range[0] : 0);
    return { line: pos.line, column: pos.col };
  }

  issue(
    path: readonly PathSegment[],
    message: string,
    rule: string,
    options: { key?: boolean; severity?: 'error' | 'warning' } = {},
  ): ConfigIssue {
    const pos = this.positionOf(path, options);
    return {
      file: this.file,
      line: pos.line,
      column: pos.column,
      path: path.join('.'),
      message,
      severity: options.severity ?? 'error',
      rule,
    };
  }
}
