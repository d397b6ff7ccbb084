/** What every rule sees: the parsed config, where its values are, and an index built once. */
import type { ReadRelative } from '../files.js';
import type { ConfigIssue } from '../issues.js';
import type { EntryKind, PartialConfig } from '../partial.js';
import type { AssignmentConfig, OrgConfig, OuConfig } from '../schema.js';
import type { PathSegment, YamlSource } from '../source.js';

export interface RuleContext {
  config: OrgConfig;
  source: YamlSource;
  readRelative: ReadRelative;
  /**
   * Set when `config` is what remained of a file that failed the schema: the entries left out, and
   * where the kept assignments were in the file.
   */
  partial?: Omit<PartialConfig, 'config'> | undefined;
}

/**
 * True when the partial pass left out an entry of this name. It exists in the file with a schema
 * error of its own, so a reference to it is not reported as unknown as well.
 */
export function wasDropped(ctx: RuleContext, kind: EntryKind, name: string): boolean {
  return ctx.partial?.dropped.has(kind, name) ?? false;
}

/** The assignments with their index in the file's list (the partial pass may have left some out). */
export function assignmentsOf(ctx: RuleContext): Array<{ assignment: AssignmentConfig; index: number }> {
  const indexes = ctx.partial?.assignmentIndexes;
  return (ctx.config.identityCenter?.assignments ?? []).map((assignment, i) => ({
    assignment,
    index: indexes?.[i] ?? i,
  }));
}

export interface OuEntry {
  /** `Workloads/Prod` */
  path: string;
  /** Levels below the root: a top-level OU is 1. */
  depth: number;
  yamlPath: PathSegment[];
  config: OuConfig;
}

export interface ConfigIndex {
  ous: Map<string, OuEntry>;
  /** Account name → where it is placed (OU paths with the YAML path of the list entry). */
  placements: Map<string, Array<{ ouPath: string; yamlPath: PathSegment[] }>>;
}

export function indexConfig(config: OrgConfig): ConfigIndex {
  const ous = new Map<string, OuEntry>();
  const placements = new Map<string, Array<{ ouPath: string; yamlPath: PathSegment[] }>>();
  const walk = (
    children: Record<string, OuConfig> | undefined,
    parentPath: string,
    depth: number,
    yamlBase: PathSegment[],
  ) => {
    for (const [name, ou] of Object.entries(children ?? {})) {
      const path = parentPath ? `${parentPath}/${name}` : name;
      const yamlPath = [...yamlBase, name];
      ous.set(path, { path, depth, yamlPath, config: ou });
      (ou.accounts ?? []).forEach((account, i) => {
        const list = placements.get(account) ?? [];
        list.push({ ouPath: path, yamlPath: [...yamlPath, 'accounts', i] });
        placements.set(account, list);
      });
      walk(ou.ous, path, depth + 1, [...yamlPath, 'ous']);
    }
  };
  walk(config.ous, '', 1, ['ous']);
  return { ous, placements };
}

export type Rule = (ctx: RuleContext, index: ConfigIndex) => ConfigIssue[];
