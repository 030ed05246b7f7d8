import type { BenefitNode } from './benefit-node.ts';

export class Fixed implements BenefitNode {
  constructor(
    private readonly low: number,
    private readonly high: number,
  ) {}

  evaluate(_sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    min.fill(this.low, 0, n);
    max.fill(this.high, 0, n);
  }

  missing(): number {
    return 0;
  }

  missingMasks(): void {}
}

/** No amount (a schedule without an entry for the evaluation year). */
export class NoAmount implements BenefitNode {
  evaluate(_sel: Int32Array, n: number, min: Float64Array, max: Float64Array): void {
    min.fill(Number.NaN, 0, n);
    max.fill(Number.NaN, 0, n);
  }

  missing(): number {
    return 0;
  }

  missingMasks(): void {}
}
