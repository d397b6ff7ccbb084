/**
 * The demo's story, step by step: a messy organization, its audit, an import, a landing zone planned and
 * applied, the baseline services, member root credentials deleted centrally, and a second audit. Each
 * step reports the orgward (or AWS CLI) command it stands for; the command prints (cli/commands/demo.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyOperations } from '../../apply/executor.js';
import { runAudit } from '../../audit/engine.js';
import { defaultSettings, type AuditSettings } from '../../model/audit-settings.js';
import type { AuditResult } from '../../audit/types.js';
import { ClientFactory } from '../../aws/clients.js';
import { snapshotToConfig } from '../../config/emit.js';
import { loadConfigText } from '../../config/load.js';
import { normalize } from '../../config/normalize.js';
import { OrgwardError } from '../../errors/index.js';
import { treeOf } from '../../model/org-tree.js';
import type { OrgSnapshot } from '../../model/snapshot.js';
import { makePlan } from '../../plan/plan.js';
import { collectAudit } from '../../read/audit/collect.js';
import { readBaseline } from '../../read/baseline/index.js';
import { readSnapshot } from '../../read/snapshot.js';
import { renderPlanMarkdown, renderPlanSummary, renderPlanText } from '../../render/plan.js';
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
import type { DemoStep } from './build-organization.js';
import { baselineFiles, landingZoneFiles } from './landing-zone.js';
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

/** What every chapter works with: the sandbox, a factory on it, the output folder and the reporter. */
interface Story {
  sandbox: Sandbox;
  factory: ClientFactory;
  report: StoryReporter;
  settings: AuditSettings;
  files: string[];
  outDir: string;
}

function storyOf(outDir: string, report: StoryReporter): Story {
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
  return { sandbox, factory, report, settings: defaultSettings(), files: [], outDir };
}

function write(story: Story, name: string, text: string): void {
  const path = join(story.outDir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (!story.files.includes(path)) story.files.push(path);
}

async function auditOf(story: Story): Promise<AuditResult> {
  const collection = await collectAudit(story.factory, {
    settings: story.settings,
    regions: DEMO_REGIONS,
    sleep: async () => {},
  });
  return runAudit(collection, story.settings, story.sandbox.now());
}

/** Chapter 3: the organization imported, a landing zone written, planned and applied. */
async function applyLandingZone(
  story: Story,
  snapshot: OrgSnapshot,
  managementId: string,
): Promise<OrgSnapshot> {
  const { report, outDir, factory, sandbox } = story;
  for (const [name, text] of snapshotToConfig(snapshot).files) write(story, `imported/${name}`, text);
  const placement = Object.fromEntries(WORKLOAD_ACCOUNTS.map((a) => [a.name, a.placement]));
  const zone = landingZoneFiles({ snapshot, policies: examplePolicies(), placement });
  for (const [name, text] of zone) write(story, name, text);
  const loaded = loadConfigText(join(outDir, 'org.yaml'), zone.get('org.yaml')!, (path) => zone.get(path));
  if (!loaded.config)
    throw new OrgwardError(
      'INTERNAL',
      `the demo landing zone does not validate: ${loaded.issues.map((i) => i.message).join('; ')}`,
      { source: 'internal' },
    );
  const plan = makePlan(normalize(loaded.config, loaded.readRelative), snapshot, sandbox.now(), {
    callerAccountId: managementId,
  });
  report.text(renderPlanSummary(plan));
  write(story, 'plan.md', `${renderPlanMarkdown(plan)}\n`);
  write(story, 'plan.json', `${JSON.stringify(plan, null, 2)}\n`);
  const applied = await applyOperations(plan.operations, {
    factory,
    rootId: snapshot.root.id,
    poll: { accountsMs: 20, identityCenterMs: 20 },
  });
  report.text(`applied: ${applied.done} done, ${applied.failed} failed, ${applied.skipped} skipped`);
  if (applied.failed) throw new OrgwardError('INTERNAL', 'the demo apply failed', { source: 'internal' });
  const after = (await readSnapshot(factory)).snapshot;
  report.text(renderTree(treeOf(after)));
  return after;
}

/** Chapter 4: `baseline:` added to org.yaml, planned against what the accounts run, and applied. */
async function applyBaseline(story: Story, snapshot: OrgSnapshot, managementId: string): Promise<void> {
  const { report, outDir, factory, sandbox } = story;
  const orgYaml = readFileSync(join(outDir, 'org.yaml'), 'utf8');
  const files = baselineFiles(orgYaml, snapshot, DEMO_REGIONS);
  const read = (path: string) => files.get(path) ?? readFileSync(join(outDir, path), 'utf8');
  for (const [name, text] of files) write(story, name, text);
  const loaded = loadConfigText(join(outDir, 'org.yaml'), files.get('org.yaml')!, read);
  if (!loaded.config)
    throw new OrgwardError(
      'INTERNAL',
      `the demo baseline does not validate: ${loaded.issues.map((i) => i.message).join('; ')}`,
      { source: 'internal' },
    );
  const desired = normalize(loaded.config, loaded.readRelative);
  const baseline = await readBaseline(factory, snapshot, desired.baseline!, managementId);
  const plan = makePlan(desired, snapshot, sandbox.now(), { callerAccountId: managementId, baseline });
  report.text(renderPlanText(plan));
  write(story, 'baseline-plan.md', `${renderPlanMarkdown(plan)}\n`);
  const applied = await applyOperations(plan.operations, { factory, rootId: snapshot.root.id });
  report.text(`applied: ${applied.done} done, ${applied.failed} failed, ${applied.skipped} skipped`);
  if (applied.failed)
    throw new OrgwardError('INTERNAL', 'the demo baseline apply failed', { source: 'internal' });
}

/** Chapter 5: every member root user's credentials deleted centrally, journaled. */
async function deleteMemberRootCredentials(story: Story, managementId: string): Promise<void> {
  const { factory, sandbox, settings, report } = story;
  const { snapshot } = await readSnapshot(factory);
  const rootRead = await readRootStatus(factory, snapshot, {
    deep: true,
    roleName: settings.roleName,
    concurrency: 4,
    now: sandbox.now(),
  });
  const deletion = planDeletion({
    snapshot,
    features: featuresOf(snapshot),
    callerAccountId: managementId,
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
  const who = `arn:aws:iam::${managementId}:user/demo`;
  const at = sandbox.now().toISOString();
  write(
    story,
    'root-journal.jsonl',
    deleted
      .map(
        (r) =>
          `${JSON.stringify({ at, who, account: r.accountId, task: 'delete-root-credentials', result: 'ok', detail: r.done.map(stepText).join('; ') })}\n`,
      )
      .join(''),
  );
}

export async function runStory(
  outDir: string,
  report: StoryReporter,
  render: (result: AuditResult, before?: AuditResult) => { summary: string; html: string },
): Promise<StoryResult> {
  const story = storyOf(outDir, report);
  const { sandbox, factory } = story;

  report.chapter('1. A messy organization, as many are before anyone governs them');
  const estate = await buildMessyEstate(factory, report.step);
  applyWorldDocument(sandbox.world, estate.world, sandbox.now());

  report.chapter('2. What is there, and how it scores', 'orgward snapshot --format summary; orgward audit');
  const { snapshot } = await readSnapshot(factory);
  report.text(renderTree(treeOf(snapshot)));
  const before = await auditOf(story);
  report.text(render(before).summary);
  write(story, 'audit-before.json', `${JSON.stringify(before, null, 2)}\n`);

  report.chapter(
    '3. Import it into org.yaml, then plan and apply a landing zone',
    'orgward import --out imported; orgward plan; orgward apply --yes',
  );
  const zoned = await applyLandingZone(story, snapshot, estate.managementId);

  report.chapter(
    '4. Add the security baseline to org.yaml, plan and apply it',
    'orgward plan; orgward apply --yes',
  );
  await applyBaseline(story, zoned, estate.managementId);

  report.chapter(
    '5. Delete the member root credentials centrally',
    'orgward root delete-credentials --all --dry-run; orgward root delete-credentials --all --yes',
  );
  await deleteMemberRootCredentials(story, estate.managementId);

  report.chapter(
    '6. Audit again: what got better, what is left',
    'orgward audit --compare audit-before.json --format html --out audit.html',
  );
  const after = await auditOf(story);
  const rendered = render(after, before);
  report.text(rendered.summary);
  write(story, 'audit-after.json', `${JSON.stringify(after, null, 2)}\n`);
  write(story, 'audit.html', rendered.html);
  return { before, after, files: story.files, calls: factory.stats.snapshot().calls };
}
