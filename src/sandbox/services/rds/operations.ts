/** RDS (awsQuery): DB instances, regional per account. Differences: SPEC.md. */
import { z } from 'zod';
import { AwsError } from '../../errors.js';
import { optBool, optInt, optString } from '../../input.js';
import { xmlList } from '../../protocols/xml.js';
import type { Handler, Seeder } from '../../service.js';
import type { AccountRecord } from '../../world.js';
import { ensureAccount } from '../../world.js';
import { peekRegional, regionalState } from '../../shared/regional.js';
import { groupNamed } from '../ec2/network.js';
import { ec2State } from '../ec2/state.js';

interface DbInstanceState {
  id: string;
  engine: string;
  instanceClass: string;
  status: 'creating' | 'available' | 'deleting';
  storageEncrypted: boolean;
  publiclyAccessible: boolean;
  createdAt: string;
  /** VPC security group ids (seeded; absent on instances created through the API). */
  securityGroupIds?: string[];
  /** The KMS key ARN of encrypted storage. */
  kmsKeyId?: string;
}

const KEY = 'rds';
const rdsState = (account: AccountRecord, region: string) =>
  regionalState<{ instances: Record<string, DbInstanceState> }>(account, KEY, region, () => ({
    instances: {},
  }));

const IDENTIFIER = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}(?<!-)$/;
const ENGINES = [
  'mysql',
  'postgres',
  'mariadb',
  'aurora-mysql',
  'aurora-postgresql',
  'oracle-ee',
  'sqlserver-ex',
  'sqlserver-se',
];

const describe = (accountId: string, region: string, d: DbInstanceState) => ({
  DBInstanceIdentifier: d.id,
  DBInstanceArn: `arn:aws:rds:${region}:${accountId}:db:${d.id}`,
  DBInstanceClass: d.instanceClass,
  Engine: d.engine,
  DBInstanceStatus: d.status,
  StorageEncrypted: d.storageEncrypted,
  PubliclyAccessible: d.publiclyAccessible,
  InstanceCreateTime: new Date(d.createdAt),
  // RDS names each list entry after its shape: <VpcSecurityGroupMembership>.
  VpcSecurityGroups: xmlList(
    'VpcSecurityGroupMembership',
    (d.securityGroupIds ?? []).map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
  ),
  ...(d.storageEncrypted
    ? { KmsKeyId: d.kmsKeyId ?? `arn:aws:kms:${region}:${accountId}:alias/aws/rds` }
    : {}),
});

const notFound = (id: string) =>
  new AwsError('DBInstanceNotFound', `DBInstance ${id} not found.`, { status: 404 });

export const rdsOperations: Record<string, Handler> = {
  CreateDBInstance: (ctx, input) => {
    const state = rdsState(ensureAccount(ctx.world, ctx.caller.accountId, ctx.now), ctx.region);
    const id = (optString(input, 'DBInstanceIdentifier') ?? '').toLowerCase();
    if (!IDENTIFIER.test(id))
      throw new AwsError(
        'InvalidParameterValue',
        'The parameter DBInstanceIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.',
      );
    if (state.instances[id]) throw new AwsError('DBInstanceAlreadyExists', 'DB instance already exists');
    const engine = optString(input, 'Engine') ?? '';
    if (!ENGINES.includes(engine))
      throw new AwsError('InvalidParameterValue', `Invalid DB engine: ${engine}`);
    const instance: DbInstanceState = {
      id,
      engine,
      instanceClass: optString(input, 'DBInstanceClass') ?? 'db.t3.micro',
      status: 'creating',
      storageEncrypted: optBool(input, 'StorageEncrypted') ?? false,
      publiclyAccessible: optBool(input, 'PubliclyAccessible') ?? false,
      createdAt: ctx.now.toISOString(),
    };
    state.instances[id] = instance;
    return { DBInstance: describe(ctx.caller.accountId, ctx.region, instance) };
  },
  DescribeDBInstances: (ctx, input) => {
    const account = ctx.world.accounts[ctx.caller.accountId];
    const state = peekRegional<{ instances: Record<string, DbInstanceState> }>(account, KEY, ctx.region);
    const all = Object.values(state?.instances ?? {});
    // creating → available, deleting → gone: one step per describe
    for (const d of all) if (d.status === 'creating') d.status = 'available';
    for (const d of all.filter((x) => x.status === 'deleting')) delete state!.instances[d.id];
    const id = optString(input, 'DBInstanceIdentifier')?.toLowerCase();
    if (id && !state?.instances[id]) throw notFound(id);
    const list = Object.values(state?.instances ?? {})
      .filter((d) => !id || d.id === id)
      .sort((a, b) => a.id.localeCompare(b.id));
    const size = optInt(input, 'MaxRecords', { min: 20, max: 100 });
    const page = ctx.page(
      list,
      optString(input, 'Marker'),
      size,
      `rds:${ctx.caller.accountId}:${ctx.region}`,
      {
        defaultSize: 100,
        max: 100,
        invalidToken: () => new AwsError('InvalidParameterValue', 'The marker is not valid'),
      },
    );
    return {
      // RDS names its list entries after the shape (`<DBInstance>`), not `<member>`
      DBInstances: xmlList(
        'DBInstance',
        page.items.map((d) => describe(ctx.caller.accountId, ctx.region, d)),
      ),
      ...(page.nextToken ? { Marker: page.nextToken } : {}),
    };
  },
  DeleteDBInstance: (ctx, input) => {
    const account = ctx.world.accounts[ctx.caller.accountId];
    const id = (optString(input, 'DBInstanceIdentifier') ?? '').toLowerCase();
    const instance = account ? rdsState(account, ctx.region).instances[id] : undefined;
    if (!instance) throw notFound(id);
    if (!(optBool(input, 'SkipFinalSnapshot') ?? false) && !optString(input, 'FinalDBSnapshotIdentifier'))
      throw new AwsError(
        'InvalidParameterCombination',
        'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.',
      );
    instance.status = 'deleting';
    return { DBInstance: describe(ctx.caller.accountId, ctx.region, instance) };
  },
};

const dbSpec = z
  .object({
    id: z.string().regex(IDENTIFIER),
    engine: z.enum(ENGINES as [string, ...string[]]).default('postgres'),
    instanceClass: z.string().default('db.t3.micro'),
    storageEncrypted: z.boolean().default(true),
    publiclyAccessible: z.boolean().default(false),
    /** Security groups of the region's `network` member, by name or id. */
    securityGroups: z.array(z.string().min(1)).default([]),
    /** A KMS key ARN for encrypted storage (default: the account's `aws/rds` key). */
    kmsKeyId: z.string().startsWith('arn:aws:kms:').optional(),
  })
  .strict();

export const dbInstancesSeeder: Seeder<Array<z.infer<typeof dbSpec>>> = {
  key: 'dbInstances',
  schema: z.array(dbSpec),
  apply(ctx, specs) {
    const state = rdsState(ctx.account, ctx.region!);
    for (const spec of specs)
      state.instances[spec.id.toLowerCase()] = {
        id: spec.id.toLowerCase(),
        engine: spec.engine,
        instanceClass: spec.instanceClass,
        status: 'available',
        storageEncrypted: spec.storageEncrypted,
        publiclyAccessible: spec.publiclyAccessible,
        createdAt: ctx.now.toISOString(),
        ...(spec.securityGroups.length
          ? {
              securityGroupIds: spec.securityGroups.map(
                (name) => groupNamed(ec2State(ctx.account, ctx.region!), name).id,
              ),
            }
          : {}),
        ...(spec.kmsKeyId ? { kmsKeyId: spec.kmsKeyId } : {}),
      };
  },
};
