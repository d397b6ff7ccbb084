import { describe, expect, it } from 'vitest';
import type { Operation } from '../plan/operations.js';
import { DependencyGraph } from './dependencies.js';
import type { OperationOutcome } from './outcome.js';

const op = (id: string, dependsOn: string[] = []): Operation => ({
  id,
  dependsOn,
  impact: 'create',
  summary: `create ${id}`,
  kind: 'create-ou',
  ou: { path: id },
  name: id,
  parent: { path: '' },
  tags: {},
});
const done = (o: Operation): OperationOutcome => ({ op: o, status: 'done', ms: 1 });
const failed = (o: Operation): OperationOutcome => ({ op: o, status: 'failed', error: new Error('no') });

function graph(ops: Operation[]) {
  const settled: string[] = [];
  const g = new DependencyGraph(ops, (o) =>
    settled.push(`${o.op.id} ${o.status}${o.status === 'skipped' ? `: ${o.reason}` : ''}`),
  );
  return { g, settled };
}

describe('DependencyGraph', () => {
  it('starts with what depends on nothing in the plan, those unblocking the most first, else plan order', () => {
    const [a, b, c] = [op('a'), op('b'), op('c', ['outside'])];
    const ops = [a, b, c, op('x', ['b']), op('y', ['b', 'c']), op('z', ['c', 'c'])];
    // b and c unblock two each, a none; a dependency outside the plan is already satisfied.
    expect(
      graph(ops)
        .g.initiallyReady()
        .map((o) => o.id),
    ).toEqual(['b', 'c', 'a']);
  });

  it('readies a dependent when its last dependency is done, in plan order, once', () => {
    const [a, b] = [op('a'), op('b')];
    const [x, y, z] = [op('x', ['a', 'b']), op('y', ['a']), op('z', ['a', 'a'])];
    const { g, settled } = graph([a, b, x, y, z]);
    expect(g.complete(done(a)).map((o) => o.id)).toEqual(['y', 'z']);
    expect(g.complete(done(b)).map((o) => o.id)).toEqual(['x']);
    expect(g.complete(done(y))).toEqual([]);
    expect(settled).toEqual(['a done', 'b done', 'y done']);
  });

  it('skips everything that depends on a failure, transitively, and never readies it later', () => {
    const [a, b] = [op('a'), op('b')];
    const [x, y, z] = [op('x', ['a']), op('y', ['x', 'b']), op('z', ['y'])];
    const w = op('w', ['b']);
    const { g, settled } = graph([a, b, x, y, z, w]);
    expect(g.complete(failed(a))).toEqual([]);
    expect(settled).toEqual([
      'a failed',
      'x skipped: create a failed',
      'y skipped: create x was skipped',
      'z skipped: create y was skipped',
    ]);
    // b is done later: y stays skipped, w (which needs only b) is ready.
    expect(g.complete(done(b)).map((o) => o.id)).toEqual(['w']);
    expect(g.complete(done(w))).toEqual([]);
    const outcomes = g.finalOutcomes();
    expect(outcomes.map((o) => `${o.op.id} ${o.status}`)).toEqual([
      'a failed',
      'b done',
      'x skipped',
      'y skipped',
      'z skipped',
      'w done',
    ]);
  });

  it('settles what never ran as skipped, in plan order, at the end', () => {
    // A cycle never becomes ready.
    const ops = [op('a'), op('p', ['q']), op('q', ['p'])];
    const { g, settled } = graph(ops);
    expect(g.initiallyReady().map((o) => o.id)).toEqual(['a']);
    g.complete(done(ops[0]!));
    const outcomes = g.finalOutcomes();
    expect(outcomes.map((o) => o.op.id)).toEqual(['a', 'p', 'q']);
    expect(settled).toEqual([
      'a done',
      'p skipped: its dependencies never completed',
      'q skipped: its dependencies never completed',
    ]);
    expect(outcomes[0]).toEqual({ op: ops[0], status: 'done', ms: 1 });
  });
});
