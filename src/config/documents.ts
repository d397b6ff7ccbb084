/** Policy documents in the config: inline objects, or `{ file: path }` read relative to the config. */
export type ResolvedDocument = { ok: true; document: unknown } | { ok: false; problem: string };

export function resolveDocument(
  value: unknown,
  readRelative: (path: string) => string | undefined,
): ResolvedDocument {
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
  readRelative: (path: string) => string | undefined,
): ResolvedDocument | undefined {
  if (source.file !== undefined) return resolveFile(source.file, readRelative);
  if (source.document !== undefined) return resolveDocument(source.document, readRelative);
  return undefined;
}

export function resolveFile(
  path: string,
  readRelative: (path: string) => string | undefined,
): ResolvedDocument {
  const text = readRelative(path);
  if (text === undefined)
    return {
      ok: false,
      problem: `policy file ${path} does not exist (paths are relative to the config file)`,
    };
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: `policy file ${path} is not valid JSON: ${(error as Error).message}` };
  }
}
