/**
 * The commercial AWS Regions (partition `aws`) a baseline can govern. A name outside this list is a typo
 * or a Region orgward does not know yet: validate says which, and the list is kept here.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

/** Security Hub standards by the path org.yaml names them with; CIS 1.2.0 has a region-less ARN. */
export const SECURITY_HUB_STANDARDS: Readonly<Record<string, { global: boolean }>> = {
  'aws-foundational-security-best-practices/v/1.0.0': { global: false },
  'cis-aws-foundations-benchmark/v/1.2.0': { global: true },
  'cis-aws-foundations-benchmark/v/1.4.0': { global: false },
  'cis-aws-foundations-benchmark/v/3.0.0': { global: false },
  'nist-800-53/v/5.0.0': { global: false },
  'pci-dss/v/3.2.1': { global: false },
  'aws-resource-tagging-standard/v/1.0.0': { global: false },
};

export function standardArn(path: string, region: string): string {
  return SECURITY_HUB_STANDARDS[path]?.global
    ? `arn:aws:securityhub:::ruleset/${path}`
    : `arn:aws:securityhub:${region}::standards/${path}`;
}

/** The path back from a standards ARN (either form). */
export function standardPath(arn: string): string {
  return arn.replace(/^arn:[^:]+:securityhub:[^:]*::(standards|ruleset)\//, '');
}
