import assert from 'node:assert/strict';

/**
 * Equality of learning rates as the golden README prescribes: relative 1e-9, absolute 1e-15 for values at 0
 * (float64 closed forms and the frameworks' recursive forms differ in the last bits only).
 */
export function assertLrClose(actual: number, expected: number, what: string): void {
  const ok = Math.abs(actual - expected) <= Math.max(1e-9 * Math.abs(expected), 1e-15);
  if (!ok) assert.fail(`${what}: got ${actual}, expected ${expected}`);
}
