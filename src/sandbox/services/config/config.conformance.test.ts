/** The same Config scenario on the sandbox and on moto_server (differences: SPEC.md). */
import {
  ConfigServiceClient,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../../test/support/failure.js';
import {
  conformanceTargets,
  startTarget,
  type Target,
  type TargetName,
} from '../../../../test/support/targets.js';

describe.each<TargetName>(conformanceTargets)('Config conformance on %s', (name) => {
  let target: Target;
  const isMoto = name === 'moto';
  const client = () => new ConfigServiceClient({ ...target.config(), maxAttempts: 1 });

  beforeAll(async () => {
    target = await startTarget(name);
    await target.reset();
  });
  afterAll(() => target.close());

  it('needs a delivery channel to start recording', async () => {
    const config = client();
    const roleARN =
      'arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig';
    await config.send(
      new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN } }),
    );
    expect(
      (
        await failure(
          config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' })),
        )
      ).name,
    ).toBe('NoAvailableDeliveryChannelException');
    if (isMoto) {
      // moto checks that the bucket exists
      const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
      await new S3Client({ ...target.config(), forcePathStyle: true }).send(
        new CreateBucketCommand({ Bucket: 'conf-config' }),
      );
    }
    await config.send(
      new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: 'conf-config' } }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
    const [status] = (await config.send(new DescribeConfigurationRecorderStatusCommand({})))
      .ConfigurationRecordersStatus!;
    expect(status).toMatchObject({ name: 'default', recording: true });
    expect(
      (await config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders![0]!.roleARN,
    ).toBe(roleARN);
    expect(
      (await config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels![0]!.s3BucketName,
    ).toBe('conf-config');
    expect(
      (
        await failure(
          config.send(new DescribeConfigurationRecordersCommand({ ConfigurationRecorderNames: ['nope'] })),
        )
      ).name,
    ).toBe('NoSuchConfigurationRecorderException');
  });
});
