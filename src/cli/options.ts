import { InvalidArgumentError } from 'commander';

export function parseIntegerOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} takes a whole number from ${min} to ${max}, not '${value}'.`);
    }
    return parsed;
  };
}

export function parseNumberOption(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) {
      throw new InvalidArgumentError(`${name} takes a positive number, not '${value}'.`);
    }
    return parsed;
  };
}

/** A repeatable, comma-separated list option: `--account a,b --account c` → `[a, b, c]`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}
