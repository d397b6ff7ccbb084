/**
 * A small well-formedness-checking XML reader for the nested configuration bodies (lifecycle rules) that
 * the flat text helpers in xml-input.ts cannot read safely: the same element name (`Prefix`, `Days`) means
 * different things at different depths. Elements, attributes (skipped), text, the five predefined entities,
 * numeric character references, comments and CDATA; no DTDs. Names lose any namespace prefix.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The element's own text (between its child elements), trimmed. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string | undefined {
  let bad = false;
  const out = text.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) bad = true;
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16) || 0xfffd);
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10) || 0xfffd);
    const named = ENTITIES[ref];
    if (named === undefined) bad = true;
    return named ?? '';
  });
  return bad || out.includes('<') ? undefined : out;
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;

/** The document's root element, or undefined when the text is not well-formed XML with one root. */
export function parseXml(source: string): XmlElement | undefined {
  const text = source.replace(/^\uFEFF/, '').replace(/^\s*<\?xml[^?]*\?>/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < text.length) {
    const next = text.indexOf('<', at);
    const chunk = text.slice(at, next < 0 ? text.length : next);
    if (chunk.trim()) {
      const value = decode(chunk);
      const open = stack[stack.length - 1];
      if (value === undefined || !open) return undefined;
      open.text += value;
    }
    if (next < 0) break;
    if (text.startsWith('<!--', next)) {
      const end = text.indexOf('-->', next + 4);
      if (end < 0) return undefined;
      at = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', next)) {
      const end = text.indexOf(']]>', next);
      const open = stack[stack.length - 1];
      if (end < 0 || !open) return undefined;
      open.text += text.slice(next + 9, end);
      at = end + 3;
      continue;
    }
    TAG.lastIndex = next;
    const tag = TAG.exec(text);
    if (!tag) return undefined;
    at = TAG.lastIndex;
    const [, closing, qualified, , selfClosing] = tag;
    const name = qualified!.slice(qualified!.indexOf(':') + 1);
    if (closing) {
      if (selfClosing || stack.pop()?.name !== name) return undefined;
      continue;
    }
    const element: XmlElement = { name, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) return undefined;
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0 || !root) return undefined;
  trimAll(root);
  return root;
}

function trimAll(element: XmlElement): void {
  element.text = element.text.trim();
  element.children.forEach(trimAll);
}

/** The children of `element` named `name`. */
export const childrenNamed = (element: XmlElement, name: string) =>
  element.children.filter((c) => c.name === name);
