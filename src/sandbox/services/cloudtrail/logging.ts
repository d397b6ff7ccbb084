/** GetTrailStatus, StartLogging, StopLogging, PutEventSelectors, GetEventSelectors. */
import { optList, reqString, type Input } from '../../input.js';
import type { Handler } from '../../service.js';
import { requireWritable } from './access.js';
import { trailError } from './errors.js';
import { requireTrail } from './lookup.js';
import {
  DEFAULT_EVENT_SELECTORS,
  trailArn,
  type AdvancedEventSelector,
  type EventSelector,
} from './state.js';

/** How long after a logging trail's last delivery the sandbox reports it (CloudTrail delivers every ~5 minutes). */
const DELIVERY_LAG_MS = 5 * 60_000;

const getTrailStatus: Handler = (ctx, input) => {
  const trail = requireTrail(ctx, reqString(input, 'Name'));
  const started = trail.startLoggingTime ? new Date(trail.startLoggingTime) : undefined;
  const stopped = trail.stopLoggingTime ? new Date(trail.stopLoggingTime) : undefined;
  const lastDelivery =
    trail.isLogging && started && !trail.latestDeliveryError
      ? new Date(Math.max(started.getTime(), ctx.now.getTime() - DELIVERY_LAG_MS))
      : undefined;
  return {
    IsLogging: trail.isLogging,
    LatestDeliveryError: trail.latestDeliveryError,
    LatestDeliveryTime: lastDelivery,
    LatestDigestDeliveryTime: trail.logFileValidationEnabled ? lastDelivery : undefined,
    StartLoggingTime: started,
    StopLoggingTime: stopped,
    LatestDeliveryAttemptTime: lastDelivery?.toISOString() ?? '',
    LatestDeliveryAttemptSucceeded: lastDelivery?.toISOString() ?? '',
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    TimeLoggingStarted: started?.toISOString() ?? '',
    TimeLoggingStopped: stopped?.toISOString() ?? '',
  };
};

const setLogging =
  (on: boolean): Handler =>
  (ctx, input) => {
    const trail = requireTrail(ctx, reqString(input, 'Name'));
    requireWritable(ctx, trail);
    if (trail.isLogging !== on) {
      trail.isLogging = on;
      if (on) trail.startLoggingTime = ctx.now.toISOString();
      else trail.stopLoggingTime = ctx.now.toISOString();
    }
    return {};
  };

const MAX_SELECTORS = 5;
const MAX_ADVANCED = 500;

function readSelectors(input: Input): { basic?: EventSelector[]; advanced?: AdvancedEventSelector[] } {
  const basic = optList(input, 'EventSelectors') as EventSelector[] | undefined;
  const advanced = optList(input, 'AdvancedEventSelectors') as AdvancedEventSelector[] | undefined;
  if ((basic === undefined) === (advanced === undefined))
    throw trailError(
      'InvalidParameterCombinationException',
      'Specify either EventSelectors or AdvancedEventSelectors, but not both.',
    );
  if (basic && basic.length > MAX_SELECTORS)
    throw trailError(
      'InvalidEventSelectorsException',
      `A trail can have at most ${MAX_SELECTORS} event selectors.`,
    );
  if (advanced) {
    if (advanced.length > MAX_ADVANCED)
      throw trailError('InvalidEventSelectorsException', 'Too many advanced event selectors.');
    for (const selector of advanced)
      if (!Array.isArray(selector.FieldSelectors) || selector.FieldSelectors.length === 0)
        throw trailError(
          'InvalidEventSelectorsException',
          'Each advanced event selector needs FieldSelectors.',
        );
  }
  return {
    ...(basic
      ? {
          basic: basic.map((s) => ({
            ReadWriteType: s.ReadWriteType ?? 'All',
            IncludeManagementEvents: s.IncludeManagementEvents ?? true,
            DataResources: s.DataResources ?? [],
            ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
          })),
        }
      : {}),
    ...(advanced ? { advanced } : {}),
  };
}

const putEventSelectors: Handler = (ctx, input) => {
  const trail = requireTrail(ctx, reqString(input, 'TrailName'));
  requireWritable(ctx, trail);
  const { basic, advanced } = readSelectors(input);
  trail.eventSelectors = basic;
  trail.advancedEventSelectors = advanced;
  return { TrailARN: trailArn(trail), EventSelectors: basic, AdvancedEventSelectors: advanced };
};

const getEventSelectors: Handler = (ctx, input) => {
  const trail = requireTrail(ctx, reqString(input, 'TrailName'));
  if (trail.advancedEventSelectors)
    return { TrailARN: trailArn(trail), AdvancedEventSelectors: trail.advancedEventSelectors };
  return { TrailARN: trailArn(trail), EventSelectors: trail.eventSelectors ?? DEFAULT_EVENT_SELECTORS };
};

export const loggingOperations: Record<string, Handler> = {
  GetTrailStatus: getTrailStatus,
  StartLogging: setLogging(true),
  StopLogging: setLogging(false),
  PutEventSelectors: putEventSelectors,
  GetEventSelectors: getEventSelectors,
};
