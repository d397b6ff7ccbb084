/** The audit report in the format asked for (renderers are pure, in src/render/audit). */
import type { AuditResult } from '../../audit/types.js';
import { UsageError } from '../../errors/index.js';

export const AUDIT_FORMATS = ['table', 'json', 'markdown', 'html', 'sarif'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export function renderAuditAs(
  result: AuditResult,
  format: AuditFormat,
  _options: { color: boolean },
): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  throw new UsageError(`--format ${format} is being wired`);
}

export function renderComparison(_older: AuditResult, _newer: AuditResult, _format: AuditFormat): string {
  throw new UsageError('--compare is being wired');
}
