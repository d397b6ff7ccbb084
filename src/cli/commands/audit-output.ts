/** The audit report in the format asked for (renderers are pure, in src/render/audit). */
import { createWriteStream } from 'node:fs';
import { compareAudits } from '../../audit/compare.js';
import { jsonChunks } from '../../util/json.js';
import type { AuditResult } from '../../audit/types.js';
import type { AuditFormat } from './audit.js';
import {
  renderAuditReport,
  renderComparisonMarkdown,
  renderComparisonText,
} from '../../render/audit/index.js';

/** The report as chunks of text: JSON is written piece by piece (at 10,000 accounts it is 200+ MB). */
export function* renderAuditAs(
  result: AuditResult,
  format: AuditFormat,
  options: { color: boolean },
): Generator<string> {
  if (format === 'json') {
    yield* jsonChunks(result, 2);
    yield '\n';
  } else yield renderAuditReport(result, format, { color: options.color });
}

/** A value as compact JSON and a newline, in chunks (the saved collection). */
export function* compactJson(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}

/** Writes chunks to a file, or to stdout when no file is given, waiting whenever the stream is full. */
export async function writeChunks(chunks: Iterable<string>, file?: string): Promise<void> {
  const stream = file ? createWriteStream(file) : process.stdout;
  for (const chunk of chunks)
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  if (file)
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(resolve);
    });
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
