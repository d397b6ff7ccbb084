/**
 * Untrusted values (names, descriptions, messages from org.yaml or the organization) made inert before a
 * renderer interpolates them: {@link mdText} and {@link mdCode} for GitHub-flavoured Markdown (plan and
 * audit comments on pull requests), {@link termText} for a terminal. Apply them to the values only, never
 * to the renderer's own formatting; {@link esc} for HTML text and attributes. JSON and SARIF are data.
 */

/**
 * Characters a terminal or a reader would not see as what they are: C0 controls (ESC, BEL, CR, backspace,
 * newline, tab…), DEL, C1 controls (CSI U+009B and OSC U+009D included), the Unicode bidi controls
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b`, `\n`, `\u202e`: a control character written out as visible text. */
function visible(ch: string): string {
  const code = ch.charCodeAt(0);
  const named: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };
  if (named[code]) return named[code];
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A value for a terminal: every control character and bidi override written out (`\x1b[31m` stays the
 * text `\x1b[31m`), so a name cannot recolour, clear, rewrite or reorder what the terminal shows, nor fake
 * a line of its own. Ordinary text comes back unchanged.
 */
export function termText(value: string): string {
  return value.replace(INVISIBLE, visible);
}

/** A space-separated line: runs of whitespace (newlines included) become one space, then {@link termText}. */
export function termLine(value: string): string {
  return termText(value.replace(/\s+/g, ' ').trim());
}

/** Zero-width space, as an entity: breaks `@mentions`, `#123` references and autolinks without showing. */
const ZWSP = '&#8203;';

/**
 * A value as literal text in GitHub-flavoured Markdown, in a paragraph, list item, heading or table cell:
 * one line (whitespace runs become one space, other control and bidi characters are written out as
 * `\x1b`), HTML-special characters as entities (no tags, no comments, no autolinks in `<…>`), Markdown
 * punctuation backslash-escaped (no emphasis, code, links, images, strikethrough, table breaks; `#`, `+`,
 * `-`, `=` and `1.` only where they would start a block), and `@mention`, `#123`, `http://` and `www.`
 * broken with a zero-width space so GitHub neither pings nor links. Ordinary names come back unchanged.
 */
export function mdText(value: string): string {
  return termText(value.replace(/\s+/g, ' ').trim())
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^([#+=-]|\d+(?=[.)]))/, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`))
    .replace(/#(?=\d)/g, `#${ZWSP}`) // before any entity with a `#` goes in
    .replace(/@/g, `@${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`);
}

/**
 * A value as an inline code span: a fence of backticks longer than any run inside it (padded with a space
 * when the value starts or ends with a backtick or a space), on one line, control characters written out.
 * Code spans show HTML and Markdown literally; in a table cell (`table`, the default) `|` is escaped, which
 * GFM reads back as `|` even in code, so that the cell stays whole.
 */
export function mdCode(value: string, options: { table?: boolean } = {}): string {
  const oneLine = termText(value.replace(/\s+/g, ' '));
  const text = options.table === false ? oneLine : oneLine.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text || ' '}${pad}${fence}`;
}

/**
 * A CSV cell: quoted where it holds a comma, quote or newline, and a leading `=`, `+`, `@` or `-` (not
 * the lone '-' tables show for none) prefixed with `'` so a spreadsheet does not run it as a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+@]|^-./.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A value for HTML text or a quoted attribute: `&`, `<`, `>`, `"` and `'` as entities. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
