/**
 * Merges an `identityCenter:` fragment (what `orgward iam-users plan` proposes) into an org.yaml text,
 * keeping the file's comments and layout: new users, groups and permission sets are added under their
 * maps, new assignments appended; a name the file already has is left as the file has it (reported),
 * an assignment the file already has is not added twice.
 */
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { UsageError } from '../errors/index.js';

export interface MergeResult {
  text: string;
  added: string[];
  kept: string[];
}

const SECTIONS = ['users', 'groups', 'permissionSets'] as const;

function assignmentKey(a: unknown): string {
  const x = a as Record<string, unknown>;
  return JSON.stringify([x['user'] ?? null, x['group'] ?? null, x['permissionSet'], x['targets']]);
}

/** The map under `key`, made (empty) when the parent has none. */
function mapAt(parent: YAMLMap, key: string): YAMLMap {
  const found = parent.get(key, true);
  if (isMap(found)) return found;
  const made = new YAMLMap();
  parent.set(key, made);
  return made;
}

/** The file's text with the fragment's identities, permission sets and assignments added. */
export function mergeIdentityCenterFragment(
  file: string,
  text: string,
  fragment: Record<string, unknown>,
): MergeResult {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
    throw new UsageError(
      `${file}:${line}:${column}: ${error.message}`,
      `fix ${file} (orgward validate), then merge again`,
    );
  }
  if (!isMap(doc.contents)) throw new UsageError(`${file}: not a map of sections`, 'pass your org.yaml');
  const section = mapAt(doc.contents, 'identityCenter');
  const added: string[] = [];
  const kept: string[] = [];
  if (fragment['identitySource'] !== undefined && !section.has('identitySource'))
    section.set('identitySource', fragment['identitySource']);
  for (const name of SECTIONS) {
    const entries = fragment[name] as Record<string, unknown> | undefined;
    if (!entries || Object.keys(entries).length === 0) continue;
    const map = mapAt(section, name);
    // `groups: {}` as import writes an empty map: what is added goes in block style.
    if (map.items.length === 0) map.flow = false;
    for (const [key, value] of Object.entries(entries)) {
      if (map.has(key)) {
        kept.push(`${name}.${key}`);
        continue;
      }
      map.set(key, doc.createNode(value));
      added.push(`${name}.${key}`);
    }
  }
  const assignments = (fragment['assignments'] as unknown[] | undefined) ?? [];
  if (assignments.length) {
    const found = section.get('assignments', true);
    const list = isSeq(found) ? found : new YAMLSeq();
    if (!isSeq(found)) section.set('assignments', list);
    if (list.items.length === 0) list.flow = false;
    const have = new Set(list.toJSON().map(assignmentKey));
    for (const a of assignments) {
      if (have.has(assignmentKey(a))) continue;
      list.add(doc.createNode(a));
      added.push(`assignment ${assignmentKey(a)}`);
    }
  }
  // Flow lists as the file writes them: `[ a, b ]` (as import writes) or `[a, b]`.
  const flowCollectionPadding = !/\[[^\s\]]/.test(text) || /\[ \S/.test(text);
  return { text: doc.toString({ lineWidth: 0, flowCollectionPadding }), added, kept };
}
