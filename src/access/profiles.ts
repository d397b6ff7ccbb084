/**
 * `~/.aws/config` sections for what a person can reach: one `[sso-session]` for the Identity Center
 * portal, one `[profile]` per permission set and account, and one `[profile]` per IAM role reached by
 * switching role from a hub account's IAM user (`role_arn` + `source_profile`). Profile names come from a
 * template, kebab-cased; collisions get `-2`, `-3`… Values come from organization data, which is not
 * trusted: anything that could end a line or start a section in the INI file is refused.
 * {@link mergeAwsConfig} puts the generated block between marker comments in an existing file, leaving
 * every byte outside the markers as it was. Pure: text in, text out.
 */
import type { AccessPortal, Reachable } from './reachable.js';

export interface ProfileOptions {
  /** The Identity Center portal; required when any entry is an Identity Center one. */
  portal?: AccessPortal;
  /** The `[sso-session <name>]` the Identity Center profiles share; default `orgward`. */
  sessionName?: string;
  /** The profile name template; default `{account}-{permissionSet}`. */
  template?: string;
  /** The API region written as `region`; default the portal's region. */
  region?: string;
  /** `output` (json, text, table, yaml…), written only when given. */
  output?: string;
  /**
   * The profile holding the hub IAM user's credentials, for IAM role entries. With placeholders it is
   * rendered like a profile name (kebab-cased); without, it is used as written. Default
   * `{sourceAccount}-{sourceUser}`.
   */
  sourceProfile?: string;
}

export interface GeneratedProfile {
  name: string;
  accountId: string;
  role: string;
}

export interface AwsConfigResult {
  /** The sections orgward owns, without the markers (see {@link mergeAwsConfig}). */
  text: string;
  profiles: GeneratedProfile[];
  /** Entries for which no profile was written, and why. */
  skipped: Array<{ name: string; reason: string }>;
}

export interface MergeResult {
  text: string;
  changed: boolean;
  /** Sections (`profile x`, `sso-session orgward`) the user already defines outside the markers: theirs win. */
  conflicts: string[];
}

export const BEGIN_MARKER = '# BEGIN orgward generated profiles (do not edit between these markers)';
export const END_MARKER = '# END orgward generated profiles';

const DEFAULT_TEMPLATE = '{account}-{permissionSet}';
const DEFAULT_SOURCE_PROFILE = '{sourceAccount}-{sourceUser}';
const DEFAULT_SESSION = 'orgward';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The permission set or IAM role name of an entry. */
const roleOf = (r: Reachable): string => (r.kind === 'identity-center' ? r.permissionSet : r.roleName);

/** `AdministratorAccess` → `Administrator-Access`, `SREAdmin` → `SRE-Admin`, `SRE` stays. */
function splitCamel(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2');
}

/** Lower-case; runs outside `[a-z0-9._-]` (and runs of `-`) become one `-`; no `-` at either end. */
function kebab(value: string): string {
  return splitCamel(value)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

function placeholders(r: Reachable): Record<string, string> {
  const role = roleOf(r);
  return {
    account: r.accountName,
    accountId: r.accountId,
    permissionSet: role,
    role,
    ou: r.ouPath.replace(/\//g, '-'),
    sourceAccount: r.kind === 'iam-role' ? r.sourceAccountId : '',
    sourceUser: r.kind === 'iam-role' ? r.sourceUserName : '',
  };
}

/**
 * A profile name from a template: `{account}`, `{accountId}`, `{permissionSet}` and `{role}` (the
 * permission set or IAM role name), `{ou}` (OU path, `/` → `-`), `{sourceAccount}` and `{sourceUser}`
 * (the hub account id and IAM user of a role entry, empty otherwise). Placeholders are replaced in one
 * pass (a value containing `{account}` stays literal), then the whole is kebab-cased, camel case split:
 * `Shop Prod` + `AdministratorAccess` → `shop-prod-administrator-access`. May be empty.
 */
export function profileName(template: string, r: Reachable): string {
  const values = placeholders(r);
  const rendered = template.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Unknown placeholder ${whole} in profile name template.`);
    return value;
  });
  return kebab(rendered);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Throws unless `value` is safe as an INI value: one line, no control characters, no leading `[`. */
function iniValue(what: string, value: string): string {
  if (CONTROL.test(value) || /^\s*\[/.test(value)) {
    throw new Error(
      `Refusing to write ${what} ${JSON.stringify(value)} to the AWS config: not a safe INI value.`,
    );
  }
  return value;
}

/** Throws unless `value` is safe inside a section header: an INI value without whitespace or brackets. */
function iniName(what: string, value: string): string {
  iniValue(what, value);
  if (value === '' || /[\s[\]]/.test(value)) {
    throw new Error(`Refusing to use ${what} ${JSON.stringify(value)} in an AWS config section header.`);
  }
  return value;
}

const identity = (r: Reachable): string => `${r.kind}\u0000${r.accountId}\u0000${roleOf(r)}`;

interface Named {
  entry: Reachable;
  base: string;
}

/** Entries with their template names; identical duplicates dropped, empty names moved to `skipped`. */
function nameEntries(reachable: Reachable[], template: string, skipped: AwsConfigResult['skipped']): Named[] {
  const seen = new Set<string>();
  const named: Named[] = [];
  for (const entry of reachable) {
    if (seen.has(identity(entry))) continue;
    seen.add(identity(entry));
    const base = profileName(template, entry);
    if (base === '') {
      skipped.push({
        name: `${entry.accountName}/${roleOf(entry)}`,
        reason: `the template ${template} renders an empty profile name`,
      });
    } else named.push({ entry, base });
  }
  return named.sort(
    (a, b) =>
      compare(a.base, b.base) ||
      compare(a.entry.accountId, b.entry.accountId) ||
      compare(roleOf(a.entry), roleOf(b.entry)) ||
      compare(a.entry.kind, b.entry.kind),
  );
}

/** Final names: the first entry of each base name keeps it, the next ones get the first free `-2`, `-3`… */
function assignNames(named: Named[]): Array<{ entry: Reachable; name: string }> {
  const used = new Set(named.map((n) => n.base));
  const taken = new Set<string>();
  return named.map(({ entry, base }) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      name = `${base}-${n}`;
      if (used.has(name)) name = base; // a natural name another entry owns: keep counting
    }
    taken.add(name);
    return { entry, name };
  });
}

const section = (header: string, lines: Array<[string, string | undefined]>): string =>
  [`[${header}]`, ...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} = ${v}`)].join('\n');

function ssoSession(name: string, portal: AccessPortal): string {
  return section(`sso-session ${name}`, [
    ['sso_start_url', iniValue('the portal start URL', portal.startUrl)],
    ['sso_region', iniValue('the portal region', portal.region)],
    ['sso_registration_scopes', 'sso:account:access'],
  ]);
}

interface Settings {
  session: string;
  region?: string;
  output?: string;
  sourceProfile: string;
}

function profileSection(name: string, r: Reachable, s: Settings): string {
  const common: Array<[string, string | undefined]> = [
    ['region', s.region],
    ['output', s.output],
  ];
  if (r.kind === 'identity-center') {
    return section(`profile ${name}`, [
      ['sso_session', s.session],
      ['sso_account_id', iniValue('the account id', r.accountId)],
      ['sso_role_name', iniValue('the permission set name', r.permissionSet)],
      ...common,
    ]);
  }
  const source = s.sourceProfile.includes('{') ? profileName(s.sourceProfile, r) : s.sourceProfile;
  return section(`profile ${name}`, [
    ['role_arn', iniValue('the role ARN', r.roleArn)],
    ['source_profile', iniName('the source profile', source)],
    ['mfa_serial', r.mfaSerial === undefined ? undefined : iniValue('the MFA serial', r.mfaSerial)],
    ...common,
  ]);
}

function settings(reachable: Reachable[], options: ProfileOptions): Settings {
  const needsPortal = reachable.some((r) => r.kind === 'identity-center');
  if (needsPortal && !options.portal) {
    throw new Error(
      'Identity Center entries need the access portal (its start URL and region) to write an sso-session.',
    );
  }
  const region = options.region ?? options.portal?.region;
  return {
    session: iniName('the sso-session name', options.sessionName ?? DEFAULT_SESSION),
    region: region === undefined ? undefined : iniValue('the region', region),
    output: options.output === undefined ? undefined : iniValue('the output format', options.output),
    sourceProfile: options.sourceProfile ?? DEFAULT_SOURCE_PROFILE,
  };
}

/**
 * The `~/.aws/config` sections for `reachable`: the `[sso-session]` first (only when there is an Identity
 * Center entry), then one `[profile]` per entry, sorted by name, a blank line between sections. Throws
 * when an Identity Center entry has no portal to sign in through, or a value is not safe in an INI file.
 */
export function generateAwsConfig(reachable: Reachable[], options: ProfileOptions): AwsConfigResult {
  const s = settings(reachable, options);
  const skipped: AwsConfigResult['skipped'] = [];
  const assigned = assignNames(nameEntries(reachable, options.template ?? DEFAULT_TEMPLATE, skipped)).sort(
    (a, b) => compare(a.name, b.name),
  );
  const sections = assigned.map(({ entry, name }) => profileSection(name, entry, s));
  if (options.portal && assigned.some(({ entry }) => entry.kind === 'identity-center')) {
    sections.unshift(ssoSession(s.session, options.portal));
  }
  return {
    text: sections.length === 0 ? '' : `${sections.join('\n\n')}\n`,
    profiles: assigned.map(({ entry, name }) => ({ name, accountId: entry.accountId, role: roleOf(entry) })),
    skipped,
  };
}

/** `[profile  x]` → `profile x`: a section header's name, whitespace normalized; undefined for other lines. */
function headerName(line: string): string | undefined {
  const match = /^\uFEFF?\s*\[([^\]]*)\]/.exec(line);
  return match?.[1]?.trim().replace(/\s+/g, ' ');
}

/** A line without its terminator: `\r` trimmed, for CRLF files. */
const bare = (line: string): string => line.replace(/\r$/, '');

interface Located {
  /** Character offsets of the BEGIN line's start and the END line's end (before its terminator). */
  start: number;
  end: number;
}

/** Where the marked block is in `text`; undefined when there is none; throws on a broken or repeated one. */
function locateBlock(text: string): Located | undefined {
  const lines = text.split('\n');
  let offset = 0;
  let start: number | undefined;
  let found: Located | undefined;
  for (const line of lines) {
    const content = bare(line).trim();
    if (content === BEGIN_MARKER) {
      if (start !== undefined || found) throw new Error('The AWS config has more than one orgward block.');
      start = offset;
    } else if (content === END_MARKER) {
      if (start === undefined) throw new Error('The AWS config has an orgward END marker without a BEGIN.');
      found = { start, end: offset + bare(line).length };
      start = undefined;
    }
    offset += line.length + 1;
  }
  if (start !== undefined) throw new Error('The AWS config has an orgward BEGIN marker without an END.');
  return found;
}

/** The block's sections, without markers and trailing blank lines. */
function blockSections(block: string): Array<{ name: string | undefined; lines: string[] }> {
  const sections: Array<{ name: string | undefined; lines: string[] }> = [];
  for (const line of block.split('\n').map(bare)) {
    const trimmed = line.trim();
    if (trimmed === BEGIN_MARKER || trimmed === END_MARKER) continue;
    const name = headerName(line);
    if (name !== undefined || sections.length === 0) sections.push({ name, lines: [] });
    sections[sections.length - 1]?.lines.push(line);
  }
  for (const s of sections)
    while (s.lines.length > 0 && s.lines[s.lines.length - 1]?.trim() === '') s.lines.pop();
  return sections.filter((s) => s.lines.length > 0);
}

/** The block's body with sections the user already defines outside the markers dropped. */
function withoutConflicts(block: string, outside: string): { lines: string[]; conflicts: string[] } {
  const userSections = new Set(
    outside
      .split('\n')
      .map(headerName)
      .filter((n) => n !== undefined),
  );
  const conflicts: string[] = [];
  const kept: string[][] = [];
  for (const s of blockSections(block)) {
    if (s.name !== undefined && userSections.has(s.name)) conflicts.push(s.name);
    else kept.push(s.lines);
  }
  return { lines: kept.flatMap((lines, i) => (i === 0 ? lines : ['', ...lines])), conflicts };
}

/** Blank line before the appended block, unless the file is empty or already ends in one. */
function appendSeparator(existing: string, eol: string): string {
  if (existing === '') return '';
  if (/(\r?\n)[ \t]*\r?\n$/.test(existing) || /^\s*\n$/.test(existing)) return '';
  return existing.endsWith('\n') ? eol : eol + eol;
}

/**
 * `block` (from {@link generateAwsConfig}; markers, if present, are ignored) placed between the orgward
 * markers in `existing` (the file's text, '' when there is none): the old block replaced in place, or the
 * block appended after one blank line. Bytes outside the markers never change; sections the user defines
 * outside them win and are reported as conflicts; a CRLF file stays CRLF. Merging the same block again
 * gives the same text. Throws when the markers are broken (a BEGIN without END, two blocks).
 */
export function mergeAwsConfig(existing: string, block: string): MergeResult {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const located = locateBlock(existing);
  const outside = located ? existing.slice(0, located.start) + existing.slice(located.end) : existing;
  const { lines, conflicts } = withoutConflicts(block, outside);
  const marked = [BEGIN_MARKER, ...lines, END_MARKER].join(eol);
  const text = located
    ? existing.slice(0, located.start) + marked + existing.slice(located.end)
    : existing + appendSeparator(existing, eol) + marked + eol;
  return { text, changed: text !== existing, conflicts };
}
