import type { RestRoute } from '../../protocols/rest.js';
import type { Handler } from '../../service.js';

export const accessAnalyzerOperations: Record<string, Handler> = {};

export const accessAnalyzerRoutes: readonly RestRoute[] = [];
