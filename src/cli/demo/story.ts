/**
 * The demo's story, step by step: a messy organization, its audit, an import, a landing zone planned and
 * applied, the baseline services, member root credentials deleted centrally, and a second audit. Each
 * step reports the orgward (or AWS CLI) command it stands for; the command prints (cli/commands/demo.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyOperations } from '../../apply/executor.js';
import { runAudit } from '../../audit/engine.js';
import { defaultSettings } from '../../model/audit-settings.js';
import type { AuditResult } from '../../audit/types.js';
import { ClientFactory } from '../../aws/clients.js';
import { snapshotToConfig } from '../../config/emit.js';
import { loadConfigText } from '../../config/load.js';
import { normalize } from '../../config/normalize.js';
import { OrgwardError } from '../../errors/index.js';
import { treeOf } from '../../model/org-tree.js';
import { makePlan } from '../../plan/plan.js';
import { collectAudit } from '../../read/audit/collect.js';
import { readSnapshot } from '../../read/snapshot.js';
import { renderPlanMarkdown, renderPlanSummary } from '../../render/plan.js';
import { stepText } from '../../render/root.js';
import { renderTree } from '../../render/tree.js';
import { deleteRootCredentials } from '../../root/delete.js';
import { planDeletion } from '../../root/plan.js';
import { readRootStatus } from '../../root/read.js';
import { featuresOf } from '../../root/targets.js';
import {
  applyWorldDocument,
  DEFAULT_ACCOUNT_ID,
  Sandbox,
  sandboxRequestHandler,
} from '../../sandbox/index.js';
import { setUpBaselineServices } from './baseline-services.js';
import type { DemoStep } from './build-organization.js';
import { landingZoneFiles } from './landing-zone.js';
import { buildMessyEstate, DEMO_REGIONS, WORKLOAD_ACCOUNTS } from './messy-estate.js';

export interface StoryReporter {
  chapter: (title: string, command?: string) => void;
  step: (step: DemoStep) => void;
  text: (text: string) => void;
}

export interface StoryResult {
  before: AuditResult;
  after: AuditResult;
  files: string[];
  calls: number;
}

const EXAMPLES = new URL('../../../examples/policies/', import.meta.url);

function examplePolicies(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(EXAMPLES).map((f) => [f, readFileSync(new URL(f, EXAMPLES), 'utf8')]),
  );
}

export async function runStory(
  outDir: string,
  report: StoryReporter,
  render: (result: AuditResult, before?: AuditResult) => { summary: string; html: string },
): Promise<StoryResult> {
  const sandbox = new Sandbox();
  applyWorldDocument(
    sandbox.world,
    { accounts: { [DEFAULT_ACCOUNT_ID]: { name: 'Management', email: 'aws+management@example.com' } } },
    sandbox.now(),
  );
  const factory = new ClientFactory({
    region: 'us-east-1',
    endpoint: 'http://sandbox.local',
    credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
    requestHandler: sandboxRequestHandler(sandbox),
  });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    const path = join(outDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    files.push(path);
  };
  const settings = defaultSettings();
  const audit = async () => {
    const collection = await collectAudit(factory, {
      settings,
      regions: DEMO_REGIONS,
      sleep: async () => {},
    });
    return runAudit(collection, settings, sandbox.now());
  };

  report.chapter('1. A messy organization, as many are before anyone governs them');
  const estate = await buildMessyEstate(factory, report.step);
  applyWorldDocument(sandbox.world, estate.world, sandbox.now());

  report.chapter('2. What is there, and how it scores', 'orgward snapshot --format summary; orgward audit');
  let { snapshot } = await readSnapshot(factory);
  report.text(renderTree(treeOf(snapshot)));
  const before = await audit();
  report.text(render(before).summary);
  write('audit-before.json', `${JSON.stringify(before, null, 2)}\n`);

  report.chapter(
    '3. Import it into org.yaml, then plan and apply a landing zone',
    'orgward import --out imported; orgward plan; orgward apply --yes',
  );
  for (const [name, text] of snapshotToConfig(snapshot).files) write(`imported/${name}`, text);
  const placement = Object.fromEntries(WORKLOAD_ACCOUNTS.map((a) => [a.name, a.placement]));
  const zone = landingZoneFiles({ snapshot, policies: examplePolicies(), placement });
  for (const [name, text] of zone) write(name, text);
  const loaded = loadConfigText(join(outDir, 'org.yaml'), zone.get('org.yaml')!, (path) => zone.get(path));
  if (!loaded.config)
    throw new OrgwardError(
      'INTERNAL',
      `the demo landing zone does not validate: ${loaded.issues.map((i) => i.message).join('; ')}`,
      { source: 'internal' },
    );
  const plan = makePlan(normalize(loaded.config, loaded.readRelative), snapshot, sandbox.now(), {
    callerAccountId: estate.managementId,
  });
  report.text(renderPlanSummary(plan));
  write('plan.md', `${renderPlanMarkdown(plan)}\n`);
  write('plan.json', `${JSON.stringify(plan, null, 2)}\n`);
  const applied = await applyOperations(plan.operations, {
    factory,
    rootId: snapshot.root.id,
    poll: { accountsMs: 20, identityCenterMs: 20 },
  });
  report.text(`applied: ${applied.done} done, ${applied.failed} failed, ${applied.skipped} skipped`);
  if (applied.failed) throw new OrgwardError('INTERNAL', 'the demo apply failed', { source: 'internal' });
  snapshot = (await readSnapshot(factory)).snapshot;
  report.text(renderTree(treeOf(snapshot)));

  report.chapter('4. Turn on the baseline services (what a landing-zone pipeline does beside org.yaml)');
  const id = (name: string) => snapshot.accounts.find((a) => a.name === name)!.id;
  await setUpBaselineServices(
    {
      factory,
      organizationId: snapshot.organization.id,
      managementId: estate.managementId,
      securityTooling: id('Security Tooling'),
      logArchive: id('Log Archive'),
      accountIds: snapshot.accounts.map((a) => a.id),
      regions: DEMO_REGIONS,
      homeRegion: 'us-east-1',
    },
    report.step,
  );

  report.chapter(
    '5. Delete the member root credentials centrally',
    'orgward root delete-credentials --all --dry-run; orgward root delete-credentials --all --yes',
  );
  snapshot = (await readSnapshot(factory)).snapshot;
  const rootRead = await readRootStatus(factory, snapshot, {
    deep: true,
    roleName: settings.roleName,
    concurrency: 4,
    now: sandbox.now(),
  });
  const deletion = planDeletion({
    snapshot,
    features: featuresOf(snapshot),
    callerAccountId: estate.managementId,
    targets: rootRead.accounts,
    now: sandbox.now(),
    recentDays: 30,
    force: false,
  });
  if (deletion.blockers.length)
    throw new OrgwardError(
      'INTERNAL',
      `the demo's root deletion was refused: ${deletion.blockers.map((b) => b.message).join('; ')}`,
      { source: 'internal' },
    );
  const deleted = await deleteRootCredentials(factory, deletion.accounts, { concurrency: 4 });
  const cleaned = deleted.filter((r) => r.outcome === 'cleaned');
  report.text(
    `${cleaned.length} member root users cleaned (${deleted.reduce((n, r) => n + r.done.length, 0)} credentials deleted: passwords, access keys, signing certificates, MFA devices); ${deletion.alreadyClean.length} were already clean.`,
  );
  if (cleaned.length !== deleted.length)
    throw new OrgwardError('INTERNAL', 'the demo could not clean every member root user', {
      source: 'internal',
    });
  write(
    'root-journal.jsonl',
    deleted
      .map(
        (r) =>
          `${JSON.stringify({ at: sandbox.now().toISOString(), who: `arn:aws:iam::${estate.managementId}:user/demo`, account: r.accountId, task: 'delete-root-credentials', result: 'ok', detail: r.done.map(stepText).join('; ') })}\n`,
      )
      .join(''),
  );

  report.chapter(
    '6. Audit again: what got better, what is left',
    'orgward audit --compare audit-before.json --format html --out audit.html',
  );
  const after = await audit();
  const rendered = render(after, before);
  report.text(rendered.summary);
  write('audit-after.json', `${JSON.stringify(after, null, 2)}\n`);
  write('audit.html', rendered.html);
  return { before, after, files, calls: factory.stats.snapshot().calls };
}
