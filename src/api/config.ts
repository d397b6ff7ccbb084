/** Loading and validating org.yaml through the API: data back, problems as events, nothing printed. */
import { loadConfigFile, type LoadedConfig } from '../config/load.js';
import type { ConfigIssue } from '../config/issues.js';
import { normalize } from '../config/normalize.js';
import { OrgwardError } from '../errors/index.js';
import type { Desired } from '../model/desired.js';
import type { EventSink } from './events.js';

export interface ConfigOptions {
  /**
   * The folder every file the config names must be in (default: the git work tree holding the config,
   * else its folder).
   */
  root?: string;
}

export interface Validation {
  file: string;
  valid: boolean;
  errors: number;
  warnings: number;
  /** Every problem, sorted by file, line and column. */
  issues: ConfigIssue[];
}

/** Loads org.yaml (syntax, schema, rules); every problem is in `issues`. Never touches AWS. */
export function loadConfig(file: string, options: ConfigOptions = {}): LoadedConfig {
  return loadConfigFile(file, { root: options.root });
}

/** Checks org.yaml without AWS: every problem at once, each also sent to the sink. */
export function validate(file: string, options: ConfigOptions = {}, sink?: EventSink): Validation {
  const loaded = loadConfig(file, options);
  for (const issue of loaded.issues) sink?.emit?.({ type: 'issue', issue });
  const errors = loaded.issues.filter((i) => i.severity === 'error').length;
  return {
    file,
    valid: errors === 0,
    errors,
    warnings: loaded.issues.length - errors,
    issues: loaded.issues,
  };
}

/**
 * The desired state the file describes, or a `CONFIG_INVALID` error naming the file after every
 * problem went to the sink. `action` says what did not happen ("nothing was planned").
 */
export function loadDesired(
  file: string,
  options: ConfigOptions,
  sink: EventSink | undefined,
  action: string,
): Desired {
  const loaded = loadConfig(file, options);
  for (const issue of loaded.issues) sink?.emit?.({ type: 'issue', issue });
  if (!loaded.config)
    throw new OrgwardError('CONFIG_INVALID', `${file} has errors; ${action}`, {
      source: 'user',
      hint: 'run `orgward validate` and fix what it lists',
    });
  return normalize(loaded.config, loaded.readRelative);
}
