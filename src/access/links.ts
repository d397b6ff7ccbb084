/**
 * Console sign-in links for what a person can reach: the Identity Center portal's shortcut URL for a
 * permission set in an account, and the console's switch-role URL for an IAM role reached from a hub
 * account. render/access-links.ts lists them as Markdown or one HTML page. Pure: entries in, URLs out.
 */
import type { AccessPortal, ReachableIamRole } from './reachable.js';

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

export interface SwitchRoleOptions {
  /** The console's label for the role; default `<account name>/<role name>`, cut to 64 characters. */
  displayName?: string;
  /** `RRGGBB` (a leading `#` is dropped); default one of the console's palette, chosen by OU. */
  color?: string;
  /** Default from the role ARN, else `aws`. */
  partition?: Partition;
}

const SIGNIN_HOSTS: Record<Partition, string> = {
  aws: 'signin.aws.amazon.com',
  'aws-us-gov': 'signin.amazonaws-us-gov.com',
  'aws-cn': 'signin.amazonaws.cn',
};

/** The switch-role form's colours. */
export const SWITCH_ROLE_PALETTE = ['F2B0A9', 'FBBF93', 'FAD791', 'B7CA9D', '99BCE3'] as const;

const MAX_DISPLAY_NAME = 64;

/**
 * The portal link that signs in to `accountId` with `permissionSet`:
 * `<start URL>/#/console?account_id=…&role_name=…[&destination=…]`, each value URL-encoded.
 */
export function portalShortcutUrl(
  portal: AccessPortal,
  accountId: string,
  permissionSet: string,
  destination?: string,
): string {
  const base = portal.startUrl.replace(/\/+$/, '');
  const query = `account_id=${encodeURIComponent(accountId)}&role_name=${encodeURIComponent(permissionSet)}`;
  const dest = destination === undefined ? '' : `&destination=${encodeURIComponent(destination)}`;
  return `${base}/#/console?${query}${dest}`;
}

/** FNV-1a, 32 bits: a stable hash, the same on every run and machine. */
function fnv1a(value: string): number {
  let hash = 0x811c9dc5;
  for (const ch of value) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The palette colour for an OU path: the same OU always gets the same colour. */
export function ouColor(ouPath: string): string {
  return SWITCH_ROLE_PALETTE[fnv1a(ouPath) % SWITCH_ROLE_PALETTE.length] ?? SWITCH_ROLE_PALETTE[0];
}

function partitionOf(roleArn: string): Partition {
  const match = /^arn:(aws|aws-us-gov|aws-cn):/.exec(roleArn);
  return (match?.[1] as Partition | undefined) ?? 'aws';
}

/** `path/to/Name` for a role with a path (from its ARN), else the name. */
function roleWithPath(r: ReachableIamRole): string {
  const resource = /^arn:[^:]*:iam::[^:]*:role\/(.+)$/.exec(r.roleArn)?.[1];
  if (resource !== undefined && (resource === r.roleName || resource.endsWith(`/${r.roleName}`))) {
    return resource;
  }
  return r.roleName;
}

function colorOf(r: ReachableIamRole, color: string | undefined): string {
  if (color === undefined) return ouColor(r.ouPath);
  const hex = color.replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(hex)) throw new Error(`Not an RRGGBB colour: ${JSON.stringify(color)}.`);
  return hex.toUpperCase();
}

/**
 * The console's switch-role link for an IAM role:
 * `https://signin.aws.amazon.com/switchrole?roleName=…&account=…&displayName=…&color=…` (GovCloud and
 * China have their own sign-in hosts). A role with a path is passed as `path/name`, which the form takes.
 */
export function switchRoleUrl(r: ReachableIamRole, options: SwitchRoleOptions = {}): string {
  const host = SIGNIN_HOSTS[options.partition ?? partitionOf(r.roleArn)];
  const display = Array.from(options.displayName ?? `${r.accountName}/${r.roleName}`)
    .slice(0, MAX_DISPLAY_NAME)
    .join('');
  const params = [
    `roleName=${encodeURIComponent(roleWithPath(r))}`,
    `account=${encodeURIComponent(r.accountId)}`,
    `displayName=${encodeURIComponent(display)}`,
    `color=${colorOf(r, options.color)}`,
  ];
  return `https://${host}/switchrole?${params.join('&')}`;
}
