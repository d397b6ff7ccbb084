import { describe, expect, it } from 'vitest';
import type { Operation } from '../plan/operations.js';
import { LANE_LIMITS, type Lane } from './lanes.js';
import { LaneScheduler } from './lane-scheduler.js';

const base = { dependsOn: [], impact: 'create' as const, summary: 's' };
const user = (id: string): Operation => ({
  ...base,
  id,
  kind: 'create-user',
  user: { type: 'USER', name: id },
  displayName: id,
});
const ou = (id: string): Operation => ({
  ...base,
  id,
  kind: 'create-ou',
  ou: { path: id },
  name: id,
  parent: { path: '' },
  tags: {},
});
const assignment = (id: string, account: string): Operation => ({
  ...base,
  id,
  kind: 'create-assignment',
  permissionSet: { name: id },
  principal: { type: 'GROUP', name: 'Ops' },
  account: { name: account },
});

function scheduler(limits: Partial<Record<Lane, number>> = {}) {
  const lanes = new LaneScheduler({ ...LANE_LIMITS, ...limits });
  const started: string[] = [];
  const fill = (then?: (op: Operation, lane: Lane) => void) =>
    lanes.fill((op, lane) => {
      started.push(`${lane}:${op.id}`);
      then?.(op, lane);
    });
  return { lanes, started, fill };
}

describe('LaneScheduler', () => {
  it('starts each lane up to its limit, lanes in the order they got work, queues in order', () => {
    const { lanes, started, fill } = scheduler({ identitystore: 2, organizations: 1 });
    for (const op of [user('u1'), ou('o1'), user('u2'), user('u3'), ou('o2')]) lanes.enqueue(op);
    fill();
    expect(started).toEqual(['identitystore:u1', 'identitystore:u2', 'organizations:o1']);
    expect(lanes.runningIn('identitystore')).toBe(2);
    expect(lanes.runningIn('organizations')).toBe(1);
    // Nothing more has room until something finishes.
    fill();
    expect(started).toHaveLength(3);
    lanes.release(user('u1'), 'identitystore');
    fill();
    expect(started.slice(3)).toEqual(['identitystore:u3']);
    lanes.release(ou('o1'), 'organizations');
    fill();
    expect(started.slice(4)).toEqual(['organizations:o2']);
  });

  it('parks an operation whose exclusive key is held, and starts it before later ones when released', () => {
    const { lanes, started, fill } = scheduler();
    for (const op of [assignment('a1', 'Prod'), assignment('a2', 'Prod'), assignment('b1', 'Dev')])
      lanes.enqueue(op);
    fill();
    // a2 waits for a1 (same account) without holding a slot; b1 (another account) goes.
    expect(started).toEqual(['assignments:a1', 'assignments:b1']);
    expect(lanes.runningIn('assignments')).toBe(2);
    lanes.enqueue(assignment('c1', 'Test'));
    lanes.release(assignment('a1', 'Prod'), 'assignments');
    fill();
    expect(started.slice(2)).toEqual(['assignments:a2', 'assignments:c1']);
  });

  it('keeps a key held until released, whatever else finishes', () => {
    const { lanes, started, fill } = scheduler();
    lanes.enqueue(assignment('a1', 'Prod'));
    lanes.enqueue(assignment('b1', 'Dev'));
    lanes.enqueue(assignment('a2', 'Prod'));
    fill();
    lanes.release(assignment('b1', 'Dev'), 'assignments');
    fill();
    expect(started).toEqual(['assignments:a1', 'assignments:b1']);
    lanes.release(assignment('a1', 'Prod'), 'assignments');
    fill();
    expect(started).toEqual(['assignments:a1', 'assignments:b1', 'assignments:a2']);
    expect(lanes.runningIn('assignments')).toBe(1);
  });

  it('fills freed slots and new lanes within the same pass when start finishes or enqueues at once', () => {
    const { lanes, started, fill } = scheduler({ identitystore: 1 });
    lanes.enqueue(user('u1'));
    lanes.enqueue(user('u2'));
    fill((op, lane) => {
      // u1 finishes at once and readies an OU: u2 takes the freed slot, the OU lane is visited too.
      if (op.id === 'u1') {
        lanes.release(op, lane);
        lanes.enqueue(ou('o1'));
      }
    });
    expect(started).toEqual(['identitystore:u1', 'identitystore:u2', 'organizations:o1']);
  });

  it('a lane with a limit of 0 starts nothing', () => {
    const { lanes, started, fill } = scheduler({ identitystore: 0 });
    lanes.enqueue(user('u1'));
    lanes.enqueue(ou('o1'));
    fill();
    expect(started).toEqual(['organizations:o1']);
  });
});
