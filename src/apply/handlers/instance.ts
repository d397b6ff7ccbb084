/** The organization's IAM Identity Center instance, looked up once per run. */
import { ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import { OrgwardError } from '../../errors/index.js';
import type { ApplyContext } from '../context.js';

export async function instance(ctx: ApplyContext): Promise<{ instanceArn: string; identityStoreId: string }> {
  if (!ctx.resolver.instanceArn || !ctx.resolver.identityStoreId) {
    const found = (await ctx.factory.ssoAdmin().send(new ListInstancesCommand({}))).Instances?.[0];
    if (!found?.InstanceArn || !found.IdentityStoreId) {
      throw new OrgwardError(
        'IDENTITY_CENTER_NOT_ENABLED',
        'IAM Identity Center is not enabled for this organization',
        {
          source: 'aws',
          hint: 'enable it in the management account (console: IAM Identity Center → Enable), then apply again',
        },
      );
    }
    ctx.resolver.instanceArn = found.InstanceArn;
    ctx.resolver.identityStoreId = found.IdentityStoreId;
  }
  return { instanceArn: ctx.resolver.instanceArn, identityStoreId: ctx.resolver.identityStoreId };
}
