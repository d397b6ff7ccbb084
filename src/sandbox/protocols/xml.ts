/**
 * A tiny XML writer for the awsQuery and ec2 query response envelopes.
 *
 * Values are written by their JavaScript type, the way AWS's query serialisers lay out shapes:
 * - arrays become `<member>` children (or `<item>` for ec2), unless wrapped with {@link xmlList};
 * - `Date` becomes ISO-8601 with milliseconds;
 * - {@link XmlMap} becomes `<entry><key/><value/></entry>` children;
 * - `undefined` and `null` members are omitted, as AWS omits absent members.
 */
export class XmlMap {
  constructor(readonly entries: ReadonlyArray<readonly [string, unknown]>) {}
}

/** A list whose entries have their own element name (restXml: `<Buckets><Bucket/></Buckets>`). */
export class XmlList {
  constructor(
    readonly itemName: string,
    readonly items: readonly unknown[],
    /** Flattened lists repeat the item element with no wrapper (`<Contents/><Contents/>`). */
    readonly flattened = false,
  ) {}
}

export function xmlList(itemName: string, items: readonly unknown[], flattened = false): XmlList {
  return new XmlList(itemName, items, flattened);
}

export function xmlMap(record: Record<string, unknown>): XmlMap {
  return new XmlMap(Object.entries(record));
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => {
    switch (ch) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

export interface XmlStyle {
  /** Element name for list entries: `member` (awsQuery) or `item` (ec2). */
  listItem: string;
}

export function scalarText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  throw new TypeError(`cannot write ${typeof value} as XML text`);
}

export function writeXmlValue(out: string[], name: string, value: unknown, style: XmlStyle): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    out.push(`<${name}>`);
    for (const item of value) writeXmlValue(out, style.listItem, item, style);
    out.push(`</${name}>`);
    return;
  }
  if (value instanceof XmlList) {
    if (!value.flattened) out.push(`<${name}>`);
    for (const item of value.items) writeXmlValue(out, value.flattened ? name : value.itemName, item, style);
    if (!value.flattened) out.push(`</${name}>`);
    return;
  }
  if (value instanceof XmlMap) {
    out.push(`<${name}>`);
    for (const [key, entry] of value.entries) {
      out.push('<entry>');
      writeXmlValue(out, 'key', key, style);
      writeXmlValue(out, 'value', entry, style);
      out.push('</entry>');
    }
    out.push(`</${name}>`);
    return;
  }
  if (typeof value === 'object' && !(value instanceof Date)) {
    out.push(`<${name}>`);
    writeXmlMembers(out, value as Record<string, unknown>, style);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(scalarText(value))}</${name}>`);
}

export function writeXmlMembers(out: string[], record: Record<string, unknown>, style: XmlStyle): void {
  for (const [key, value] of Object.entries(record)) writeXmlValue(out, key, value, style);
}
