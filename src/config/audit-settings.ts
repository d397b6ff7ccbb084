/** Loading `audit.yaml`: syntax, then schema, every issue with file:line:col (like org.yaml). */
import { auditSettingsSchema, type AuditSettings } from '../model/audit-settings.js';
import { sortIssues, type ConfigIssue } from './issues.js';
import { schemaIssues } from './load.js';
import { YamlSource } from './source.js';

export interface LoadedAuditSettings {
  settings: AuditSettings | undefined;
  issues: ConfigIssue[];
}

export function loadAuditSettingsText(file: string, text: string): LoadedAuditSettings {
  const source = new YamlSource(file, text);
  const syntax = source.syntaxIssues();
  if (syntax.length > 0) return { settings: undefined, issues: sortIssues(syntax) };
  const built = source.data();
  if (built.issues.length > 0) return { settings: undefined, issues: sortIssues(built.issues) };
  const data = built.value ?? {};
  const parsed = auditSettingsSchema.safeParse(data);
  if (!parsed.success)
    return { settings: undefined, issues: sortIssues(schemaIssues(source, data, parsed.error)) };
  return { settings: parsed.data, issues: [] };
}
