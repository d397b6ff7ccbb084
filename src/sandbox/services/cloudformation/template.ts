/**
 * The little of a template the sandbox checks, as CloudFormation does before it accepts a stack set:
 * the body parses (JSON, or YAML with CloudFormation's short-form tags), `Resources` has at least one
 * entry and each entry a `Type`, the capabilities the resources need were acknowledged, and every
 * template parameter without a `Default` gets a value. Nothing is deployed.
 */
import { parseDocument } from 'yaml';
import { AwsError } from '../../errors.js';
import type { Capability, Parameter } from './state.js';

export const MAX_TEMPLATE_BODY = 51_200;

const IAM_TYPES = new Set([
  'AWS::IAM::AccessKey',
  'AWS::IAM::Group',
  'AWS::IAM::InstanceProfile',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::UserToGroupAddition',
]);
/** Properties that give an IAM resource a custom name (CAPABILITY_NAMED_IAM). */
const IAM_NAME_PROPERTIES = ['RoleName', 'UserName', 'GroupName', 'ManagedPolicyName', 'InstanceProfileName'];

export interface TemplateSummary {
  resourceTypes: string[];
  /** Parameter name → whether it has a Default. */
  parameters: Record<string, boolean>;
  required: Capability[];
}

const formatError = (detail: string) => new AwsError('ValidationError', `Template format error: ${detail}`);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(body: string): unknown {
  if (body.trimStart().startsWith('{')) {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw formatError('JSON not well-formed.');
    }
  }
  // Unknown tags (!Ref, !Sub, !GetAtt ...) are warnings for the yaml parser, not errors.
  const doc = parseDocument(body, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0];
    throw formatError(`YAML not well-formed.${at ? ` (line ${at.line}, column ${at.col})` : ''}`);
  }
  return doc.toJS() as unknown;
}

/** Parses and checks a template body; throws CloudFormation's ValidationError when it is not one. */
export function summarizeTemplate(body: string): TemplateSummary {
  if (Buffer.byteLength(body, 'utf8') > MAX_TEMPLATE_BODY)
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`,
    );
  const template = parse(body);
  if (!isRecord(template)) throw formatError('unsupported structure.');
  const resources = template.Resources;
  if (!isRecord(resources) || Object.keys(resources).length === 0)
    throw formatError('At least one Resources member must be defined.');
  const resourceTypes: string[] = [];
  let iam = false;
  let namedIam = false;
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string')
      throw formatError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
    resourceTypes.push(resource.Type);
    if (IAM_TYPES.has(resource.Type)) {
      iam = true;
      const properties = isRecord(resource.Properties) ? resource.Properties : {};
      if (IAM_NAME_PROPERTIES.some((p) => properties[p] !== undefined)) namedIam = true;
    }
  }
  const parameters: Record<string, boolean> = {};
  if (template.Parameters !== undefined) {
    if (!isRecord(template.Parameters)) throw formatError('Parameters must be an object.');
    for (const [name, spec] of Object.entries(template.Parameters)) {
      if (!isRecord(spec) || typeof spec.Type !== 'string')
        throw formatError(`[/Parameters/${name}] Every Parameters object must contain a Type member.`);
      parameters[name] = spec.Default !== undefined;
    }
  }
  const required: Capability[] = [];
  if (namedIam) required.push('CAPABILITY_NAMED_IAM');
  else if (iam) required.push('CAPABILITY_IAM');
  if (template.Transform !== undefined) required.push('CAPABILITY_AUTO_EXPAND');
  return { resourceTypes, parameters, required };
}

/** InsufficientCapabilitiesException unless every capability the template needs was acknowledged. */
export function checkCapabilities(summary: TemplateSummary, given: readonly Capability[]): void {
  const missing = summary.required.filter(
    (c) => !given.includes(c) && !(c === 'CAPABILITY_IAM' && given.includes('CAPABILITY_NAMED_IAM')),
  );
  if (missing.length > 0)
    throw new AwsError(
      'InsufficientCapabilitiesException',
      `Requires capabilities : [${missing.join(', ')}]`,
    );
}

/** Every parameter without a Default needs a value; a value for an unknown parameter is refused. */
export function checkParameters(summary: TemplateSummary, given: readonly Parameter[]): void {
  const unknown = given.filter((p) => summary.parameters[p.key] === undefined).map((p) => p.key);
  if (unknown.length > 0)
    throw new AwsError('ValidationError', `Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const missing = Object.entries(summary.parameters)
    .filter(([name, hasDefault]) => !hasDefault && !given.some((p) => p.key === name))
    .map(([name]) => name);
  if (missing.length > 0)
    throw new AwsError('ValidationError', `Parameters: [${missing.join(', ')}] must have values`);
}

/** The body the seeder writes when a document gives no template. */
export const PLACEHOLDER_TEMPLATE = JSON.stringify({
  Resources: { Placeholder: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});
