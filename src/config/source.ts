/**
 * A parsed YAML file that can say where any value is: `positionOf(['accounts', 'Shop Prod', 'email'])`
 * → line and column. Paths that end at a missing key point at the map that should hold it; `key: true`
 * points at a key itself (for unknown keys).
 *
 * The file is untrusted input (a pull request's author writes it), so the checks the yaml package makes
 * in quadratic time or not at all are made here, in one linear walk: duplicate keys (with a Set per
 * mapping instead of the package's `uniqueKeys`), aliases (unresolved, cyclic, too many, or expanding
 * to too much: the "billion laughs"), and nesting depth.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Alias,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { ConfigIssue } from './issues.js';

export type PathSegment = string | number;

/**
 * At most this many aliases (`*name`) and anchors (`&name`) in a file: the yaml package resolves each
 * alias by a scan over the anchors and aliases before it, so their product bounds the time.
 */
export const MAX_ALIASES = 5_000;
export const MAX_ANCHORS = 1_000;
/** Aliases may add at most this many nodes to the document once expanded. */
export const MAX_ALIAS_EXPANSION = 1_000_000;
/** Collections nested deeper than this are refused (an org.yaml needs about 12). */
export const MAX_DEPTH = 64;

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
    // uniqueKeys: false: the package compares each key with every earlier one (quadratic in a map's
    // size: 40,000 accounts took a minute); structureIssues() finds duplicates in linear time.
    this.document = parseDocument(text, {
      lineCounter: this.lines,
      uniqueKeys: false,
      prettyErrors: false,
      // the package's warnings (collection keys made strings) would go to stderr; the schema reports them
      logLevel: 'error',
    });
  }

  private at(offset: number, message: string, rule: string): ConfigIssue {
    const pos = this.lines.linePos(offset);
    return { file: this.file, line: pos.line, column: pos.col, path: '', message, severity: 'error', rule };
  }

  syntaxIssues(): ConfigIssue[] {
    const parser = [...this.document.errors, ...this.document.warnings].map((error) =>
      this.at(
        error.pos[0],
        error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
        'yaml-syntax',
      ),
    );
    return [...parser, ...this.structureIssues()];
  }

  /** True when the file holds no value: empty, only whitespace or comments, or a lone `~` / `null`. */
  isEmpty(): boolean {
    const contents = this.document.contents;
    return contents === null || (isScalar(contents) && contents.value === null);
  }

  /**
   * Duplicate keys, aliases and depth, in one walk over the nodes (not over what aliases expand to),
   * in the order the yaml package resolves aliases: a node before its children, a key before its value.
   */
  private structureIssues(): ConfigIssue[] {
    const root = this.document.contents;
    if (!root) return [];
    // Sizes matter only for aliases, which need anchors: without any, sizes are not kept.
    const walk = newStructureWalk(this.text.includes('&'));
    // Each entry is visited twice: on the way in (children pushed) and out (its size computed).
    const stack: WalkEntry[] = [{ node: root, depth: 1, out: false }];
    while (stack.length > 0) {
      const entry = stack.pop()!;
      if (entry.out) finishNode(walk, entry.node);
      else if (isAlias(entry.node)) this.visitAlias(walk, entry.node);
      else this.visitNode(walk, entry, stack);
    }
    return walk.issues;
  }

  /** An alias: it must name an earlier anchor outside itself, within the alias count and expansion. */
  private visitAlias(walk: StructureWalk, node: Alias): void {
    const target = walk.anchors.get(node.source);
    const problem =
      target === undefined
        ? `alias *${node.source} names no anchor (&${node.source}) before it`
        : walk.open.has(target)
          ? `alias *${node.source} is inside the node it names, which would make it endless`
          : ++walk.aliases > MAX_ALIASES
            ? `more than ${MAX_ALIASES} aliases (*name); write the values out`
            : (walk.expansion += walk.sizes.get(target) ?? 1) > MAX_ALIAS_EXPANSION
              ? `aliases expand to more than ${MAX_ALIAS_EXPANSION} values; write the values out instead of nesting aliases`
              : undefined;
    if (target !== undefined) walk.sizes.set(node, walk.sizes.get(target) ?? 1);
    if (problem && !walk.aliasReported) {
      walk.aliasReported = true;
      walk.issues.push(this.at(offsetOf(node), problem, 'yaml-alias'));
    }
  }

  /** Any other node on the way in: its anchor, its depth, its keys; then its children to visit. */
  private visitNode(walk: StructureWalk, { node, depth }: WalkEntry, stack: WalkEntry[]): void {
    if (!isPair(node) && node.anchor) {
      walk.anchors.set(node.anchor, node);
      walk.open.add(node);
      if (++walk.anchorCount > MAX_ANCHORS && !walk.aliasReported) {
        walk.aliasReported = true;
        walk.issues.push(
          this.at(
            offsetOf(node),
            `more than ${MAX_ANCHORS} anchors (&name); write the values out`,
            'yaml-alias',
          ),
        );
      }
    }
    const collection = isMap(node) || isSeq(node);
    if (collection && depth > MAX_DEPTH) {
      if (!walk.depthReported) {
        walk.depthReported = true;
        walk.issues.push(
          this.at(offsetOf(node), `values are nested more than ${MAX_DEPTH} levels deep here`, 'yaml-depth'),
        );
      }
      if (!isPair(node)) walk.open.delete(node);
      return;
    }
    if (isMap(node)) this.duplicateKeys(node, walk.issues);
    if (walk.trackSizes) stack.push({ node, depth, out: true });
    // Children in reverse, so they come off the stack in document order (a key before its value).
    const childDepth = collection ? depth + 1 : depth;
    const children: unknown[] = isPair(node) ? [node.key, node.value] : collection ? node.items : [];
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (isNodeLike(child)) stack.push({ node: child, depth: childDepth, out: false });
    }
  }

  /** Keys written twice in one mapping (a Set per mapping, linear in its size), and `__proto__`. */
  private duplicateKeys(map: YAMLMap, issues: ConfigIssue[]): void {
    const seen = new Map<string, unknown>();
    for (const pair of map.items) {
      if (!isScalar(pair.key)) continue;
      // toJS() turns keys into property names, so 1 and '1' are the same key in the result.
      const key = String(pair.key.value);
      if (key === '__proto__') {
        // As a property name it would set the object's prototype: the entry would vanish silently.
        issues.push(
          this.at(
            pair.key.range?.[0] ?? 0,
            "'__proto__' cannot be a key or a name here (JavaScript reserves it); rename it",
            'yaml-syntax',
          ),
        );
        continue;
      }
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, pair.key);
        continue;
      }
      const firstLine = this.lines.linePos((first as { range?: [number] }).range?.[0] ?? 0).line;
      issues.push(
        this.at(
          pair.key.range?.[0] ?? 0,
          `duplicate key '${key}' (first at line ${firstLine}): a key appears once in a mapping`,
          'yaml-syntax',
        ),
      );
    }
  }

  /**
   * The document as plain data; an issue instead when the yaml package refuses to build it (an alias
   * problem structureIssues() did not catch first).
   */
  data(): { value: unknown; issues: ConfigIssue[] } {
    try {
      return { value: this.document.toJS({ maxAliasCount: MAX_ALIASES }) as unknown, issues: [] };
    } catch (error) {
      let offset = 0;
      visitFirstAlias(this.document.contents, (node) => (offset = node.range?.[0] ?? 0));
      const message = error instanceof Error ? error.message : String(error);
      return {
        value: undefined,
        issues: [this.at(offset, `the file cannot be read: ${message}`, 'yaml-alias')],
      };
    }
  }

  /** Pairs by key, built once per mapping asked about: a lookup per issue stays cheap in big maps. */
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  private pairOf(map: YAMLMap, key: string): Pair | undefined {
    let index = this.pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items)
        if (isPair(pair) && isScalar(pair.key) && !index.has(String(pair.key.value)))
          index.set(String(pair.key.value), pair);
      this.pairIndex.set(map, index);
    }
    return index.get(key);
  }

  positionOf(path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
    let node: unknown = this.document.contents;
    let lastFound: unknown = node;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      if (isMap(node)) {
        const pair = this.pairOf(node, String(segment));
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

function isNodeLike(value: unknown): value is Node | Pair {
  return typeof value === 'object' && value !== null && (isPair(value) || 'range' in value);
}

/** An entry of the structure walk's stack: on the way in, or out (`out`) to compute its size. */
interface WalkEntry {
  node: Node | Pair;
  depth: number;
  out: boolean;
}

/** What the structure walk keeps between nodes. */
interface StructureWalk {
  issues: ConfigIssue[];
  /** The latest node with each anchor, as the walk reaches it. */
  anchors: Map<string, Node>;
  /** Expanded size of each finished node that has an anchor. */
  sizes: Map<Node | Pair, number>;
  /** Anchored nodes the walk is inside of. */
  open: Set<Node>;
  aliases: number;
  anchorCount: number;
  expansion: number;
  aliasReported: boolean;
  depthReported: boolean;
  trackSizes: boolean;
}

function newStructureWalk(trackSizes: boolean): StructureWalk {
  return {
    issues: [],
    anchors: new Map(),
    sizes: new Map(),
    open: new Set(),
    aliases: 0,
    anchorCount: 0,
    expansion: 0,
    aliasReported: false,
    depthReported: false,
    trackSizes,
  };
}

function offsetOf(node: unknown): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
}

function childrenOf(node: Node | Pair): Array<Node | Pair> {
  if (isPair(node)) return [node.key, node.value].filter((c): c is Node => isNodeLike(c));
  if (isMap(node) || isSeq(node)) return (node.items as unknown[]).filter(isNodeLike);
  return [];
}

/** A node on the way out: its expanded size is one plus its children's; it is no longer open. */
function finishNode(walk: StructureWalk, node: Node | Pair): void {
  let size = 1;
  for (const child of childrenOf(node)) size += walk.sizes.get(child) ?? 0;
  walk.sizes.set(node, size);
  if (!isPair(node)) walk.open.delete(node);
}

function visitFirstAlias(root: unknown, found: (node: Node) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return found(node);
    if (isPair(node)) stack.push(node.value, node.key);
    else if (isMap(node) || isSeq(node))
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
}
