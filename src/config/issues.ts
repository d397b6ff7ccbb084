/**
 * Config problems come back as a list, every one at once, each with the file, line and column of the
 * value at fault, and a message that says what to do.
 */
export interface ConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Path to the value in the document: `accounts.Shop Prod.email`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** Stable rule id: `yaml-syntax`, `schema`, `unknown-reference`, `duplicate-email`, ... */
  rule: string;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.severity}: ${issue.message} [${issue.rule}]`;
}

export function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.message.localeCompare(b.message),
  );
}
