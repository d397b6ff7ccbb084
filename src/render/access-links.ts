/**
 * Sign-in links for what a person can reach, grouped by OU (the root first), accounts by name: as
 * Markdown, or as one self-contained HTML page to bookmark. Names come from the organization and are not
 * trusted: Markdown goes through mdText/mdCode, HTML through {@link esc}, and only http(s) URLs become
 * links. Pure: entries in, text out.
 */
import { portalShortcutUrl, switchRoleUrl } from '../access/links.js';
import type { AccessPortal, Reachable } from '../access/reachable.js';
import { esc, mdCode, mdText } from './escape.js';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One row of a links table, before rendering. */
interface LinkRow {
  accountName: string;
  accountId: string;
  role: string;
  /** The sign-in link, when there is one. */
  url?: string;
  /** Why there is no link. */
  note?: string;
  until?: string;
}

const PORTAL_UNKNOWN = 'portal unknown';

function linkRow(r: Reachable, portal: AccessPortal | undefined): LinkRow {
  const base = { accountName: r.accountName, accountId: r.accountId };
  if (r.kind === 'iam-role') return { ...base, role: r.roleName, url: switchRoleUrl(r) };
  return {
    ...base,
    role: r.permissionSet,
    until: r.until,
    ...(portal ? { url: portalShortcutUrl(portal, r.accountId, r.permissionSet) } : { note: PORTAL_UNKNOWN }),
  };
}

/** Rows grouped by OU path (the root, '', first; then by path), each group sorted by account name. */
function groupByOu(reachable: Reachable[], portal: AccessPortal | undefined): Array<[string, LinkRow[]]> {
  const groups = new Map<string, LinkRow[]>();
  for (const r of reachable) {
    const rows = groups.get(r.ouPath) ?? [];
    rows.push(linkRow(r, portal));
    groups.set(r.ouPath, rows);
  }
  for (const rows of groups.values()) {
    rows.sort(
      (a, b) =>
        compare(a.accountName, b.accountName) || compare(a.accountId, b.accountId) || compare(a.role, b.role),
    );
  }
  return [...groups.entries()].sort(([a], [b]) => compare(a, b));
}

const ouLabel = (ouPath: string): string => (ouPath === '' ? '(root)' : ouPath);

/** The URL if it is http(s), else undefined: nothing else (javascript:, data:) becomes a link. */
function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A URL as a Markdown link destination: characters that could end it or break the table percent-encoded. */
const mdUrl = (url: string): string =>
  url.replace(/[\s()<>|\\`[\]"']/g, (ch) =>
    encodeURIComponent(ch) === ch
      ? `%${ch.charCodeAt(0).toString(16).toUpperCase()}`
      : encodeURIComponent(ch),
  );

function mdRow(row: LinkRow): string {
  const href = safeHref(row.url);
  const link = href ? `[sign in](${mdUrl(href)})` : mdText(row.note ?? 'no link');
  const until = row.until ? mdText(row.until) : '';
  return `| ${mdText(row.accountName)} | ${mdCode(row.accountId)} | ${mdCode(row.role)} | ${link} | ${until} |`;
}

/**
 * The links as GitHub-flavoured Markdown: a `##` heading per OU (the root as `(root)`) and a table
 * (Account | Id | Role | Link | Until) with the accounts by name.
 */
export function linksMarkdown(reachable: Reachable[], portal?: AccessPortal): string {
  const parts = ['# Sign-in links'];
  if (reachable.length === 0) parts.push('Nothing reachable.');
  for (const [ou, rows] of groupByOu(reachable, portal)) {
    const heading = ou === '' ? ouLabel(ou) : mdText(ou);
    const table = [
      '| Account | Id | Role | Link | Until |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map(mdRow),
    ];
    parts.push(`## ${heading}`, table.join('\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export { esc };

const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1f24;background:#fff}',
  'h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}',
  'th{background:#f6f8fa}code{font-size:.9em}.none{color:#6e7781}',
].join('\n');

function htmlRow(row: LinkRow): string {
  const href = safeHref(row.url);
  const link = href
    ? `<a href="${esc(href)}" rel="noopener">sign in</a>`
    : `<span class="none">${esc(row.note ?? 'no link')}</span>`;
  const cells = [
    esc(row.accountName),
    `<code>${esc(row.accountId)}</code>`,
    esc(row.role),
    link,
    esc(row.until ?? ''),
  ];
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

function htmlTable(rows: LinkRow[]): string {
  const head = '<tr><th>Account</th><th>Id</th><th>Role</th><th>Link</th><th>Until</th></tr>';
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${rows.map(htmlRow).join('\n')}\n</tbody>\n</table>`;
}

/**
 * The links as one self-contained HTML5 page: inline CSS, no scripts, no external resources (a
 * Content-Security-Policy says so), an `<h2>` and a table per OU, every untrusted value escaped.
 */
export function linksHtml(reachable: Reachable[], portal?: AccessPortal, title = 'Sign-in links'): string {
  const body = groupByOu(reachable, portal).map(
    ([ou, rows]) => `<h2>${esc(ouLabel(ou))}</h2>\n${htmlTable(rows)}`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${esc(title)}</h1>`,
    ...(body.length === 0 ? ['<p>Nothing reachable.</p>'] : body),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
