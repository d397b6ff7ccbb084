/** The KMS operations the sandbox serves, typed by the generated shapes. */
import { typedOperations } from '../../service.js';
import { createAlias, listAliases } from './aliases.js';
import { createKey, describeKey, getKeyPolicy, listKeys, putKeyPolicy, scheduleKeyDeletion } from './keys.js';
import type { Operations } from './shapes.generated.js';

export const kmsOperations = typedOperations<Operations>()({
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  GetKeyPolicy: getKeyPolicy,
  PutKeyPolicy: putKeyPolicy,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CreateAlias: createAlias,
  ListAliases: listAliases,
});
