/**
 * The few Python and NumPy number operations Ultralytics' trainer uses, reproduced bit for bit so the LR
 * of every update matches float64 for float64 (dialects.md §0: Python's round() is round-half-to-even).
 */

/** Python `round(x)` on a float and NumPy `ndarray.round()`: nearest integer, ties to even (round(2.5) == 2). */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Python `round(x, digits)`: the decimal nearest to the exact binary value of x, ties to even. `toFixed`
 * also rounds the exact binary value but breaks exact ties upwards, so only an exact tie is corrected (its
 * exact expansion, which toFixed prints for dyadic numbers, ends in 5 followed by zeros).
 */
export function roundToDigits(x: number, digits: number): number {
  const exact = Math.abs(x).toFixed(100);
  const point = exact.indexOf('.');
  const tail = exact.slice(point + 1 + digits);
  if (/^50*$/.test(tail)) {
    const kept = exact.slice(0, point + 1 + digits);
    const lastDigit = Number(kept[kept.length - 1] === '.' ? kept[kept.length - 2] : kept[kept.length - 1]);
    const down = Number(kept);
    const value = lastDigit % 2 === 0 ? down : down + 10 ** -digits;
    return Math.sign(x) * Number(value.toFixed(digits));
  }
  return Number(x.toFixed(digits));
}

/**
 * `np.interp(x, [x0, x1], [y0, y1])` for x0 < x1, as numpy/core/src/multiarray/compiled_base.c computes
 * it: the end points are returned exactly, in between `slope * (x - x0) + y0` with `slope = (y1 - y0) / (x1 - x0)`.
 */
export function npInterp(x: number, x0: number, x1: number, y0: number, y1: number): number {
  if (x >= x1) return y1;
  if (x <= x0) return y0;
  const slope = (y1 - y0) / (x1 - x0);
  return slope * (x - x0) + y0;
}
