/** Audit reports: pure `(AuditResult, options) => string` renderers, and the comparison of two runs. */
import type { AuditResult } from '../../audit/types.js';
import { renderAuditHtml } from './html.js';
import { renderAuditMarkdown } from './markdown.js';
import { renderAuditSarif, type SarifOptions } from './sarif.js';
import { renderAuditTable } from './table.js';

export { renderAuditHtml, type HtmlOptions } from './html.js';
export { renderAuditMarkdown, type MarkdownOptions } from './markdown.js';
export { renderAuditSarif, type SarifOptions } from './sarif.js';
export { renderAuditTable, summaryLine, type TableOptions } from './table.js';
export { renderComparisonMarkdown, renderComparisonText, type CompareOptions } from './compare.js';

export const AUDIT_REPORT_FORMATS = ['table', 'markdown', 'html', 'sarif'] as const;
export type AuditReportFormat = (typeof AUDIT_REPORT_FORMATS)[number];

/** One report in the format asked for (JSON is the result itself and stays with the caller). */
export function renderAuditReport(
  result: AuditResult,
  format: AuditReportFormat,
  options: { color?: boolean } & SarifOptions = {},
): string {
  switch (format) {
    case 'table':
      return renderAuditTable(result, { color: options.color ?? false });
    case 'markdown':
      return renderAuditMarkdown(result);
    case 'html':
      return renderAuditHtml(result);
    case 'sarif':
      return renderAuditSarif(result, options);
  }
}
