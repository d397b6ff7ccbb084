/**
 * The one table of Organizations policy types: how large a document may be, how many of a type may be
 * attached to one root, OU or account, the top-level key a management policy document must have, the
 * folder `orgward import` writes its documents to, and whether every commercial-partition organization
 * supports it (so a read lists its policies even when the type is not enabled). Everything that needs
 * one of these facts reads it here. The values are AWS's quotas, described in
 * docs/aws-limits.md#policy-sizes-and-attachments.
 */
import type { PolicyType } from './snapshot.js';

export interface PolicyTypeFacts {
  /** Maximum document size in characters, as the Organizations API counts them (whitespace included). */
  maxChars: number;
  /** Policies of this type attached directly to one root, OU or account. */
  maxAttached: number;
  /** The top-level key a management policy document must have (none for the IAM-language types). */
  rootKey?: string;
  /** The folder under `policies/` that `orgward import` writes documents of this type to. */
  folder: string;
  /** Every commercial-partition organization supports the type (its policies are always listed). */
  common: boolean;
}

export const POLICY_TYPES: Readonly<Record<PolicyType, PolicyTypeFacts>> = {
  SERVICE_CONTROL_POLICY: { maxChars: 10_240, maxAttached: 10, folder: 'scp', common: true },
  RESOURCE_CONTROL_POLICY: { maxChars: 5_120, maxAttached: 5, folder: 'rcp', common: true },
  TAG_POLICY: { maxChars: 10_000, maxAttached: 5, rootKey: 'tags', folder: 'tag', common: true },
  BACKUP_POLICY: { maxChars: 10_000, maxAttached: 5, rootKey: 'plans', folder: 'backup', common: true },
  AISERVICES_OPT_OUT_POLICY: {
    maxChars: 2_500,
    maxAttached: 5,
    rootKey: 'services',
    folder: 'ai-opt-out',
    common: true,
  },
  CHATBOT_POLICY: { maxChars: 10_000, maxAttached: 5, rootKey: 'chatbot', folder: 'chatbot', common: true },
  DECLARATIVE_POLICY_EC2: {
    maxChars: 10_000,
    maxAttached: 5,
    rootKey: 'ec2_attributes',
    folder: 'declarative-ec2',
    common: true,
  },
  SECURITYHUB_POLICY: {
    maxChars: 10_000,
    maxAttached: 5,
    rootKey: 'securityhub',
    folder: 'securityhub',
    common: true,
  },
  INSPECTOR_POLICY: { maxChars: 10_000, maxAttached: 5, folder: 'inspector', common: false },
  UPGRADE_ROLLOUT_POLICY: { maxChars: 10_000, maxAttached: 5, folder: 'upgrade-rollout', common: false },
  BEDROCK_POLICY: { maxChars: 10_000, maxAttached: 5, folder: 'bedrock', common: false },
  S3_POLICY: { maxChars: 10_000, maxAttached: 5, folder: 's3', common: false },
  NETWORK_SECURITY_DIRECTOR_POLICY: {
    maxChars: 10_000,
    maxAttached: 5,
    folder: 'network-security-director',
    common: false,
  },
};

/** The policy types every commercial-partition organization supports, in the table's order. */
export const COMMON_POLICY_TYPES: readonly PolicyType[] = (Object.keys(POLICY_TYPES) as PolicyType[]).filter(
  (type) => POLICY_TYPES[type].common,
);
