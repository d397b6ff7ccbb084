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

/**
 * A member name of `I`. Accessors take any object: an {@link Input}, or an operation's request shape from
 * its `shapes.generated.ts`, whose member names they then check at compile time. The value itself is
 * checked at run time whatever the type claims.
 */
export type MemberName<I> = keyof I & string;

/** The raw value of a member, as it arrived. */
function member(input: object, name: string): unknown {
  return (input as Input)[name];
}

export interface StringRules<T extends string = string> {
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** The values allowed; the accessor then returns their union. */
  oneOf?: readonly T[];
}

export function optString<I extends object = Input, T extends string = string>(
  input: I,
  name: MemberName<I>,
  rules: StringRules<T> = {},
): NoInfer<T> | undefined {
  const value = member(input, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(name, value, 'be a string');
  if (rules.min !== undefined && value.length < rules.min)
    throw constraint(name, value, `have length greater than or equal to ${rules.min}`, 'min-length');
  if (rules.max !== undefined && value.length > rules.max)
    throw constraint(name, value, `have length less than or equal to ${rules.max}`, 'max-length');
  if (rules.pattern && !rules.pattern.test(value))
    throw constraint(name, value, `satisfy regular expression pattern: ${rules.pattern.source}`, 'pattern');
  if (rules.oneOf && !(rules.oneOf as readonly string[]).includes(value))
    throw constraint(name, value, `satisfy enum value set: [${rules.oneOf.join(', ')}]`, 'enum');
  // Without `oneOf`, T is `string`; with it, the check above made the value one of them.
  return value as T;
}

export function reqString<I extends object = Input, T extends string = string>(
  input: I,
  name: MemberName<I>,
  rules: StringRules<T> = {},
): NoInfer<T> {
  const value = optString(input, name, rules);
  if (value === undefined) throw constraint(name, null, 'not be null', 'required');
  return value;
}

export function optInt<I extends object = Input>(
  input: I,
  name: MemberName<I>,
  rules: { min?: number; max?: number } = {},
): number | undefined {
  const raw = member(input, name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw constraint(name, raw, 'be an integer');
  if (rules.min !== undefined && value < rules.min)
    throw constraint(name, raw, `have value greater than or equal to ${rules.min}`, 'min-value');
  if (rules.max !== undefined && value > rules.max)
    throw constraint(name, raw, `have value less than or equal to ${rules.max}`, 'max-value');
  return value;
}

export function optBool<I extends object = Input>(input: I, name: MemberName<I>): boolean | undefined {
  const raw = member(input, name);
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw constraint(name, raw, 'be a boolean');
}

function listMember(input: object, name: string): unknown[] | undefined {
  const raw = member(input, name);
  if (raw === undefined || raw === null) return undefined;
  if (raw === '') return [];
  if (!Array.isArray(raw)) throw constraint(name, raw, 'be a list');
  return raw as unknown[];
}

/** A list member; awsQuery sends an empty list as `Name=` (the empty string). */
export function optList<I extends object = Input>(input: I, name: MemberName<I>): unknown[] | undefined {
  return listMember(input, name);
}

export function stringList<I extends object = Input>(input: I, name: MemberName<I>): string[] {
  const list = optList(input, name) ?? [];
  for (const item of list) if (typeof item !== 'string') throw constraint(name, item, 'be a list of strings');
  return list as string[];
}

export function optRecord<I extends object = Input>(input: I, name: MemberName<I>): Input | undefined {
  const raw = member(input, name);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw constraint(name, raw, 'be a structure');
  return raw as Input;
}

/** `[{Key, Value}]` tags as AWS sends them (Organizations, IAM, STS). */
export function tagList<I extends object = Input>(
  input: I,
  name: MemberName<I> | 'Tags' = 'Tags',
): Array<{ Key: string; Value: string }> {
  const list = listMember(input, name) ?? [];
  return list.map((item, index) => {
    if (typeof item !== 'object' || item === null) throw constraint(`${name}.${index + 1}`, item, 'be a tag');
    const tag = item as Input;
    const key = reqString(tag, 'Key', { min: 1, max: 128 });
    const value = optString(tag, 'Value', { max: 256 }) ?? '';
    return { Key: key, Value: value };
  });
}
