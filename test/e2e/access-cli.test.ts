/**
 * `orgward access` as a user runs it: the built binary, as a child process, against a sandbox served
 * over HTTP on a free port. The access world (nested OUs, two SCPs, Identity Center from org.yaml with a
 * time-bound assignment, a hub account whose IAM users switch into member roles) is built once through
 * the library on that same server; the CLI then reads the model once (`access model`) and every other
 * command answers from the saved file, which the sandbox's call count proves. Covered: the matrix (CSV,
 * HTML in headless Chromium), who-can, can and its exit codes, explain, what bad input says (exit 2),
 * profiles merged into an existing AWS config file and read back by the AWS CLI, sign-in links (HTML in
 * Chromium, Markdown), grant (dry run and written) and diff.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, Sandbox, type RunningServer } from '../../src/api/sandbox.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { ACCESS_ACCOUNTS, accessWorld, setUpAccessWorld } from '../../src/cli/demo/access-world.js';
import { awsCliInstalled, BIN, requireBuild, type CliRun } from '../support/cli.js';

const built = requireBuild();
const CHROMIUM = '/usr/bin/chromium';
const chromium = existsSync(CHROMIUM);
const aws = awsCliInstalled();
const { 'Shop Prod': PROD, 'Shop Dev': DEV, 'Shop Staging': STAGING, Hub: HUB } = ACCESS_ACCOUNTS;
const JANE = `${HUB}/jane`;
const REGION = ['--in-region', 'eu-west-1'];
const BEGIN = '# BEGIN orgward generated profiles (do not edit between these markers)';
const END = '# END orgward generated profiles';

/** Opens a local HTML file in headless Chromium; hands the page, the errors and the requests to `use`. */
async function inChromium<T>(
  file: string,
  use: (page: Page, seen: { errors: string[]; requests: string[]; url: string }) => Promise<T>,
): Promise<T> {
  const { chromium: launcher } = await import('playwright-core');
  const browser = await launcher.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    const seen = { errors: [] as string[], requests: [] as string[], url };
    page.on('request', (r) => seen.requests.push(r.url()));
    page.on('pageerror', (e) => seen.errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') seen.errors.push(m.text());
    });
    await page.goto(url);
    return await use(page, seen);
  } finally {
    await browser.close();
  }
}

describe.runIf(built)('orgward access (the built CLI against a sandbox over HTTP)', () => {
  let sandbox: Sandbox;
  let server: RunningServer;
  let dir: string;
  let env: Record<string, string>;
  /** org.yaml as setUpAccessWorld wrote it, before any grant. */
  let original: string;
  /** `access model --iam-roles --out access.json`, run once in beforeAll. */
  let modelRun: CliRun;
  const path = (name: string) => join(dir, name);
  const both = (r: CliRun) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  const calls = () => sandbox.stats.snapshot().total;

  /** The binary as a child process (asynchronous: the sandbox answers from this process meanwhile). */
  const cli = (...args: string[]) =>
    new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args, '--endpoint-url', server.url], {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, stderr }));
    });

  /** `orgward access <command> … --model access.json`, which must not call AWS at all. */
  const offline = async (command: string, ...args: string[]) => {
    const before = calls();
    const run = await cli('access', command, ...args, '--model', 'access.json');
    expect(calls(), `${command} made AWS calls despite --model\n${both(run)}`).toBe(before);
    return run;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orgward-access-cli-'));
    sandbox = new Sandbox();
    sandbox.loadDocument(accessWorld());
    server = await listen(sandbox, 0);
    const factory = new ClientFactory(
      {
        region: 'eu-west-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
      { now: () => sandbox.now().getTime() },
    );
    await setUpAccessWorld(factory, dir, sandbox.now());
    original = readFileSync(path('org.yaml'), 'utf8');
    copyFileSync(path('org.yaml'), path('org.base.yaml'));
    writeFileSync(path('credentials'), '[default]\naws_access_key_id = test\naws_secret_access_key = test\n');
    writeFileSync(path('config'), '[default]\nregion = eu-west-1\n');
    env = {
      AWS_CONFIG_FILE: path('config'),
      AWS_SHARED_CREDENTIALS_FILE: path('credentials'),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    modelRun = await cli('access', 'model', '--iam-roles', '--out', 'access.json');
    if (modelRun.status !== 0) throw new Error(`access model failed\n${both(modelRun)}`);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it('model: read once over HTTP, saved, and the counts named on stderr', () => {
    // The run is in beforeAll: every other case answers from its file.
    expect(modelRun.status, both(modelRun)).toBe(0);
    expect(modelRun.stdout).toBe('');
    expect(modelRun.stderr).toMatch(
      /^access model written to access\.json: 5 accounts, 4 permission sets, 11 assignments, 2 AWS-managed and 3 customer-managed documents, IAM of 5 accounts$/m,
    );
    expect(calls()).toBeGreaterThan(0);
    const file = JSON.parse(readFileSync(path('access.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ iamRoles: true });
  });

  it('matrix --config org.yaml --format csv: a header, a row per path, the time-bound one ends', async () => {
    const run = await offline('matrix', '--config', 'org.yaml', '--format', 'csv');
    expect(run.status, both(run)).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('user,account,account id,OU,permission set / role,via,until');
    expect(lines).toHaveLength(21);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^bob,Shop Prod,${PROD},Workloads/Prod,TableOperator,user,\\d{4}-\\d\\d-\\d\\dT`),
      ),
    );
  }, 90_000);

  it('matrix --format csv (no --config): a header and 20 rows, groups expanded, jump roles', async () => {
    const run = await offline('matrix', '--format', 'csv');
    expect(run.status, both(run)).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('user,account,account id,OU,permission set / role,via,until');
    expect(lines.slice(1)).toHaveLength(20);
    expect(lines).toContain(`alice,Shop Staging,${STAGING},Workloads/Staging,Developer,group:Developers,`);
    expect(lines).toContain(`carol,Hub,${HUB},Shared,Admin,group:Platform,`);
    expect(lines).toContain(
      `${HUB}/sam,Shop Dev,${DEV},Workloads/Dev,role SRE,iam-user:${HUB}/sam,depends on aws:MultiFactorAuthPresent`,
    );
    expect(
      lines.filter((l) => l.startsWith('bob,Shop Prod,') && l.includes(',TableOperator,user,')),
    ).toHaveLength(1);
  }, 90_000);

  describe.runIf(chromium)('the HTML matrix in headless Chromium', () => {
    it('has 20 rows, no console error and no request but the file', async () => {
      const run = await offline('matrix', '--format', 'html', '--out', 'm.html');
      expect(run.status, both(run)).toBe(0);
      expect(run.stderr).toContain('access matrix written to m.html');
      await inChromium(path('m.html'), async (page, seen) => {
        expect(await page.locator('tbody tr').count()).toBe(20);
        expect(await page.locator('thead th').allTextContents()).toEqual([
          'user',
          'account',
          'account id',
          'OU',
          'permission set / role',
          'via',
          'until',
        ]);
        expect(seen.errors).toEqual([]);
        expect(seen.requests).toEqual([seen.url]);
      });
    }, 90_000);
  });

  it('who-can DeleteTable in ou:Workloads: carol everywhere but Prod, alice and bob in Dev only', async () => {
    const run = await offline('who-can', 'dynamodb:DeleteTable', '--account', 'ou:Workloads', ...REGION);
    expect(run.status, both(run)).toBe(0);
    expect(run.stdout).toContain('who can dynamodb:DeleteTable on * in 3 accounts');
    const rows = run.stdout.split('\n');
    const allowed = (label: string) => rows.find((l) => l.startsWith(label) && /\ballowed\b/.test(l));
    expect(allowed('carol → group:Platform → Admin → Shop Dev'), run.stdout).toBeDefined();
    expect(allowed('carol → group:Platform → Admin → Shop Staging'), run.stdout).toBeDefined();
    expect(allowed('alice → group:Developers → Developer → Shop Dev'), run.stdout).toBeDefined();
    expect(allowed('bob → group:Developers → Developer → Shop Dev'), run.stdout).toBeDefined();
    expect(run.stdout).not.toContain('Shop Prod');
    expect(run.stdout).not.toMatch(/(alice|bob) .*Shop Staging/);

    const json = await offline(
      'who-can',
      'dynamodb:DeleteTable',
      '--account',
      'ou:Workloads',
      ...REGION,
      '--format',
      'json',
    );
    expect(json.status, both(json)).toBe(0);
    const decisions = JSON.parse(json.stdout) as Array<{
      accountName: string;
      path: { kind: string; userName?: string; permissionSet?: string };
      decision: { decision: string };
    }>;
    const paths = decisions
      .filter((d) => d.path.kind === 'identity-center')
      .map((d) => `${d.accountName}:${d.path.userName}/${d.path.permissionSet}:${d.decision.decision}`)
      .sort();
    expect(paths).toEqual([
      'Shop Dev:alice/Developer:Allow',
      'Shop Dev:bob/Developer:Allow',
      'Shop Dev:carol/Admin:Allow',
      'Shop Staging:carol/Admin:Allow',
    ]);
    expect(decisions.some((d) => d.accountName === 'Shop Prod')).toBe(false);
  }, 90_000);

  it('can: exit 1 with the SCP when denied, 0 when allowed, 1 and the key when it depends', async () => {
    const bob = await offline('can', 'bob', 'dynamodb:DeleteTable', '--account', 'Shop Prod', ...REGION);
    expect(bob.status, both(bob)).toBe(1);
    expect(bob.stdout).toMatch(
      /bob → assigned → TableOperator → Shop Prod +denied \(explicit\) +Deny SCP at OU Workloads\/Prod: SCP ProtectProdTables Sid NoDeleteTable/,
    );
    expect(bob.stderr).toContain('bob cannot dynamodb:DeleteTable there');

    const carol = await offline('can', 'carol', 'ec2:RunInstances', '--account', 'Shop Dev', ...REGION);
    expect(carol.status, both(carol)).toBe(0);
    expect(carol.stdout).toMatch(/carol → group:Platform → Admin → Shop Dev +allowed/);

    const alice = await offline('can', 'alice', 's3:PutObject', '--account', 'Shop Dev', ...REGION);
    expect(alice.status, both(alice)).toBe(1);
    expect(alice.stdout).toContain('depends on aws:SourceIp');
    expect(alice.stderr).toContain("alice may, depending on the request's conditions");

    const office = await offline(
      'can',
      'alice',
      's3:PutObject',
      '--account',
      'Shop Dev',
      ...REGION,
      '--context',
      'aws:SourceIp=203.0.113.7',
    );
    expect(office.status, both(office)).toBe(0);
    expect(office.stdout).toMatch(
      /alice → group:Developers → Developer → Shop Dev +allowed .*ArtifactsFromTheOffice/,
    );
  }, 120_000);

  it('explain: every SCP level of the denied path through TableOperator', async () => {
    const run = await offline(
      'explain',
      'bob',
      'dynamodb:DeleteTable',
      '--account',
      'Shop Prod',
      ...REGION,
      '--permission-set',
      'TableOperator',
    );
    expect(run.status, both(run)).toBe(0);
    expect(run.stdout).toContain(`bob → assigned → TableOperator → Shop Prod (${PROD})`);
    expect(run.stdout).toContain('decision: denied (explicit)');
    expect(run.stdout).toContain('service control policies:');
    for (const level of ['Root', 'OU Workloads', 'OU Workloads/Prod', 'account Shop Prod'])
      expect(run.stdout).toContain(`SCP at ${level}: `);
    expect(run.stdout).toContain('Deny SCP at OU Workloads/Prod: SCP ProtectProdTables Sid NoDeleteTable');
    expect(run.stdout).not.toContain('→ Developer →');
  }, 90_000);

  it('says what is wrong with bad input on stderr, exit 2', async () => {
    writeFileSync(path('not-a-model.json'), '{"hello": 1}\n');
    const cases: Array<[string[], RegExp]> = [
      [['who-can', 'dynamo:DeleteTable'], /unknown service prefix 'dynamo'[\s\S]*did you mean dynamodb\?/],
      [['who-can', 'dynamodb:DropTable'], /dynamodb has no action 'DropTable'/],
      [['who-can', 'dynamodb:DeleteTable', '--resource', 'table/x'], /'table\/x' is not an ARN/],
      [['can', 'mallory', 's3:GetObject'], /no Identity Center user 'mallory'/],
      [
        ['who-can', 's3:GetObject', '--account', 'Nope'],
        /--account 'Nope': no such account in the organization/,
      ],
      [['who-can', 's3:GetObject', '--format', 'nope'], /--format nope is not one of table, json/],
      [['matrix', '--format', 'nope'], /--format nope is not one of table, csv, json, markdown, html/],
    ];
    for (const [args, message] of cases) {
      const [command, ...rest] = args;
      const run = await offline(command!, ...rest);
      expect(run.status, both(run)).toBe(2);
      expect(run.stderr, both(run)).toMatch(message);
      expect(run.stdout).toBe('');
    }
    const badModels: Array<[string, RegExp]> = [
      ['org.yaml', /--model org\.yaml is not JSON/],
      ['not-a-model.json', /--model not-a-model\.json is not an access model/],
    ];
    for (const [file, message] of badModels) {
      const run = await cli('access', 'who-can', 's3:GetObject', '--model', file);
      expect(run.status, both(run)).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  }, 300_000);

  it('profiles: merged between markers into an existing config, idempotent, read by the AWS CLI', async () => {
    const mine = '# my own settings\n[profile mine]\nregion = eu-central-1\noutput = json\n';
    writeFileSync(path('aws-config'), mine);
    const first = await offline('profiles', '--user', 'alice', '--out', path('aws-config'));
    expect(first.status, both(first)).toBe(0);
    expect(first.stderr).toContain(`3 profiles for alice written to ${path('aws-config')}`);
    const written = readFileSync(path('aws-config'), 'utf8');
    // The user's lines are byte for byte where they were; the block comes after, between the markers.
    expect(written.startsWith(mine)).toBe(true);
    const block = written.slice(mine.length).replace(/^\n/, '');
    expect(block.startsWith(`${BEGIN}\n`)).toBe(true);
    expect(block.endsWith(`${END}\n`)).toBe(true);
    expect(block.match(/^\[profile mine\]$/m)).toBeNull();
    expect(block).toContain('[sso-session orgward]');
    for (const p of ['shop-dev-developer', 'shop-prod-developer', 'shop-staging-developer'])
      expect(block).toContain(`[profile ${p}]`);

    const second = await offline('profiles', '--user', 'alice', '--out', path('aws-config'));
    expect(second.status, both(second)).toBe(0);
    expect(second.stderr).toContain('already in');
    expect(readFileSync(path('aws-config'), 'utf8')).toBe(written);

    const jane = await offline('profiles', '--user', JANE, '--out', path('jane-config'));
    expect(jane.status, both(jane)).toBe(0);

    if (!aws) return;
    const get = (file: string, key: string, profile: string) => {
      const r = spawnSync('aws', ['configure', 'get', key, '--profile', profile], {
        encoding: 'utf8',
        env: {
          ...process.env,
          AWS_CONFIG_FILE: file,
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PROFILE: '',
          AWS_DEFAULT_PROFILE: '',
        },
        timeout: 60_000,
      });
      return `${r.status}:${r.stdout.trim()}`;
    };
    expect(get(path('aws-config'), 'sso_account_id', 'shop-dev-developer')).toBe(`0:${DEV}`);
    expect(get(path('aws-config'), 'sso_role_name', 'shop-staging-developer')).toBe('0:Developer');
    expect(get(path('aws-config'), 'region', 'mine')).toBe('0:eu-central-1');
    expect(get(path('jane-config'), 'role_arn', 'shop-prod-dev')).toBe(`0:arn:aws:iam::${PROD}:role/Dev`);
  }, 180_000);

  describe.runIf(chromium)('sign-in links', () => {
    it("jane's HTML page in headless Chromium: three switch-role links", async () => {
      const run = await offline('links', '--user', JANE, '--format', 'html', '--out', 'links.html');
      expect(run.status, both(run)).toBe(0);
      await inChromium(path('links.html'), async (page, seen) => {
        const links = await page.locator('a[href]').all();
        const hrefs = (await Promise.all(links.map((a) => a.getAttribute('href')))).map((h) => h ?? '');
        expect(hrefs).toHaveLength(3);
        for (const href of hrefs) expect(href).toMatch(/^https:\/\/signin\.aws\.amazon\.com\/switchrole\?/);
        expect(hrefs.map((h) => new URL(h).searchParams.get('account')).sort()).toEqual(
          [PROD, STAGING, DEV].sort(),
        );
        expect(seen.errors).toEqual([]);
        expect(seen.requests).toEqual([seen.url]);
      });
    }, 90_000);
  });

  it("alice's Markdown links go through the access portal", async () => {
    const run = await offline('links', '--user', 'alice', '--format', 'markdown');
    expect(run.status, both(run)).toBe(0);
    expect(run.stdout).toContain('awsapps.com/start/#/console?account_id=');
    for (const id of [PROD, STAGING, DEV])
      expect(run.stdout).toContain(`account_id=${id}&role_name=Developer`);
  }, 90_000);

  describe('grant and diff (in this order: grant edits org.yaml)', () => {
    let at: string | undefined;
    /** 20 days ahead of the sandbox's clock, fixed at first use (both runs grant the same). */
    const until = () =>
      (at ??= new Date(sandbox.now().getTime() + 20 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'));
    const grant = (...more: string[]) =>
      offline(
        'grant',
        '--config',
        'org.yaml',
        '--user',
        'alice',
        '--account',
        'Shop Staging',
        '--actions',
        'dynamodb:*',
        '--until',
        until(),
        ...more,
      );

    it('--dry-run shows the plan and who gains what, and leaves org.yaml alone', async () => {
      const before = readFileSync(path('org.yaml'));
      const run = await grant('--dry-run');
      expect(run.status, both(run)).toBe(0);
      expect(run.stdout).toContain(
        'would edit org.yaml: alice gets the existing permission set TableOperator',
      );
      expect(run.stdout).toMatch(/^plan:\n {2}\+ .*alice.*/m);
      expect(run.stdout).toContain('alice gains dynamodb:* in Shop Staging');
      expect(run.stdout).toContain('nothing was written (--dry-run)');
      expect(readFileSync(path('org.yaml')).equals(before)).toBe(true);
    }, 90_000);

    it('without --dry-run writes org.yaml', async () => {
      const run = await grant();
      expect(run.status, both(run)).toBe(0);
      expect(run.stdout).toContain('edited org.yaml: alice gets the existing permission set TableOperator');
      expect(run.stdout).toContain('alice gains dynamodb:* in Shop Staging');
      const after = readFileSync(path('org.yaml'), 'utf8');
      expect(after).not.toBe(original);
      expect(after).toContain(until());
    }, 90_000);

    it('diff --base <the original> --exit-code: exit 1 and alice named', async () => {
      const run = await offline('diff', '--config', 'org.yaml', '--base', 'org.base.yaml', '--exit-code');
      expect(run.status, both(run)).toBe(1);
      expect(run.stdout).toContain('alice gains dynamodb:* in Shop Staging');
      expect(run.stdout).toContain('nobody else changes');
    }, 90_000);

    it('diff --base org.yaml (itself): exit 0, nobody gains or loses', async () => {
      const run = await offline('diff', '--config', 'org.yaml', '--base', 'org.yaml', '--exit-code');
      expect(run.status, both(run)).toBe(0);
      expect(run.stdout).toContain('nobody gains or loses any action');
    }, 90_000);
  });
});
