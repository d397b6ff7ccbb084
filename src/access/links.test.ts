import { describe, expect, it } from 'vitest';
import { ouColor, portalShortcutUrl, SWITCH_ROLE_PALETTE, switchRoleUrl } from './links.js';
import type { ReachableIamRole } from './reachable.js';

const PORTAL = { startUrl: 'https://d-1234567890.awsapps.com/start/', region: 'eu-west-1' };
const START = 'https://d-1234567890.awsapps.com/start';

function role(overrides: Partial<ReachableIamRole> = {}): ReachableIamRole {
  return {
    kind: 'iam-role',
    accountId: '333333333333',
    accountName: 'Shop Dev',
    ouPath: 'Workloads/Dev',
    roleName: 'Deployer',
    roleArn: 'arn:aws:iam::333333333333:role/Deployer',
    sourceAccountId: '999999999999',
    sourceUserName: 'alice',
    ...overrides,
  };
}

/** The query of a URL as decoded pairs. */
const query = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('portalShortcutUrl', () => {
  it('links the permission set in the account through the portal', () => {
    expect(portalShortcutUrl(PORTAL, '111111111111', 'AdministratorAccess')).toBe(
      `${START}/#/console?account_id=111111111111&role_name=AdministratorAccess`,
    );
    expect(portalShortcutUrl({ ...PORTAL, startUrl: START }, '1', 'P')).toBe(
      `${START}/#/console?account_id=1&role_name=P`,
    );
  });

  it('URL-encodes names with spaces, ampersands and the destination', () => {
    expect(
      portalShortcutUrl(
        PORTAL,
        '111111111111',
        'Read & Write Access',
        'https://console.aws.amazon.com/s3/?a=1&b=2',
      ),
    ).toBe(
      `${START}/#/console?account_id=111111111111&role_name=Read%20%26%20Write%20Access` +
        '&destination=https%3A%2F%2Fconsole.aws.amazon.com%2Fs3%2F%3Fa%3D1%26b%3D2',
    );
  });
});

describe('switchRoleUrl', () => {
  it('builds the switch-role link with the default label and the OU colour', () => {
    expect(switchRoleUrl(role())).toBe(
      'https://signin.aws.amazon.com/switchrole?roleName=Deployer&account=333333333333' +
        `&displayName=Shop%20Dev%2FDeployer&color=${ouColor('Workloads/Dev')}`,
    );
  });

  it('encodes names with spaces and ampersands', () => {
    const url = switchRoleUrl(role({ accountName: 'R&D Lab', roleName: 'Ops+Admin' }), {
      color: '#99bce3',
    });
    expect(url).toContain('roleName=Ops%2BAdmin&');
    expect(url).toContain('&displayName=R%26D%20Lab%2FOps%2BAdmin&color=99BCE3');
    expect(query(url)).toEqual({
      roleName: 'Ops+Admin',
      account: '333333333333',
      displayName: 'R&D Lab/Ops+Admin',
      color: '99BCE3',
    });
  });

  it('uses the sign-in host of the partition, from the ARN or the options', () => {
    const gov = role({ roleArn: 'arn:aws-us-gov:iam::333333333333:role/Deployer' });
    const cn = role({ roleArn: 'arn:aws-cn:iam::333333333333:role/Deployer' });
    expect(switchRoleUrl(gov)).toMatch(/^https:\/\/signin\.amazonaws-us-gov\.com\/switchrole\?/);
    expect(switchRoleUrl(cn)).toMatch(/^https:\/\/signin\.amazonaws\.cn\/switchrole\?/);
    expect(switchRoleUrl(role())).toMatch(/^https:\/\/signin\.aws\.amazon\.com\/switchrole\?/);
    expect(switchRoleUrl(role(), { partition: 'aws-cn' })).toMatch(/^https:\/\/signin\.amazonaws\.cn\//);
    expect(switchRoleUrl(gov, { partition: 'aws' })).toMatch(/^https:\/\/signin\.aws\.amazon\.com\//);
  });

  it('passes a role with a path as path/name', () => {
    const withPath = role({ roleArn: 'arn:aws:iam::333333333333:role/ci/deploy/Deployer' });
    expect(query(switchRoleUrl(withPath)).roleName).toBe('ci/deploy/Deployer');
    expect(switchRoleUrl(withPath)).toContain('roleName=ci%2Fdeploy%2FDeployer&');
    const mismatched = role({ roleArn: 'arn:aws:iam::333333333333:role/ci/Other' });
    expect(query(switchRoleUrl(mismatched)).roleName).toBe('Deployer');
  });

  it('cuts the display name to 64 characters without splitting a character', () => {
    const long = query(switchRoleUrl(role({ accountName: 'a'.repeat(70) })));
    expect(long.displayName).toBe('a'.repeat(64));
    const emoji = query(switchRoleUrl(role(), { displayName: '🚀'.repeat(70) }));
    expect(emoji.displayName).toBe('🚀'.repeat(64));
    expect(query(switchRoleUrl(role(), { displayName: 'Prod admin' })).displayName).toBe('Prod admin');
  });

  it('picks a palette colour per OU, the same every time', () => {
    const paths = ['', 'Workloads', 'Workloads/Prod', 'Workloads/Dev', 'Security', 'Sandbox', 'Infra/Net'];
    for (const path of paths) {
      expect(SWITCH_ROLE_PALETTE).toContain(ouColor(path));
      expect(ouColor(path)).toBe(ouColor(path));
      expect(query(switchRoleUrl(role({ ouPath: path }))).color).toBe(ouColor(path));
    }
    expect(new Set(paths.map(ouColor)).size).toBeGreaterThan(1);
  });

  it('refuses a colour that is not RRGGBB', () => {
    expect(() => switchRoleUrl(role(), { color: 'red' })).toThrow(/RRGGBB/);
    expect(() => switchRoleUrl(role(), { color: '99BCE3&x=1' })).toThrow(/RRGGBB/);
  });
});
