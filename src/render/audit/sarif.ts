/**
 * The audit as SARIF 2.1.0 for code-scanning dashboards: one rule per check, one result per FAIL, WARN,
 * UNKNOWN and MUTED finding (MUTED ones carry an accepted external suppression), located logically at
 * organization › account › region › resource. Code scanning also wants a file location: every result points
 * at line 1 of the governing file (`org.yaml` unless told otherwise), and a fingerprint of the finding's key
 * keeps alerts apart and stable across runs.
 */
import { createHash } from 'node:crypto';
import {
  BASELINE_ITEMS,
  type AuditResult,
  type CheckMeta,
  type Finding,
  type Severity,
  type Status,
} from '../../audit/types.js';
import { compareFindings, isOpen } from './shared.js';

export interface SarifOptions {
  /** orgward's version, for `tool.driver.version`. */
  toolVersion?: string;
  /** Repository-relative file every result points at (default `org.yaml`). */
  artifactUri?: string;
  /** The project's home page, for `tool.driver.informationUri`. */
  informationUri?: string;
  /** Base URI of the check pages: a rule's helpUri is `<base><ID>.md`. */
  docsBaseUri?: string;
}

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

/** GitHub's scale: critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.5',
};

const DEFAULT_LEVEL: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

/**
 * A value inside a SARIF plain-text message (the OASIS SARIF 2.1.0 standard, §3.11.6): `[text](target)`
 * there is an embedded link that viewers such as GitHub code scanning render, so literal square brackets
 * are backslash-escaped (and the backslashes right before one doubled). The rest is data: JSON.stringify
 * escapes what JSON needs.
 */
export function sarifText(value: string): string {
  return value.replace(/\\+(?=[[\]])/g, (run) => run + run).replace(/[[\]]/g, '\\$&');
}

function levelOf(f: Finding): SarifLevel {
  const byStatus: Partial<Record<Status, SarifLevel>> = { FAIL: 'error', WARN: 'warning', UNKNOWN: 'note' };
  return byStatus[f.status] ?? DEFAULT_LEVEL[f.severity];
}

/** `CentralizedRootCredentialsManagementOn` from a check title. */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function rule(meta: CheckMeta, options: SarifOptions) {
  const compliance = Object.fromEntries(Object.entries(meta.compliance).filter(([, v]) => v));
  return {
    id: meta.id,
    name: ruleName(meta.title) || meta.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.why },
    help: {
      text: meta.remediation,
      markdown: `**How to fix:** ${meta.remediation}\n\n**Why it matters:** ${meta.why}`,
    },
    ...(options.docsBaseUri ? { helpUri: `${options.docsBaseUri}${meta.id}.md` } : {}),
    defaultConfiguration: { level: DEFAULT_LEVEL[meta.severity] },
    properties: {
      tags: ['security', 'aws', 'orgward', meta.item],
      precision: 'high',
      'security-severity': SECURITY_SEVERITY[meta.severity],
      severity: meta.severity,
      baselineItem: BASELINE_ITEMS[meta.item],
      vantage: meta.vantage,
      regional: meta.regional,
      compliance,
    },
  };
}

export function findingKey(f: Pick<Finding, 'check' | 'accountId' | 'region' | 'resource'>): string {
  return [f.check, f.accountId, f.region, f.resource ?? ''].join('|');
}

interface LogicalLocation {
  name: string;
  fullyQualifiedName: string;
  kind: string;
  parentIndex?: number;
  properties?: Record<string, string>;
}

/** organization › account › region › resource, each node once, parents before children. */
class LogicalTree {
  readonly nodes: Array<LogicalLocation & { index: number }> = [];
  private readonly byName = new Map<string, number>();

  add(node: LogicalLocation): number {
    const known = this.byName.get(node.fullyQualifiedName);
    if (known !== undefined) return known;
    const index = this.nodes.length;
    this.nodes.push({ index, ...node });
    this.byName.set(node.fullyQualifiedName, index);
    return index;
  }

  locate(organizationId: string, f: Finding): number {
    const org = this.add({ name: organizationId, fullyQualifiedName: organizationId, kind: 'namespace' });
    const accountName = `${organizationId}/${f.accountId}`;
    const account = this.add({
      name: f.accountId,
      fullyQualifiedName: accountName,
      kind: 'namespace',
      parentIndex: org,
      properties: { accountName: f.accountName, ouPath: f.ouPath },
    });
    const region = this.add({
      name: f.region,
      fullyQualifiedName: `${accountName}/${f.region}`,
      kind: 'module',
      parentIndex: account,
    });
    if (!f.resource) return region;
    return this.add({
      name: f.resource,
      fullyQualifiedName: `${accountName}/${f.region}/${f.resource}`,
      kind: 'resource',
      parentIndex: region,
    });
  }
}

export function renderAuditSarif(result: AuditResult, options: SarifOptions = {}): string {
  const rules = result.checks.map((m) => rule(m, options));
  const ruleIndex = new Map(result.checks.map((m, i) => [m.id, i]));
  const tree = new LogicalTree();
  const reported = result.findings
    .filter((f) => isOpen(f.status) || f.status === 'MUTED')
    .sort(compareFindings);
  const results = reported.map((f) => {
    const index = tree.locate(result.organizationId, f);
    const key = findingKey(f);
    const where = sarifText(
      `${f.accountName} (${f.accountId}), ${f.region}${f.resource ? `, ${f.resource}` : ''}`,
    );
    return {
      ruleId: f.check,
      ...(ruleIndex.has(f.check) ? { ruleIndex: ruleIndex.get(f.check) } : {}),
      level: levelOf(f),
      message: { text: `${f.status}: ${sarifText(f.message)} (${where})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: options.artifactUri ?? 'org.yaml' },
            region: { startLine: 1 },
          },
          logicalLocations: [{ index, fullyQualifiedName: tree.nodes[index]!.fullyQualifiedName }],
        },
      ],
      partialFingerprints: {
        'orgwardFinding/v1': key,
        primaryLocationLineHash: `${createHash('sha256').update(key).digest('hex').slice(0, 16)}:1`,
      },
      ...(f.status === 'MUTED'
        ? {
            suppressions: [
              {
                kind: 'external',
                status: 'accepted',
                justification: f.suppressedBy
                  ? `${f.suppressedBy.reason} (until ${f.suppressedBy.expires})`
                  : 'muted by an orgward suppression',
              },
            ],
          }
        : {}),
      properties: {
        status: f.status,
        severity: f.severity,
        accountId: f.accountId,
        accountName: f.accountName,
        ouPath: f.ouPath,
        region: f.region,
        ...(f.resource ? { resource: f.resource } : {}),
        ...(f.remediation ? { remediation: f.remediation } : {}),
      },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'orgward',
            ...(options.toolVersion ? { version: options.toolVersion } : {}),
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules,
          },
        },
        automationDetails: { id: `orgward-audit/${result.organizationId}/` },
        invocations: [{ executionSuccessful: true, endTimeUtc: result.generatedAt }],
        logicalLocations: tree.nodes,
        results,
        properties: {
          organizationId: result.organizationId,
          managementAccountId: result.managementAccountId,
          regions: result.regions,
          score: result.summary.score,
          counts: result.summary.counts,
          expiredSuppressions: result.expiredSuppressions,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
