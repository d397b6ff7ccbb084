/**
 * Where each AWS service's calls go, resolved once, here, as the AWS SDKs document it ("Service-specific
 * endpoints", AWS SDKs and Tools reference guide), so that every client the factory makes is given the
 * answer explicitly and S3, S3 Control and SQS (which each bend the endpoint in their own way) agree with
 * the rest. Per service, the first of:
 *
 * 1. `--endpoint-url` (the CLI option);
 * 2. `AWS_ENDPOINT_URL_<SERVICE>`: the SDK service id upper-cased, spaces → `_` (`AWS_ENDPOINT_URL_S3_CONTROL`);
 * 3. `AWS_ENDPOINT_URL`;
 * 4. in the shared config profile's `services` section, `<service key>.endpoint_url` (the service id
 *    lower-cased, spaces → `_`: `s3_control`);
 * 5. the profile's own `endpoint_url`.
 *
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or, when that variable is unset, the profile's
 * `ignore_configured_endpoint_urls = true`) drops 2–5; the option still applies. Nothing found: undefined,
 * the service's AWS endpoint. A value that is not an http(s) URL is a {@link UsageError} naming where it
 * came from.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors/index.js';

/**
 * Each client's SDK service id (its `serviceId`), which names its `AWS_ENDPOINT_URL_<SERVICE>` variable
 * and its key in a shared config `services` section; keyed by orgward's name for the service.
 */
export const SDK_SERVICE_IDS = {
  organizations: 'Organizations',
  iam: 'IAM',
  account: 'Account',
  sts: 'STS',
  'sso-admin': 'SSO Admin',
  identitystore: 'identitystore',
  cloudtrail: 'CloudTrail',
  config: 'Config Service',
  guardduty: 'GuardDuty',
  securityhub: 'SecurityHub',
  'access-analyzer': 'AccessAnalyzer',
  ec2: 'EC2',
  elasticloadbalancing: 'Elastic Load Balancing v2',
  lambda: 'Lambda',
  rds: 'RDS',
  s3: 'S3',
  s3control: 'S3 Control',
  sqs: 'SQS',
  cloudformation: 'CloudFormation',
  kms: 'KMS',
  sns: 'SNS',
  support: 'Support',
  ce: 'Cost Explorer',
  budgets: 'Budgets',
} as const;
export type SdkService = keyof typeof SDK_SERVICE_IDS;

export type Env = Readonly<Record<string, string | undefined>>;

/** A shared config file, parsed as the SDK parses it (nested sub-properties as `<parent>.<key>`). */
export interface SharedConfig {
  /** `[default]`, `[profile <name>]` → their settings. */
  profiles: Record<string, Record<string, string>>;
  /** `[services <name>]` → its settings, e.g. `s3_control.endpoint_url`. */
  services: Record<string, Record<string, string>>;
}

/** The selected profile of a shared config file, with the `services` section it names. */
export interface ConfigProfile {
  name: string;
  /** The file it was read from (for messages). */
  file: string;
  settings: Readonly<Record<string, string>>;
  /** The `[services <name>]` section named by `services = <name>`; undefined when absent from the file. */
  services?: Readonly<Record<string, string>>;
}

export interface EndpointInputs {
  env: Env;
  /** The shared config profile in use, if the file has it. */
  profile?: ConfigProfile;
  /** `--endpoint-url`. */
  option?: string;
}

export interface ResolvedEndpoint {
  url: string;
  /** Where it came from: `--endpoint-url`, the variable's name, or the config file setting. */
  from: string;
}

/** `AWS_ENDPOINT_URL_<SERVICE>` for an SDK service id ("S3 Control" → `AWS_ENDPOINT_URL_S3_CONTROL`). */
export function endpointEnvVar(serviceId: string): string {
  return ['AWS_ENDPOINT_URL', ...serviceId.split(' ').map((w) => w.toUpperCase())].join('_');
}

/** The service's key in a shared config `services` section ("S3 Control" → `s3_control`). */
export function serviceConfigKey(serviceId: string): string {
  return serviceId
    .split(' ')
    .map((w) => w.toLowerCase())
    .join('_');
}

/** The endpoint for one service (by SDK service id), or undefined for AWS's own. Pure. */
export function resolveEndpoint(serviceId: string, inputs: EndpointInputs): ResolvedEndpoint | undefined {
  const { env, profile, option } = inputs;
  if (option) return checked(option, { from: '--endpoint-url', write: (v) => `--endpoint-url ${v}` });
  if (ignoreConfigured(inputs)) return undefined;
  for (const name of [endpointEnvVar(serviceId), 'AWS_ENDPOINT_URL']) {
    const value = env[name];
    if (value) return checked(value, { from: name, write: (v) => `${name}=${v}` });
  }
  if (!profile) return undefined;
  const where = `profile "${profile.name}" of ${profile.file}`;
  const sectionName = profile.settings.services;
  if (sectionName) {
    if (!profile.services)
      throw new UsageError(
        `${where} names services section "${sectionName}", which the file does not have`,
        `add a [services ${sectionName}] section, or remove "services = ${sectionName}" from the profile`,
      );
    const key = `${serviceConfigKey(serviceId)}.endpoint_url`;
    const value = profile.services[key];
    if (value)
      return checked(value, {
        from: `${key} in [services ${sectionName}] of ${profile.file}`,
        write: (v) => `endpoint_url = ${v}`,
      });
  }
  const value = profile.settings.endpoint_url;
  return value
    ? checked(value, { from: `endpoint_url in ${where}`, write: (v) => `endpoint_url = ${v}` })
    : undefined;
}

/** {@link resolveEndpoint} for each service id: those with an endpoint, id → URL. Validates every one. */
export function resolveEndpoints(
  serviceIds: readonly string[],
  inputs: EndpointInputs,
): Record<string, string> {
  const endpoints: Record<string, string> = {};
  for (const id of serviceIds) {
    const resolved = resolveEndpoint(id, inputs);
    if (resolved) endpoints[id] = resolved.url;
  }
  return endpoints;
}

/** `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` when set, else the profile's `ignore_configured_endpoint_urls`. */
function ignoreConfigured({ env, profile }: EndpointInputs): boolean {
  const fromEnv = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
  if (fromEnv) return flag(fromEnv, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS');
  if (!profile?.settings.ignore_configured_endpoint_urls) return false;
  return flag(
    profile.settings.ignore_configured_endpoint_urls,
    `ignore_configured_endpoint_urls in profile "${profile.name}" of ${profile.file}`,
  );
}

function flag(value: string, from: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'false') return v === 'true';
  throw new UsageError(`${from} is "${value}", not true or false`, 'set it to true or false');
}

function checked(
  value: string,
  source: { from: string; write: (value: string) => string },
): ResolvedEndpoint {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname)
    return { url: value, from: source.from };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  const example = hasScheme ? 'http://127.0.0.1:4566' : `http://${value}`;
  throw new UsageError(
    `${source.from} is "${value}", which is not an endpoint URL${hasScheme ? '' : ' (it has no scheme)'}`,
    `write the whole URL, scheme included, e.g. ${source.write(example)}`,
  );
}

// The shared config file -------------------------------------------------------------------------------

const SECTION = /^(profile|services|sso-session)\s(["']?)([\w\-@+.%:/]+)\2$/;

/** Parses a shared config file's text the way the AWS SDK for JavaScript does. Pure. */
export function parseSharedConfig(text: string): SharedConfig {
  const table = () => Object.create(null) as Record<string, Record<string, string>>;
  const config: SharedConfig = { profiles: table(), services: table() };
  /** `[default]`, which `[profile default]` overrides wherever it is in the file. */
  const plainDefault = table();
  let section: Record<string, string> | undefined;
  let subSection: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.split(/(?:^|\s)[;#]/)[0]!.trim();
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      const name = trimmed.slice(1, -1).trim();
      const match = SECTION.exec(name);
      const [group, key] =
        name === 'default'
          ? [plainDefault, 'default']
          : match?.[1] === 'profile'
            ? [config.profiles, match[3]!]
            : match?.[1] === 'services'
              ? [config.services, match[3]!]
              : [undefined, ''];
      section = group ? (group[key] ??= Object.create(null) as Record<string, string>) : undefined;
      subSection = undefined;
      continue;
    }
    if (!section) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (value === '') {
      subSection = key;
      continue;
    }
    if (subSection && line.trimStart() === line) subSection = undefined;
    section[subSection ? `${subSection}.${key}` : key] = value;
  }
  if (!config.profiles.default && plainDefault.default) config.profiles.default = plainDefault.default;
  return config;
}

/** The named profile of a parsed file, with the services section it names; undefined when absent. */
export function profileOf(config: SharedConfig, name: string, file: string): ConfigProfile | undefined {
  const settings = config.profiles[name];
  if (!settings) return undefined;
  const services = settings.services ? config.services[settings.services] : undefined;
  return { name, file, settings, ...(services ? { services } : {}) };
}

/**
 * The inputs for `env` and the CLI's options: the shared config file (`AWS_CONFIG_FILE`, else
 * ~/.aws/config; a missing or unreadable file counts as empty, as in the SDK) and its profile
 * (`--profile`, else `AWS_PROFILE`, else `default`).
 */
export function endpointInputs(
  env: Env,
  options: { profile?: string; endpointUrl?: string } = {},
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): EndpointInputs {
  const home = env.HOME || env.USERPROFILE || homedir();
  const configured = env.AWS_CONFIG_FILE;
  const file = configured
    ? configured.startsWith('~/')
      ? join(home, configured.slice(2))
      : configured
    : join(home, '.aws', 'config');
  let text: string;
  try {
    text = read(file);
  } catch {
    text = ''; // no file (or none readable): no profile settings, as in the SDK
  }
  const profile = profileOf(parseSharedConfig(text), options.profile || env.AWS_PROFILE || 'default', file);
  return {
    env,
    ...(profile ? { profile } : {}),
    ...(options.endpointUrl ? { option: options.endpointUrl } : {}),
  };
}
