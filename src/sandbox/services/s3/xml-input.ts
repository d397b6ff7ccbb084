/**
 * The few request bodies S3 configuration calls send are flat XML documents (`<Status>Enabled</Status>`,
 * `<Tag><Key>…</Key><Value>…</Value></Tag>`). These helpers read element text from them; they are not a
 * general XML parser and need none of one.
 */
function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every text of `<name>…</name>` (any namespace prefix-free element of that name). */
export function xmlTexts(body: string, name: string): string[] {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g');
  return [...body.matchAll(re)].map((m) => unescape(m[1]!.trim()));
}

export function xmlText(body: string, name: string): string | undefined {
  return xmlTexts(body, name)[0];
}

export function xmlBool(body: string, name: string): boolean {
  return xmlText(body, name)?.toLowerCase() === 'true';
}
