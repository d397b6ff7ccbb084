/** `orgward audit --suggest`: the baseline fragment as YAML to paste into org.yaml, with what to fill in. */
import { Document } from 'yaml';
import type { BaselineSuggestion } from '../audit/baseline-fixes.js';

export function renderSuggestion(s: BaselineSuggestion): string {
  if (!s.fixes.length) return '# No failing check that baseline: in org.yaml fixes.\n';
  const doc = new Document(s.fragment);
  doc.commentBefore = [
    ` Paste into org.yaml (docs/config.md#baseline), then orgward plan and orgward apply.`,
    ` Fixes: ${s.fixes.join(', ')}.`,
    ...s.todo.map((t) => ` To fill in: ${t}`),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
