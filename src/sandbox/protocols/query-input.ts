/**
 * Parses an awsQuery / ec2 query form body into a nested object, the inverse of how the SDK flattens it:
 * `Tags.member.1.Key=a` → `{ Tags: [{ Key: 'a' }] }`, `Attributes.entry.1.key=k&Attributes.entry.1.value=v`
 * → `{ Attributes: { k: 'v' } }`, ec2's `InstanceId.1=i-1` → `{ InstanceId: ['i-1'] }`.
 * Scalars stay strings; handlers read them with the typed accessors in `../input.ts`.
 * An empty list is sent as `Name=` and arrives as the empty string.
 */
type Node = { [key: string]: Node | string };

export function parseQueryForm(body: string): Record<string, unknown> {
  const params = new URLSearchParams(body);
  const root: Node = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node: Node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const existing = node[part];
      if (typeof existing === 'object') {
        node = existing;
      } else {
        const child: Node = {};
        node[part] = child;
        node = child;
      }
    }
    node[parts[parts.length - 1]!] = value;
  }
  return normalise(root) as Record<string, unknown>;
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
      if (typeof entry === 'object' && typeof entry.key === 'string') {
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
