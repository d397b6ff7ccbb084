/** What every rule sees: the parsed config, where its values are, and an index built once. */
import type { ConfigIssue } from '../issues.js';
import type { OrgConfig, OuConfig } from '../schema.js';
import type { PathSegment, YamlSource } from '../source.js';

export interface RuleContext {
  config: OrgConfig;
  source: YamlSource;
  readRelative: (path: string) => string | undefined;
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
