/** Collects operations with stable ids, so dependencies can name each other and a resumed apply recognises them. */
import type { Operation } from './operations.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id' | 'dependsOn'> : never;

export class PlanBuilder {
  readonly operations: Operation[] = [];
  private readonly ids = new Set<string>();
  readonly notes: string[] = [];

  /** Adds an operation under `id` (unique); answers the id for use in `dependsOn`. */
  add(id: string, op: WithoutId<Operation>, dependsOn: Array<string | undefined> = []): string {
    if (this.ids.has(id)) return id;
    this.ids.add(id);
    const deps = [...new Set(dependsOn.filter((d): d is string => d !== undefined && d !== id))];
    const operation: Operation = { ...op, id, dependsOn: deps };
    this.operations.push(operation);
    return id;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  note(text: string): void {
    this.notes.push(text);
  }
}
