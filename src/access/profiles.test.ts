import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BEGIN_MARKER,
  END_MARKER,
  generateAwsConfig,
  mergeAwsConfig,
  profileName,
  type ProfileOptions,
} from './profiles.js';
import type { ReachableIamRole, ReachableIdentityCenter } from './reachable.js';

const PORTAL = { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'eu-west-1' };

function ic(overrides: Partial<ReachableIdentityCenter> = {}): ReachableIdentityCenter {
  return {
    kind: 'identity-center',
    accountId: '111111111111',
    accountName: 'Shop Prod',
    ouPath: 'Workloads/Prod',
    permissionSet: 'AdministratorAccess',
    via: 'user',
    ...overrides,
  };
}

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

const generate = (entries: Parameters<typeof generateAwsConfig>[0], options: ProfileOptions = {}) =>
  generateAwsConfig(entries, { portal: PORTAL, ...options });

const names = (entries: Parameters<typeof generateAwsConfig>[0], options: ProfileOptions = {}) =>
  generate(entries, options).profiles.map((p) => p.name);

describe('profileName', () => {
  it('kebab-cases the account and splits the permission set on camel case', () => {
    expect(profileName('{account}-{permissionSet}', ic())).toBe('shop-prod-administrator-access');
    expect(profileName('{account}-{permissionSet}', ic({ permissionSet: 'ReadOnlyAccess' }))).toBe(
      'shop-prod-read-only-access',
    );
    expect(profileName('{account}-{permissionSet}', ic({ permissionSet: 'SRE' }))).toBe('shop-prod-sre');
    expect(profileName('{role}', ic({ permissionSet: 'SREAdmin' }))).toBe('sre-admin');
    expect(profileName('{role}', ic({ permissionSet: 'EC2FullAccess' }))).toBe('ec2-full-access');
  });

  it('turns runs of other characters into one dash and trims dashes at the ends', () => {
    expect(profileName('{account}', ic({ accountName: '  Shop -- Prod (EU) & more!  ' }))).toBe(
      'shop-prod-eu-more',
    );
    expect(profileName('{account}', ic({ accountName: 'data.lake_v2' }))).toBe('data.lake_v2');
    expect(profileName('{account}', ic({ accountName: 'Café Zürich' }))).toBe('caf-z-rich');
  });

  it('fills every placeholder', () => {
    const r = role({ ouPath: 'Workloads/Prod' });
    expect(profileName('{ou}/{accountId}/{role}/{permissionSet}', r)).toBe(
      'workloads-prod-333333333333-deployer-deployer',
    );
    expect(profileName('{sourceAccount}-{sourceUser}', r)).toBe('999999999999-alice');
    expect(profileName('{sourceAccount}-{account}', ic())).toBe('shop-prod');
    expect(profileName('{ou}-{account}', ic({ ouPath: '' }))).toBe('shop-prod');
  });

  it('substitutes in one pass: a name containing a placeholder stays literal', () => {
    expect(profileName('{account}', ic({ accountName: '{accountId}' }))).toBe('account-id');
  });

  it('refuses an unknown placeholder', () => {
    expect(() => profileName('{acount}', ic())).toThrow(/\{acount\}/);
  });
});

describe('generateAwsConfig', () => {
  it('writes the sso-session and the profiles, sorted by name', () => {
    const result = generate(
      [
        ic({ until: '2025-07-01T00:00:00Z' }),
        role({ mfaSerial: 'arn:aws:iam::999999999999:mfa/alice' }),
        ic({ accountId: '222222222222', accountName: 'Sandbox', ouPath: '', permissionSet: 'SRE' }),
      ],
      { output: 'json' },
    );
    expect(result.text).toBe(
      [
        '[sso-session orgward]',
        'sso_start_url = https://d-1234567890.awsapps.com/start',
        'sso_region = eu-west-1',
        'sso_registration_scopes = sso:account:access',
        '',
        '[profile sandbox-sre]',
        'sso_session = orgward',
        'sso_account_id = 222222222222',
        'sso_role_name = SRE',
        'region = eu-west-1',
        'output = json',
        '',
        '[profile shop-dev-deployer]',
        'role_arn = arn:aws:iam::333333333333:role/Deployer',
        'source_profile = 999999999999-alice',
        'mfa_serial = arn:aws:iam::999999999999:mfa/alice',
        'region = eu-west-1',
        'output = json',
        '',
        '[profile shop-prod-administrator-access]',
        'sso_session = orgward',
        'sso_account_id = 111111111111',
        'sso_role_name = AdministratorAccess',
        'region = eu-west-1',
        'output = json',
        '',
      ].join('\n'),
    );
    expect(result.profiles).toEqual([
      { name: 'sandbox-sre', accountId: '222222222222', role: 'SRE' },
      { name: 'shop-dev-deployer', accountId: '333333333333', role: 'Deployer' },
      { name: 'shop-prod-administrator-access', accountId: '111111111111', role: 'AdministratorAccess' },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('honours the session name, template, region and source profile options', () => {
    const { text } = generate([ic(), role()], {
      sessionName: 'acme',
      template: '{ou}-{accountId}-{role}',
      region: 'us-east-2',
      sourceProfile: 'Hub_Admin',
    });
    expect(text).toBe(
      [
        '[sso-session acme]',
        'sso_start_url = https://d-1234567890.awsapps.com/start',
        'sso_region = eu-west-1',
        'sso_registration_scopes = sso:account:access',
        '',
        '[profile workloads-dev-333333333333-deployer]',
        'role_arn = arn:aws:iam::333333333333:role/Deployer',
        'source_profile = Hub_Admin',
        'region = us-east-2',
        '',
        '[profile workloads-prod-111111111111-administrator-access]',
        'sso_session = acme',
        'sso_account_id = 111111111111',
        'sso_role_name = AdministratorAccess',
        'region = us-east-2',
        '',
      ].join('\n'),
    );
    expect(generate([role()], { sourceProfile: 'hub-{sourceUser}' }).text).toContain(
      'source_profile = hub-alice\n',
    );
  });

  it('writes no sso-session (and needs no portal) when every entry is an IAM role', () => {
    const { text } = generateAwsConfig([role()], {});
    expect(text).toBe(
      [
        '[profile shop-dev-deployer]',
        'role_arn = arn:aws:iam::333333333333:role/Deployer',
        'source_profile = 999999999999-alice',
        '',
      ].join('\n'),
    );
    expect(generateAwsConfig([], {})).toEqual({ text: '', profiles: [], skipped: [] });
  });

  it('refuses Identity Center entries without a portal, saying what is missing', () => {
    expect(() => generateAwsConfig([ic()], {})).toThrow(/access portal.*start URL and region/);
  });

  it('renames colliding names -2, -3… whatever the input order, and lists them under their final names', () => {
    const a = ic({ accountId: '111111111111', accountName: 'Shop Prod' });
    const b = ic({ accountId: '222222222222', accountName: 'shop-prod' });
    const c = ic({ accountId: '333333333333', accountName: 'SHOP  PROD' });
    const expected = [
      { name: 'shop-prod-administrator-access', accountId: '111111111111', role: 'AdministratorAccess' },
      { name: 'shop-prod-administrator-access-2', accountId: '222222222222', role: 'AdministratorAccess' },
      { name: 'shop-prod-administrator-access-3', accountId: '333333333333', role: 'AdministratorAccess' },
    ];
    expect(generate([a, b, c]).profiles).toEqual(expected);
    expect(generate([c, b, a]).profiles).toEqual(expected);
    expect(generate([c, b, a]).text).toBe(generate([a, b, c]).text);
    expect(generate([c, b, a]).skipped).toEqual([]);
  });

  it('does not hand out a suffixed name another entry has naturally', () => {
    const entries = [
      ic({ accountId: '1', accountName: 'x' }),
      ic({ accountId: '2', accountName: 'x' }),
      ic({ accountId: '3', accountName: 'x-2' }),
    ];
    expect(
      generate(entries, { template: '{account}' }).profiles.map((p) => `${p.name}=${p.accountId}`),
    ).toEqual(['x=1', 'x-2=3', 'x-3=2']);
  });

  it('drops identical duplicates silently', () => {
    const result = generate([ic(), ic({ via: 'group:admins' }), role(), role()]);
    expect(result.profiles.map((p) => p.name)).toEqual([
      'shop-dev-deployer',
      'shop-prod-administrator-access',
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('keeps the same account and role name reached both ways as two profiles', () => {
    const both = [
      ic({ permissionSet: 'Deployer', accountId: '333333333333', accountName: 'Shop Dev' }),
      role(),
    ];
    expect(names(both)).toEqual(['shop-dev-deployer', 'shop-dev-deployer-2']);
  });

  it('skips an entry whose name renders empty, saying why', () => {
    const result = generate([ic({ accountName: '日本' }), ic({ accountId: '2' })], { template: '{account}' });
    expect(result.profiles.map((p) => p.name)).toEqual(['shop-prod']);
    expect(result.skipped).toEqual([
      { name: '日本/AdministratorAccess', reason: 'the template {account} renders an empty profile name' },
    ]);
  });

  it('makes an injected account name harmless in the profile name', () => {
    const { text } = generate([ic({ accountName: 'shop\n[profile evil]\nrole_arn = x' })]);
    expect(text).toContain('[profile shop-profile-evil-role_arn-x-administrator-access]\n');
    expect(text).not.toContain('[profile evil]');
  });

  it('refuses values that could end a line or start a section', () => {
    expect(() => generate([ic({ permissionSet: 'Admin\n[profile evil]' })])).toThrow(
      /permission set name "Admin\\n\[profile evil\]"/,
    );
    expect(() => generate([ic({ permissionSet: 'Admin\r' })])).toThrow(/not a safe INI value/);
    expect(() => generate([ic({ permissionSet: '[profile evil]' })])).toThrow(/not a safe INI value/);
    expect(() => generate([ic({ accountId: '1\u0000' })])).toThrow(/account id/);
    expect(() => generate([ic({ permissionSet: 'A\u001b[31m' })])).toThrow(/not a safe INI value/);
    expect(() => generate([ic({ permissionSet: 'A\u2028B' })])).toThrow(/not a safe INI value/);
    expect(() => generate([role({ roleArn: 'arn\n[default]' })])).toThrow(/role ARN/);
    expect(() => generate([role({ mfaSerial: 'arn\nx' })])).toThrow(/MFA serial/);
    expect(() =>
      generateAwsConfig([ic()], { portal: { ...PORTAL, startUrl: 'https://x\n[profile evil]' } }),
    ).toThrow(/portal start URL/);
    expect(() => generate([ic()], { region: 'eu-west-1\nx' })).toThrow(/region/);
    expect(() => generate([ic()], { output: 'json\nx' })).toThrow(/output/);
  });

  it('refuses session and source profile names that would break a section header', () => {
    expect(() => generate([ic()], { sessionName: 'a]b' })).toThrow(/sso-session name/);
    expect(() => generate([ic()], { sessionName: 'a b' })).toThrow(/sso-session name/);
    expect(() => generate([role()], { sourceProfile: 'hub\n[x]' })).toThrow(/source profile/);
  });
});

const BLOCK = '[profile a]\nregion = eu-west-1\n\n[profile b]\nregion = eu-west-1\n';
const MARKED = `${BEGIN_MARKER}\n[profile a]\nregion = eu-west-1\n\n[profile b]\nregion = eu-west-1\n${END_MARKER}`;

describe('mergeAwsConfig', () => {
  it('writes the block alone into an empty or absent file', () => {
    expect(mergeAwsConfig('', BLOCK)).toEqual({ text: `${MARKED}\n`, changed: true, conflicts: [] });
  });

  it('appends the block after one blank line to a file without it', () => {
    const user = '[default]\nregion = us-east-1\n';
    expect(mergeAwsConfig(user, BLOCK).text).toBe(`${user}\n${MARKED}\n`);
    expect(mergeAwsConfig('[default]\nregion = us-east-1', BLOCK).text).toBe(
      `[default]\nregion = us-east-1\n\n${MARKED}\n`,
    );
    expect(mergeAwsConfig(`${user}\n`, BLOCK).text).toBe(`${user}\n${MARKED}\n`);
  });

  it('is idempotent', () => {
    const user = '# mine\n[default]\nregion = us-east-1\n';
    const once = mergeAwsConfig(user, BLOCK);
    const twice = mergeAwsConfig(once.text, BLOCK);
    expect(twice).toEqual({ text: once.text, changed: false, conflicts: [] });
  });

  it('replaces the block in place without changing a byte outside the markers', () => {
    const before = '# my comment ; keep = this\n[default]\nregion = us-east-1   \n\n\n';
    const after = '\n; trailing comment\n[profile mine]\nrole_arn = arn:aws:iam::1:role/x\n\n  \t\n';
    const old = `${BEGIN_MARKER}\n[profile old]\nregion = x\n${END_MARKER}`;
    const result = mergeAwsConfig(`${before}${old}${after}`, BLOCK);
    expect(result).toEqual({ text: `${before}${MARKED}${after}`, changed: true, conflicts: [] });
  });

  it('keeps a block at the end of a file without a final newline that way', () => {
    const old = `[default]\n\n${BEGIN_MARKER}\n${END_MARKER}`;
    expect(mergeAwsConfig(old, BLOCK).text).toBe(`[default]\n\n${MARKED}`);
  });

  it("drops a section the user defines outside the markers, so the user's wins, and reports it", () => {
    const user = '[profile  b ]\nregion = ap-south-1\n';
    const result = mergeAwsConfig(user, BLOCK);
    expect(result.conflicts).toEqual(['profile b']);
    expect(result.text).toBe(`${user}\n${BEGIN_MARKER}\n[profile a]\nregion = eu-west-1\n${END_MARKER}\n`);
    expect(mergeAwsConfig(result.text, BLOCK)).toEqual({ ...result, changed: false });
  });

  it('reports a conflicting sso-session too', () => {
    const block = '[sso-session orgward]\nsso_region = eu-west-1\n\n[profile a]\nsso_session = orgward\n';
    const user = `[sso-session orgward]\nsso_region = us-east-1\n\n${BEGIN_MARKER}\n${END_MARKER}\n`;
    const result = mergeAwsConfig(user, block);
    expect(result.conflicts).toEqual(['sso-session orgward']);
    expect(result.text).toBe(
      `[sso-session orgward]\nsso_region = us-east-1\n\n${BEGIN_MARKER}\n[profile a]\nsso_session = orgward\n${END_MARKER}\n`,
    );
  });

  it('keeps a CRLF file CRLF, outside bytes included', () => {
    const user = '[default]\r\nregion = us-east-1\r\n';
    const once = mergeAwsConfig(user, BLOCK);
    expect(once.text).toBe(`${user}\r\n${MARKED.replace(/\n/g, '\r\n')}\r\n`);
    expect(once.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(mergeAwsConfig(once.text, BLOCK)).toEqual({ text: once.text, changed: false, conflicts: [] });
    const replaced = mergeAwsConfig(once.text, '[profile c]\nregion = x\n');
    expect(replaced.text).toBe(
      `${user}\r\n${BEGIN_MARKER}\r\n[profile c]\r\nregion = x\r\n${END_MARKER}\r\n`,
    );
  });

  it('accepts a block that already carries the markers', () => {
    expect(mergeAwsConfig('', `${MARKED}\n`).text).toBe(`${MARKED}\n`);
  });

  it('refuses broken markers rather than guess', () => {
    expect(() => mergeAwsConfig(`${BEGIN_MARKER}\n[profile a]\n`, BLOCK)).toThrow(
      /BEGIN marker without an END/,
    );
    expect(() => mergeAwsConfig(`${END_MARKER}\n`, BLOCK)).toThrow(/END marker without a BEGIN/);
    expect(() => mergeAwsConfig(`${MARKED}\n${MARKED}\n`, BLOCK)).toThrow(/more than one/);
  });

  it('writes an empty block as the two markers', () => {
    expect(mergeAwsConfig('', '').text).toBe(`${BEGIN_MARKER}\n${END_MARKER}\n`);
  });
});

/** The AWS CLI (v1 or v2) on the PATH, if any. */
function awsCli(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('with the real AWS CLI', () => {
  it.skipIf(!awsCli())('reads every generated profile from the merged file', { timeout: 90_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgward-profiles-'));
    try {
      const entries = [
        ic(),
        ic({ accountId: '222222222222', accountName: 'Sandbox', ouPath: '', permissionSet: 'SRE' }),
        ic({ accountId: '444444444444', accountName: 'shop prod' }),
        ic({ accountName: 'evil\n[profile evil]', accountId: '555555555555' }),
        role({ mfaSerial: 'arn:aws:iam::999999999999:mfa/alice' }),
      ];
      const generated = generate(entries, { output: 'json' });
      const user =
        '# my settings\n[default]\nregion = us-east-1\n\n[profile 999999999999-alice]\nregion = us-east-1\n';
      const config = join(dir, 'config');
      writeFileSync(config, mergeAwsConfig(user, generated.text).text);
      const env = { ...process.env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
      const get = (key: string, profile: string) =>
        execFileSync('aws', ['configure', 'get', key, '--profile', profile], {
          env,
          encoding: 'utf8',
          stdio: 'pipe',
        }).trim();
      expect(generated.profiles).toHaveLength(5);
      for (const profile of generated.profiles) {
        expect(get('region', profile.name)).toBe('eu-west-1');
      }
      expect(get('sso_account_id', 'shop-prod-administrator-access-2')).toBe('444444444444');
      expect(get('output', 'sandbox-sre')).toBe('json');
      expect(get('role_arn', 'shop-dev-deployer')).toBe('arn:aws:iam::333333333333:role/Deployer');
      expect(get('region', '999999999999-alice')).toBe('us-east-1');
      expect(() => get('region', 'evil')).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
