/**
 * The standards the sandbox offers, with AWS's real ARNs. `{region}` is the caller's region; CIS 1.2.0
 * is the one standard AWS publishes under a region-less `ruleset` ARN. The subscription ARN keeps the
 * part after `standards/` (or `ruleset/`).
 */
export interface Standard {
  path: string;
  global: boolean;
  name: string;
  description: string;
  enabledByDefault: boolean;
}

export const STANDARDS: readonly Standard[] = [
  {
    path: 'aws-foundational-security-best-practices/v/1.0.0',
    global: false,
    name: 'AWS Foundational Security Best Practices v1.0.0',
    description:
      'The AWS Foundational Security Best Practices standard is a set of automated security checks that detect when AWS accounts and deployed resources do not align to security best practices.',
    enabledByDefault: true,
  },
  {
    path: 'cis-aws-foundations-benchmark/v/1.2.0',
    global: true,
    name: 'CIS AWS Foundations Benchmark v1.2.0',
    description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v1.2.0.',
    enabledByDefault: true,
  },
  {
    path: 'cis-aws-foundations-benchmark/v/1.4.0',
    global: false,
    name: 'CIS AWS Foundations Benchmark v1.4.0',
    description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v1.4.0.',
    enabledByDefault: false,
  },
  {
    path: 'cis-aws-foundations-benchmark/v/3.0.0',
    global: false,
    name: 'CIS AWS Foundations Benchmark v3.0.0',
    description: 'The Center for Internet Security (CIS) AWS Foundations Benchmark v3.0.0.',
    enabledByDefault: false,
  },
  {
    path: 'nist-800-53/v/5.0.0',
    global: false,
    name: 'NIST Special Publication 800-53 Revision 5',
    description: 'NIST SP 800-53 Rev. 5 security and privacy controls.',
    enabledByDefault: false,
  },
];

export function standardArn(standard: Standard, region: string): string {
  return standard.global
    ? `arn:aws:securityhub:::ruleset/${standard.path}`
    : `arn:aws:securityhub:${region}::standards/${standard.path}`;
}

export function subscriptionArn(standard: Standard, region: string, accountId: string): string {
  return `arn:aws:securityhub:${region}:${accountId}:subscription/${standard.path}`;
}

export function standardByArn(arn: string, region: string): Standard | undefined {
  return STANDARDS.find((s) => standardArn(s, region) === arn);
}
