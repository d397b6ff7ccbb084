/**
 * Typed accessors for operation input. awsJson input arrives typed; awsQuery input arrives as strings
 * (see `protocols/query-input.ts`), so the accessors accept both. A violation throws {@link InputError},
 * which the dispatcher turns into the service's own validation error (`ValidationException`,
 * `InvalidInputException`, IAM's `ValidationError`, ...), worded as AWS words it.
 */
export type Input = Record<string, unknown>;

/** Which rule the input broke, so a service can name it its own way (Organizations' `Reason`). */
export type InputRule =
  'required' | 'type' | 'min-length' | 'max-length' | 'pattern' | 'enum' | 'min-value' | 'max-value';

export class InputError extends Error {
  constructor(
    message: string,
    readonly rule: InputRule = 'type',
    readonly member?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

function constraint(name: string, value: unknown, rule: string, kind: InputRule = 'type'): InputError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new InputError(
    `1 validation error detected: Value '${shown}' at '${name}' failed to satisfy constraint: Member must ${rule}`,
    kind,
    name,
  );
}

export interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
  oneOf?: readonly string[];
}

export function optString(input: Input, name: string, rules: StringRules = {}): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(name, value, 'be a string');
  if (rules.min !== undefined && value.length < rules.min)
    throw constraint(name, value, `have length greater than or equal to ${rules.min}`, 'min-length');
  if (rules.max !== undefined && value.length > rules.max)
    throw constraint(name, value, `have length less than or equal to ${rules.max}`, 'max-length');
  if (rules.pattern && !rules.pattern.test(value))
    throw constraint(name, value, `satisfy regular expression pattern: ${rules.pattern.source}`, 'pattern');
  if (rules.oneOf && !rules.oneOf.includes(value))
    throw constraint(name, value, `satisfy enum value set: [${rules.oneOf.join(', ')}]`, 'enum');
  return value;
}

export function reqString(input: Input, name: string, rules: StringRules = {}): string {
  const value = optString(input, name, rules);
  if (value === undefined) throw constraint(name, null, 'not be null', 'required');
  return value;
}

export function optInt(
  input: Input,
  name: string,
  rules: { min?: number; max?: number } = {},
): number | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw constraint(name, raw, 'be an integer');
  if (rules.min !== undefined && value < rules.min)
    throw constraint(name, raw, `have value greater than or equal to ${rules.min}`, 'min-value');
  if (rules.max !== undefined && value > rules.max)
    throw constraint(name, raw, `have value less than or equal to ${rules.max}`, 'max-value');
  return value;
}

export function optBool(input: Input, name: string): boolean | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw constraint(name, raw, 'be a boolean');
}

/** A list member; awsQuery sends an empty list as `Name=` (the empty string). */
export function optList(input: Input, name: string): unknown[] | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null) return undefined;
  if (raw === '') return [];
  if (!Array.isArray(raw)) throw constraint(name, raw, 'be a list');
  return raw as unknown[];
}

export function stringList(input: Input, name: string): string[] {
  const list = optList(input, name) ?? [];
  for (const item of list) if (typeof item !== 'string') throw constraint(name, item, 'be a list of strings');
  return list as string[];
}

export function optRecord(input: Input, name: string): Input | undefined {
  const raw = input[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw constraint(name, raw, 'be a structure');
  return raw as Input;
}

/** `[{Key, Value}]` tags as AWS sends them (Organizations, IAM, STS). */
export function tagList(input: Input, name = 'Tags'): Array<{ Key: string; Value: string }> {
  const list = optList(input, name) ?? [];
  return list.map((item, index) => {
    if (typeof item !== 'object' || item === null) throw constraint(`${name}.${index + 1}`, item, 'be a tag');
    const tag = item as Input;
    const key = reqString(tag, 'Key', { min: 1, max: 128 });
    const value = optString(tag, 'Value', { max: 256 }) ?? '';
    return { Key: key, Value: value };
  });
}
