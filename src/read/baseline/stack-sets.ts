/**
 * The baseline's stack sets, from the management account: each one the file names, and every other
 * service-managed stack set orgward created (its tag), so `prune: [baseline]` can delete those.
 */
import {
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  ListStackSetsCommand,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { STACK_SET_TAG, type LiveStackSet } from '../../model/baseline.js';
import { allPages, orNull, readPart, type BaselineReadContext } from './shared.js';

async function readStackSet(client: CloudFormationClient, name: string): Promise<LiveStackSet | null> {
  const got = await orNull(
    () => client.send(new DescribeStackSetCommand({ StackSetName: name })),
    /^StackSetNotFoundException$/,
  );
  const set = got?.StackSet;
  if (!set || set.Status !== 'ACTIVE') return null;
  const instances = await allPages(
    (NextToken) => client.send(new ListStackInstancesCommand({ StackSetName: name, NextToken })),
    (p) => p.Summaries,
    (p) => p.NextToken,
  );
  return {
    description: set.Description ?? '',
    template: set.TemplateBody ?? '',
    parameters: Object.fromEntries(
      (set.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']),
    ),
    capabilities: [...(set.Capabilities ?? [])].sort(),
    autoDeployment: {
      enabled: set.AutoDeployment?.Enabled === true,
      retainStacksOnAccountRemoval: set.AutoDeployment?.RetainStacksOnAccountRemoval === true,
    },
    targetIds: [...(set.OrganizationalUnitIds ?? [])].sort(),
    regions: [...new Set(instances.map((i) => i.Region ?? ''))].filter(Boolean).sort(),
    managed: (set.Tags ?? []).some((t) => t.Key === STACK_SET_TAG.key && t.Value === STACK_SET_TAG.value),
  };
}

export async function readStackSets(ctx: BaselineReadContext): Promise<void> {
  const wanted = ctx.baseline.stackSets.map((s) => s.name);
  await readPart(ctx.state, 'stack-sets', async () => {
    const client = ctx.factory.cloudFormation(ctx.baseline.homeRegion);
    const listed = await allPages(
      (NextToken) => client.send(new ListStackSetsCommand({ Status: 'ACTIVE', NextToken })),
      (p) => p.Summaries,
      (p) => p.NextToken,
    );
    const serviceManaged = listed
      .filter((s) => s.PermissionModel === 'SERVICE_MANAGED')
      .map((s) => s.StackSetName ?? '');
    for (const name of [...new Set([...wanted, ...serviceManaged])]) {
      const set = await readStackSet(client, name);
      if (wanted.includes(name) || set?.managed) ctx.state.stackSets[name] = set;
    }
  });
}
