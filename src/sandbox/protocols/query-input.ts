/**
 * Parses an awsQuery / ec2 query form body into a nested object, the inverse of how the SDK flattens it:
 * `Tags.member.1.Key=a` → `{ Tags: [{ Key: 'a' }] }`, `Attributes.entry.1.key=k&Attributes.entry.1.value=v`
 * → `{ Attributes: { k: 'v' } }`, ec2's `InstanceId.1=i-1` → `{ InstanceId: ['i-1'] }`.
 * Scalars stay strings; handlers read them with the typed accessors in `../input.ts`.
 * An empty list is sent as `Name=` and arrives as the empty string.
 *
 * Hostile keys cannot reach `Object.prototype`: the tree is built from null-prototype nodes, and a
 * parameter with a `__proto__` segment (or a map entry keyed `__proto__`) is ignored, as AWS ignores
 * parameters it does not know; no AWS member has that name. `constructor` and `prototype` stay ordinary
 * own members.
 */
type Node = { [key: string]: Node | string };

function node(): Node {
  return Object.create(null) as Node;
}

export function parseQueryForm(body: string): Record<string, unknown> {
  const params = new URLSearchParams(body);
  const root = node();
  for (const [key, value] of params) {
    const parts = key.split('.');
    if (parts.includes('__proto__')) continue;
    let current: Node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const existing = current[part];
      if (typeof existing === 'object') {
        current = existing;
      } else {
        const child = node();
        current[part] = child;
        current = child;
      }
    }
    current[parts[parts.length - 1]!] = value;
  }
  // The top level is always the input object (members named `1` or `member` there are just members).
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(root)) input[key] = normalise(root[key]!);
  return input;
}

function isIndexKey(key: string): boolean {
  return /^[1-9][0-9]*$/.test(key);
}

function normalise(node: Node | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  // `member` / `item` wrap a 1-indexed list; `entry` wraps a map of key/value pairs.
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'item')) {
    const inner = node[keys[0]];
    return typeof inner === 'string' ? [inner] : normalise(inner!);
  }
  if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
    const map: Record<string, unknown> = {};
    for (const entry of Object.values(node.entry)) {
      if (typeof entry === 'object' && typeof entry.key === 'string' && entry.key !== '__proto__') {
        map[entry.key] = normalise(entry.value ?? '');
      }
    }
    return map;
  }
  if (keys.length > 0 && keys.every(isIndexKey)) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => normalise(node[String(index)]!));
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = normalise(node[key]!);
  return out;
}
