/**
 * A best-effort config for a file that fails the schema, so the rules (references, limits) can still
 * run on everything that did parse and validate reports every problem at once. Unknown keys are
 * stripped; an entry with a wrong value (an account, an OU, a policy, an assignment...) is dropped
 * whole, and its name is remembered so that references to it are not reported as unknown: the schema
 * error already says what is wrong with it.
 */
import type { z } from 'zod';
import { configSchema, type OrgConfig } from './schema.js';
import type { PathSegment } from './source.js';

/** The kinds of named entries that other parts of the file refer to. */
export type EntryKind =
  'ou' | 'account' | 'policy' | 'user' | 'group' | 'permissionSet' | 'customerManagedPolicy';

/** Names of entries left out of a partial config, by kind. */
export class DroppedEntries {
  private readonly names = new Map<EntryKind, Set<string>>();
  /** Kinds whose whole section was dropped (e.g. `accounts: 5`): every name of them may exist. */
  private readonly whole = new Set<EntryKind>();

  add(kind: EntryKind, name?: string): void {
    if (name === undefined) {
      this.whole.add(kind);
      return;
    }
    const set = this.names.get(kind) ?? new Set<string>();
    set.add(name);
    this.names.set(kind, set);
  }

  /** True when `name` was dropped; for OUs also when it lies under a dropped OU (`A/B` under `A`). */
  has(kind: EntryKind, name: string): boolean {
    if (this.whole.has(kind)) return true;
    const set = this.names.get(kind);
    if (!set) return false;
    if (set.has(name)) return true;
    if (kind !== 'ou') return false;
    // each ancestor of `A/B/C` (`A`, `A/B`) looked up: linear in the path, not in the dropped OUs
    for (let slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1))
      if (set.has(name.slice(0, slash))) return true;
    return false;
  }
}

export interface PartialConfig {
  config: OrgConfig;
  dropped: DroppedEntries;
  /** Where each kept assignment sits in the file's list, so rules report it at its own line. */
  assignmentIndexes: number[];
}

/** Mappings of named entries: an error under one drops that entry only. */
const ENTRY_MAPS: ReadonlyArray<{ at: readonly string[]; kind?: EntryKind }> = [
  { at: ['accounts'], kind: 'account' },
  { at: ['policies'], kind: 'policy' },
  { at: ['identityCenter', 'users'], kind: 'user' },
  { at: ['identityCenter', 'groups'], kind: 'group' },
  { at: ['identityCenter', 'permissionSets'], kind: 'permissionSet' },
  { at: ['identityCenter', 'customerManagedPolicies'], kind: 'customerManagedPolicy' },
  // Delegated administrators are keyed by service; nothing refers to them by name.
  { at: ['organization', 'delegatedAdministrators'] },
  // Budgets are keyed by name; nothing refers to them.
  { at: ['budgets'] },
  // Assignments are a list; an error in one drops that assignment only.
  { at: ['identityCenter', 'assignments'] },
];

/** Sections that are mappings of settings: an error in a setting drops that setting only. */
const SETTINGS_SECTIONS = new Set<PathSegment>(['organization', 'identityCenter']);

/** Rounds of dropping and parsing again; one usually suffices, the bound only guards the loop. */
const MAX_ROUNDS = 8;

interface DropPoint {
  /** Path of the value to remove; its last segment is its key (or list index) in its parent. */
  at: PathSegment[];
  /** Entries removed with it; no name means every entry of that kind. */
  names: Array<{ kind: EntryKind; name?: string }>;
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/** OUs nest (`ous.A.ous.B`): the error belongs to the deepest OU whose entry contains it. */
function ouDropPoint(path: readonly PathSegment[]): DropPoint {
  if (path.length === 1) return { at: ['ous'], names: [{ kind: 'ou' }] };
  let end = 2;
  while (path[end] === 'ous' && path.length > end + 1) end += 2;
  const at = path.slice(0, end);
  const ouPath = at.filter((_, i) => i % 2 === 1).join('/');
  return { at, names: [{ kind: 'ou', name: ouPath }] };
}

/** The smallest part of the file to remove so that an error at `path` goes away; undefined: none. */
export function dropPoint(path: readonly PathSegment[]): DropPoint | undefined {
  const [section] = path;
  // An error about the file as a whole (it is not a mapping): nothing to salvage.
  if (section === undefined) return undefined;
  if (section === 'ous') return ouDropPoint(path);
  for (const { at, kind } of ENTRY_MAPS) {
    if (!startsWith(path, at)) continue;
    const entry = path[at.length];
    if (entry === undefined) return { at: [...at], names: kind ? [{ kind }] : [] };
    return { at: [...at, entry], names: kind ? [{ kind, name: String(entry) }] : [] };
  }
  // A whole section, or one setting of a settings section, or a whole list such as `prune`.
  const at = SETTINGS_SECTIONS.has(section) ? path.slice(0, 2) : path.slice(0, 1);
  const names = ENTRY_MAPS.flatMap(({ at: mapAt, kind }) =>
    kind && startsWith(mapAt, at) ? [{ kind }] : [],
  );
  return { at, names };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodeAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

const ASSIGNMENTS: readonly PathSegment[] = ['identityCenter', 'assignments'];

type SchemaIssue = z.ZodError['issues'][number];

/** The file's data as it is cut down, with what was cut. */
class Salvage {
  readonly dropped = new DroppedEntries();
  assignmentIndexes: number[];

  constructor(readonly data: Record<string, unknown>) {
    const list = nodeAt(data, ASSIGNMENTS);
    this.assignmentIndexes = Array.isArray(list) ? list.map((_, i) => i) : [];
  }

  /** Removes what each issue is about; false when an issue concerns the whole file. */
  drop(issues: readonly SchemaIssue[]): boolean {
    // Assignments are removed after the round, so the indexes in this round's issues stay valid.
    const doomed = new Set<number>();
    for (const issue of issues) {
      const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        const node = nodeAt(this.data, path);
        if (isRecord(node)) for (const key of issue.keys) delete node[key];
        continue;
      }
      const point = dropPoint(path);
      if (!point) return false;
      this.remove(point, doomed);
    }
    this.removeAssignments(doomed);
    return true;
  }

  private remove(point: DropPoint, doomed: Set<number>): void {
    for (const { kind, name } of point.names) this.dropped.add(kind, name);
    const parent = nodeAt(this.data, point.at.slice(0, -1));
    const key = point.at.at(-1);
    // The one list whose entries are dropped one by one is the assignments list.
    if (Array.isArray(parent) && typeof key === 'number') doomed.add(key);
    else if (isRecord(parent) && key !== undefined) delete parent[String(key)];
  }

  private removeAssignments(doomed: ReadonlySet<number>): void {
    const ic = this.data.identityCenter;
    const list = nodeAt(this.data, ASSIGNMENTS);
    if (!isRecord(ic) || !Array.isArray(list)) {
      this.assignmentIndexes = [];
      return;
    }
    ic.assignments = list.filter((_, i) => !doomed.has(i));
    this.assignmentIndexes = this.assignmentIndexes.filter((_, i) => !doomed.has(i));
  }
}

/**
 * The config without the entries the schema rejects, or undefined when nothing can be salvaged (the
 * file is not a mapping). `error` is the schema's verdict on `data`, which is left untouched.
 */
export function partialConfig(data: unknown, error: z.ZodError): PartialConfig | undefined {
  if (!isRecord(data)) return undefined;
  const salvage = new Salvage(structuredClone(data));
  let issues = error.issues;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!salvage.drop(issues)) return undefined;
    const parsed = configSchema.safeParse(salvage.data);
    if (parsed.success) {
      const { dropped, assignmentIndexes } = salvage;
      return { config: parsed.data, dropped, assignmentIndexes };
    }
    issues = parsed.error.issues;
  }
  return undefined;
}
