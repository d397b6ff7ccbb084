/**
 * Loads org.yaml: YAML syntax → schema → rules, collecting every problem with its file:line:col.
 * Nothing here touches AWS; policy documents referenced with `file:` are read relative to the config,
 * confined to the config's root folder (see files.ts).
 */
import { dirname } from 'node:path';
import type { z } from 'zod';
import { configRoot, confinedReader, readConfigFile, type ReadRelative } from './files.js';
import { sortIssues, type ConfigIssue } from './issues.js';
import { partialConfig } from './partial.js';
import { runRules } from './rules/index.js';
import { configSchema, type OrgConfig } from './schema.js';
import { YamlSource, type PathSegment } from './source.js';

export interface LoadedConfig {
  /** The parsed config, or undefined when it has errors. */
  config: OrgConfig | undefined;
  source: YamlSource;
  issues: ConfigIssue[];
  /**
   * Reads a file named in the config (policy documents), relative to the config's folder; it returns
   * what validation read, so a plan embeds exactly what was validated.
   */
  readRelative: ReadRelative;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function schemaIssues(source: YamlSource, data: unknown, error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push(source.issue([...path, key], `unknown key '${key}'`, 'schema', { key: true }));
      }
      continue;
    }
    const where = path.length ? path.join('.') : 'the file';
    if (issue.code === 'invalid_type') {
      const value = valueAt(data, path);
      if (value === undefined) {
        out.push(
          source.issue(
            path.slice(0, -1),
            `missing '${String(path[path.length - 1])}' (${issue.expected})`,
            'schema',
          ),
        );
      } else {
        out.push(
          source.issue(path, `${where}: expected ${issue.expected}, got ${describeValue(value)}`, 'schema'),
        );
      }
      continue;
    }
    if (issue.code === 'invalid_union') {
      out.push(source.issue(path, `${where}: not a valid value here (see docs/config.md)`, 'schema'));
      continue;
    }
    out.push(source.issue(path, `${where}: ${issue.message}`, 'schema'));
  }
  return out;
}

export interface LoadOptions {
  /** The folder every file the config names must be in (`--root`); default: see configRoot(). */
  root?: string | undefined;
}

export function loadConfigText(
  file: string,
  text: string,
  readRelative: ReadRelative = confinedReader({ root: configRoot(file), baseDir: dirname(file) }),
): LoadedConfig {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxIssues();
  if (syntax.length > 0) return { config: undefined, source, issues: sortIssues(syntax), readRelative };
  if (source.isEmpty()) {
    // An empty file would be a valid config with nothing in it, and plan an organization from nothing.
    const issue: ConfigIssue = {
      file,
      line: 1,
      column: 1,
      path: '',
      message:
        'the file is empty: write the organization in it (see docs/config.md), or run `orgward import` to write it from AWS',
      severity: 'error',
      rule: 'empty-file',
    };
    return { config: undefined, source, issues: [issue], readRelative };
  }
  const built = source.data();
  if (built.issues.length > 0)
    return { config: undefined, source, issues: sortIssues(built.issues), readRelative };
  const data = built.value ?? {};
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    const issues = schemaIssues(source, data, parsed.error);
    // The rules still run on whatever parsed, so references and limits are reported with the schema
    // errors instead of after they are fixed. The config stays undefined: it has errors.
    const partial = partialConfig(data, parsed.error);
    if (partial) {
      const { config, ...rest } = partial;
      // concat, not push(...): a hostile file can have more issues than a call takes arguments
      const all = issues.concat(runRules({ config, source, readRelative, partial: rest }));
      return { config: undefined, source, issues: sortIssues(all), readRelative };
    }
    return { config: undefined, source, issues: sortIssues(issues), readRelative };
  }
  const issues = runRules({ config: parsed.data, source, readRelative });
  const hasErrors = issues.some((i) => i.severity === 'error');
  return { config: hasErrors ? undefined : parsed.data, source, issues: sortIssues(issues), readRelative };
}

/**
 * Reads and loads org.yaml. The file must be a regular file inside the root; what it names with `file:`
 * must be regular files of at most 64 KiB inside the root (refusals are issues at the `file:` value).
 */
export function loadConfigFile(file: string, options: LoadOptions = {}): LoadedConfig {
  const root = configRoot(file, options.root);
  const text = readConfigFile(file, root);
  return loadConfigText(file, text, confinedReader({ root, baseDir: dirname(file) }));
}
