import type { Handler } from '../../service.js';
import { aggregatorOperations } from './aggregators.js';
import { recorderOperations } from './recorders.js';
import { ruleOperations } from './rules.js';

export const configOperations: Record<string, Handler> = {
  ...recorderOperations,
  ...aggregatorOperations,
  ...ruleOperations,
};
