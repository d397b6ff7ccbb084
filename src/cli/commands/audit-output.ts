/** The audit report in the format asked for (renderers are pure, in src/render/audit). */
import { compareAudits } from '../../audit/compare.js';
import type { AuditResult } from '../../audit/types.js';
import type { AuditFormat } from './audit.js';
import {
  renderAuditReport,
  renderComparisonMarkdown,
  renderComparisonText,
} from '../../render/audit/index.js';

export function renderAuditAs(result: AuditResult, format: AuditFormat, options: { color: boolean }): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  return renderAuditReport(result, format, { color: options.color });
}

/**
 * The comparison with an earlier run. Table and Markdown reports carry it at their end; JSON, HTML and
 * SARIF stay machine-readable, so for them the comparison is text for the terminal (stderr).
 */
export function renderComparison(
  older: AuditResult,
  newer: AuditResult,
  format: AuditFormat,
  options: { color: boolean },
): { inReport: string } | { onTerminal: string } {
  const comparison = compareAudits(older, newer);
  if (format === 'markdown') return { inReport: `\n${renderComparisonMarkdown(comparison)}` };
  if (format === 'table')
    return { inReport: `\n${renderComparisonText(comparison, { color: options.color })}` };
  return { onTerminal: renderComparisonText(comparison, { color: options.color }) };
}
