/** Policy documents in the config: inline objects, or `{ file: path }` read relative to the config. */
import { isRefusal, type ReadRelative } from './files.js';

export type ResolvedDocument = { ok: true; document: unknown } | { ok: false; problem: string };

export function resolveDocument(value: unknown, readRelative: ReadRelative): ResolvedDocument {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'file')
      return resolveFile(String((value as { file: unknown }).file), readRelative);
    return { ok: true, document: value };
  }
  return { ok: false, problem: 'a policy document is a mapping, or { file: path }' };
}

/**
 * A `document:` or `file:` pair (an organization policy, a customer-managed policy or one account's
 * version of it); undefined when neither is given. Callers check that not both are.
 */
export function resolveSource(
  source: { document?: unknown; file?: string | undefined },
  readRelative: ReadRelative,
): ResolvedDocument | undefined {
  if (source.file !== undefined) return resolveFile(source.file, readRelative);
  if (source.document !== undefined) return resolveDocument(source.document, readRelative);
  return undefined;
}

/**
 * JSON.parse's message without the excerpt of the text V8 quotes in it (`"root:x:0:0"... is not valid
 * JSON`): what the file holds stays out of messages, which end up in pipeline logs.
 */
function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8 quotes the text after the message (`Unexpected token 'r', "root:x:0:0"... is not valid JSON`)
  const cut = message.split('"')[0]!.replace(/[,\s]+$/, '');
  return /^Unexpected token/.test(cut) ? 'Unexpected token' : cut || 'not valid JSON';
}

export function resolveFile(path: string, readRelative: ReadRelative): ResolvedDocument {
  const text = readRelative(path);
  if (isRefusal(text)) return { ok: false, problem: text.refused };
  if (text === undefined)
    return {
      ok: false,
      problem: `policy file ${path} does not exist (paths are relative to the config file)`,
    };
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: `policy file ${path} is not valid JSON: ${jsonProblem(error)}` };
  }
}
