import type { ConditionNode } from './condition-node.ts';

/**
 * A condition tree fused into one loop over the chunk, generated once per compiled policy: every node's status is a
 * local of the loop body (a text test a table lookup, a number range two comparisons, all an AND, any an OR), so
 * the rows are read once and no call is made per node. Qualification and the rarer number tests run first, each in
 * its own pass, and are read from their buffers. The generated code holds only names it made and operators: every
 * array and number it uses is bound to it as a variable, nothing of a policy's text is written into it.
 */
export class Fused {
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  readonly statements: string[] = [];
  readonly before: ConditionNode[] = [];
  private locals = 0;

  bind(value: unknown): string {
    const name = `b${this.names.length}`;
    this.names.push(name);
    this.values.push(value);
    return name;
  }

  /** A new local holding `expression`, stored into `out[k]` when given (the missing-facts walk reads it). */
  local(expression: string, out?: Uint8Array): string {
    const name = `s${this.locals++}`;
    this.statements.push(`const ${name} = ${expression};`);
    if (out !== undefined) this.statements.push(`${this.bind(out)}[k] = ${name};`);
    return name;
  }

  /** A node that runs in its own pass before the loop, read from its buffer. */
  first(node: ConditionNode): string {
    this.before.push(node);
    return `${this.bind(node.out)}[k]`;
  }

  /**
   * The loop writing the root's status into its `out`: over every row of the chunk, or (`selected`) over the
   * chunk offsets ks[0..m) only, the other rows left as they are.
   */
  build(root: ConditionNode): Loop {
    const status = root.fuse(this);
    const out = this.bind(root.out);
    const step = `const r = start + k; ${this.statements.join(' ')} ${out}[k] = ${status};`;
    const source =
      `return function fused(start, n, ks, m) { if (ks === undefined) { for (let k = 0; k < n; k++) { ${step} } }` +
      ` else { for (let i = 0; i < m; i++) { const k = ks[i]; ${step} } } };`;
    const key = `${this.names.join(',')}\n${source}`;
    let factory = fusedFactories.get(key);
    if (factory === undefined) {
      factory = new Function(...this.names, source) as (...values: unknown[]) => Loop;
      fusedFactories.set(key, factory);
    }
    const loop = factory(...this.values);
    const before = this.before;
    if (before.length === 0) return loop;
    return (start, n, ks, m) => {
      for (const node of before) node.evaluate(start, n);
      loop(start, n, ks, m);
    };
  }
}

/** A fused loop: every row of [start, start + n), or the chunk offsets ks[0..m). */
export type Loop = (start: number, n: number, ks?: Int32Array, m?: number) => void;

/**
 * The generated loops by source: policies of one shape (region and sector, region and a figure…) share one, and a
 * policy compiled again gets its loop back already optimised by the engine instead of a new function to warm up.
 */
const fusedFactories = new Map<string, (...values: unknown[]) => Loop>();
