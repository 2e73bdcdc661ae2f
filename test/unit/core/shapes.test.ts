import assert from 'node:assert/strict';
import type { Curve } from '../../../src/core/curve';
import { curveAt } from '../../../src/core/evaluate';
import { assertLrClose } from '../helpers';

/**
 * Every curve shape against values derived by hand (the arithmetic is in the comments) or taken from the
 * frameworks' reference vectors in shared/docs/dialects.md, Appendix A (6-decimal roundings there; the
 * expectations here are the exact closed forms those roundings come from). Framework parameters are translated
 * into our shapes by hand, next to each case.
 */

/** Checks curveAt(curve, s) for every [s, expected] pair. */
function expectValues(curve: Curve, cases: [s: number, expected: number][], what: string): void {
  for (const [s, expected] of cases) assertLrClose(curveAt(curve, s), expected, `${what} at s=${s}`);
}

/** Checks a whole framework vector lr[0], lr[1], … (exact values, written out by hand). */
function expectSequence(curve: Curve, expected: number[], what: string): void {
  expected.forEach((value, s) => assertLrClose(curveAt(curve, s), value, `${what} at s=${s}`));
}

const half = (x: number) => (1 + Math.cos(x)) / 2; // ½(1 + cos x), the cosine annealing factor

describe('core curves: each shape against hand-derived and framework values', () => {
  it('constant: the same value at 0 and at 10^12', () => {
    expectValues({ kind: 'constant', value: 0.3 }, [[0, 0.3], [1e12, 0.3]], 'constant 0.3');
  });

  describe('linear', () => {
    it('PyTorch LinearLR(start_factor=0.25, total_iters=4) on base 1 (A.1): 0.25 + 0.75·t/4, then 1', () => {
      expectSequence({ kind: 'linear', from: 0.25, to: 1, length: 4 },
        [0.25, 0.25 + 0.75 / 4, 0.25 + 0.75 * 2 / 4, 0.25 + 0.75 * 3 / 4, 1, 1, 1], 'LinearLR');
    });
    it('the same LinearLR on base 0.4 is 0.1 → 0.4: 0.1 + 0.3·t/4 (t=2: 0.25), 0.4 from t=4', () => {
      expectValues({ kind: 'linear', from: 0.1, to: 0.4, length: 4 }, [[0, 0.1], [2, 0.25], [4, 0.4], [1e9, 0.4]], 'linear');
    });
    it('a linear decay 1 → 0 over 8: t=2 gives 0.75, t=8 and later give 0', () => {
      expectValues({ kind: 'linear', from: 1, to: 0, length: 8 }, [[2, 0.75], [8, 0], [9, 0]], 'linear decay');
    });
  });

  it('exponentialRamp 0.001 → 0.1 over 4: 0.001·100^(s/4) (s=1: 0.001·√10, s=2: 0.01), then 0.1', () => {
    expectValues({ kind: 'exponentialRamp', from: 0.001, to: 0.1, length: 4 },
      [[0, 0.001], [1, 0.001 * Math.sqrt(10)], [2, 0.01], [4, 0.1], [100, 0.1]], 'exponentialRamp');
  });

  describe('step', () => {
    it('PyTorch StepLR(step_size=3, gamma=0.5) (A.1): 1,1,1, 0.5,0.5,0.5, 0.25,0.25', () => {
      expectSequence({ kind: 'step', base: 1, stepSize: 3, gamma: 0.5 }, [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25], 'StepLR');
    });
    it('timm float decay_t = 2.5: floor(s/2.5) is 0 at s=2, 1 at s=3, 2 at s=5', () => {
      expectValues({ kind: 'step', base: 0.1, stepSize: 2.5, gamma: 0.5 }, [[2, 0.1], [3, 0.05], [5, 0.025]], 'step 2.5');
    });
  });

  describe('multistep', () => {
    const sequence = [1, 1, 0.1, 0.1, 0.1, 0.01, 0.01];
    it('PyTorch MultiStepLR(milestones=[2,5], gamma=0.1) (A.1): decays at t == milestone', () => {
      expectSequence({ kind: 'multistep', base: 1, milestones: [2, 5], gamma: 0.1 }, sequence, 'MultiStepLR');
    });
    it('unsorted milestones [5, 2] give the same values (PyTorch keeps them in a Counter)', () => {
      expectSequence({ kind: 'multistep', base: 1, milestones: [5, 2], gamma: 0.1 }, sequence, 'MultiStepLR unsorted');
    });
    it('a repeated milestone applies gamma twice, like PyTorch Counter([2, 2, 5])', () => {
      // t=1: 1; t=2: 0.1² = 0.01; t=5: 0.1³ = 0.001
      expectValues({ kind: 'multistep', base: 1, milestones: [2, 5, 2], gamma: 0.1 },
        [[1, 1], [2, 0.01], [4, 0.01], [5, 0.001]], 'MultiStepLR repeated');
    });
  });

  it('exponential: PyTorch ExponentialLR(gamma=0.5) (A.1): 0.5^t', () => {
    expectSequence({ kind: 'exponential', base: 1, gamma: 0.5 }, [1, 0.5, 0.25, 0.125, 0.0625], 'ExponentialLR');
  });

  describe('cosine', () => {
    // CosineAnnealingLR(T_max=4, eta_min=0.1) on base 1: 0.1 + 0.9·½(1 + cos(πt/4)).
    const c1 = 0.1 + 0.9 * half(Math.PI / 4); // 0.1 + 0.45·(1 + √2/2) ≈ 0.868198
    const c3 = 0.1 + 0.9 * half((3 * Math.PI) / 4); // 0.1 + 0.45·(1 − √2/2) ≈ 0.231802
    it('periodic = PyTorch CosineAnnealingLR(T_max=4, eta_min=0.1) stepped past T_max (A.1): rises again', () => {
      expectSequence({ kind: 'cosine', base: 1, min: 0.1, period: 4, after: 'periodic' },
        [1, c1, 0.55, c3, 0.1, c3, 0.55, c1, 1, c1], 'CosineAnnealingLR');
    });
    it('hold = Keras CosineDecay(1, decay_steps=4, alpha=0.1) (A.10): stays at the minimum after the period', () => {
      expectSequence({ kind: 'cosine', base: 1, min: 0.1, period: 4, after: 'hold' }, [1, c1, 0.55, c3, 0.1, 0.1], 'CosineDecay');
      expectValues({ kind: 'cosine', base: 1, min: 0.1, period: 4, after: 'hold' }, [[1e12, 0.1]], 'CosineDecay');
    });
  });

  describe('cosineRestarts', () => {
    it('PyTorch CosineAnnealingWarmRestarts(T_0=3, T_mult=2) (A.1): cycles start at 0, 3, 9', () => {
      // cycle 0 (length 3): ½(1+cos(πt/3)) = 1, 0.75, 0.25; cycle 1 (3..8, length 6): ½(1+cos(π(t−3)/6));
      // cycle 2 starts at 3·(2²−1)/(2−1) = 9.
      const curve: Curve = { kind: 'cosineRestarts', base: 1, min: 0, firstPeriod: 3, periodMult: 2, restartDecay: 1 };
      expectSequence(curve, [1, 0.75, 0.25, 1, 0.5 + Math.sqrt(3) / 4, 0.75, 0.5, 0.25, 0.5 - Math.sqrt(3) / 4, 1],
        'CosineAnnealingWarmRestarts T_mult=2');
      // cycle 3 starts at 3·(2³−1) = 21, cycle 4 at 3·(2⁴−1) = 45
      expectValues(curve, [[20, half((11 * Math.PI) / 12)], [21, 1], [45, 1], [45 + 24, 0.5]], 'restarts far on');
    });
    it('T_mult = 1, T_0 = 3, eta_min = 0.1: every cycle is the same, never reaches eta_min on integers', () => {
      // 0.1 + 0.9·½(1+cos(π(t mod 3)/3)): t mod 3 = 0 → 1, 1 → 0.1 + 0.9·0.75 = 0.775, 2 → 0.1 + 0.9·0.25 = 0.325
      expectSequence({ kind: 'cosineRestarts', base: 1, min: 0.1, firstPeriod: 3, periodMult: 1, restartDecay: 1 },
        [1, 0.775, 0.325, 1, 0.775, 0.325, 1], 'T_mult=1');
    });
    it('restartDecay 0.5 = timm Cosine(t_initial=3, cycle_mul=2, cycle_decay=0.5) (A.2, before cycle_limit)', () => {
      // cycle i peaks at 0.5^i: t=3 → 0.5, t=4 → 0.5·(½ + √3/4) ≈ 0.466506, t=9 → 0.25, t=10 → 0.25·½(1+cos(π/12))
      const curve: Curve = { kind: 'cosineRestarts', base: 1, min: 0, firstPeriod: 3, periodMult: 2, restartDecay: 0.5 };
      expectSequence(curve, [1, 0.75, 0.25, 0.5, 0.5 * (0.5 + Math.sqrt(3) / 4), 0.375, 0.25, 0.125,
        0.5 * (0.5 - Math.sqrt(3) / 4), 0.25, 0.25 * half(Math.PI / 12)], 'timm cycle_decay');
    });
  });

  describe('polynomial', () => {
    it('PyTorch PolynomialLR(total_iters=4, power=2) (A.1): (1 − t/4)², 0 from t=4', () => {
      expectSequence({ kind: 'polynomial', base: 1, end: 0, length: 4, power: 2 }, [1, 0.5625, 0.25, 0.0625, 0, 0], 'PolynomialLR');
    });
    it('power 1 with an end LR = MMEngine PolyLR(eta_min=0.1, power=1, end=5) (A.6): 0.1 + 0.9·(1 − t/4)', () => {
      expectSequence({ kind: 'polynomial', base: 1, end: 0.1, length: 4, power: 1 }, [1, 0.775, 0.55, 0.325, 0.1, 0.1], 'PolyLR');
    });
    it('power 2 with an end LR: 0.1 + 0.9·(1 − 3/8)² at s=3 (HF polynomial, lr_end=0.1, decay part)', () => {
      expectValues({ kind: 'polynomial', base: 1, end: 0.1, length: 8, power: 2 },
        [[1, 0.1 + 0.9 * (7 / 8) ** 2], [3, 0.1 + 0.9 * (5 / 8) ** 2], [8, 0.1], [1e12, 0.1]], 'polynomial end');
    });
  });

  describe('oneCycle (PyTorch OneCycleLR: initial = max/div_factor, min = initial/final_div_factor)', () => {
    // max_lr=1, total_steps=10, div_factor=25, final_div_factor=1e4, pct_start=0.3:
    // initial = 1/25 = 0.04, min = 0.04/1e4 = 4e-6, E1 = 0.3·10 − 1 = 2, E2 = 10 − 1 = 9.
    const initial = 1 / 25;
    const min = initial / 1e4;
    const e1 = 0.3 * 10 - 1;
    it('two-phase cos (A.1): t=1 → 1 + (0.04 − 1)·½(1+cos(π/2)) = 0.52; t=3 → 4e-6 + (1 − 4e-6)·½(1+cos(π/7))', () => {
      const curve: Curve = { kind: 'oneCycle', anneal: 'cos', anchors: [{ step: 0, value: initial }, { step: e1, value: 1 }, { step: 9, value: min }] };
      expectSequence(curve, [0.04, 0.52, 1, ...[1, 2, 3, 4, 5, 6, 7].map(k => min + (1 - min) * half((Math.PI * k) / 7))],
        'OneCycleLR cos');
    });
    it('two-phase linear (A.1): t=3 → 1 + (4e-6 − 1)·1/7', () => {
      const curve: Curve = { kind: 'oneCycle', anneal: 'linear', anchors: [{ step: 0, value: initial }, { step: e1, value: 1 }, { step: 9, value: min }] };
      expectSequence(curve, [0.04, 0.52, 1, ...[1, 2, 3, 4, 5, 6, 7].map(k => 1 + ((min - 1) * k) / 7)], 'OneCycleLR linear');
    });
    it('three-phase linear (A.1): E2 = 2·0.3·10 − 2 = 4; t=3 → 0.52, t=4 → 0.04, t=5 → 0.04 + (4e-6 − 0.04)/5', () => {
      const curve: Curve = { kind: 'oneCycle', anneal: 'linear', anchors: [{ step: 0, value: initial }, { step: e1, value: 1 },
        { step: 2 * 0.3 * 10 - 2, value: initial }, { step: 9, value: min }] };
      expectSequence(curve, [0.04, 0.52, 1, 0.52, 0.04, ...[1, 2, 3, 4, 5].map(k => initial + ((min - initial) * k) / 5)],
        'OneCycleLR three-phase');
    });
    it('three-phase cos: t=3 → 0.04 + 0.96·½(1+cos(π/2)) = 0.52', () => {
      const curve: Curve = { kind: 'oneCycle', anneal: 'cos', anchors: [{ step: 0, value: initial }, { step: e1, value: 1 },
        { step: 4, value: initial }, { step: 9, value: min }] };
      expectValues(curve, [[3, 0.52], [4, 0.04], [6, min + (initial - min) * half((2 * Math.PI) / 5)], [9, min]], 'three-phase cos');
    });
    it('a fractional phase end (pct_start=0.25 → E1 = 1.5): t=1 is inside phase 1, t=2 inside phase 2', () => {
      // t=1: pct = 1/1.5 → 1 + (0.04 − 1)·½(1+cos(2π/3)) = 1 − 0.96·0.25 = 0.76
      // t=2: pct = (2 − 1.5)/(9 − 1.5) = 1/15 → 4e-6 + (1 − 4e-6)·½(1+cos(π/15))
      const curve: Curve = { kind: 'oneCycle', anneal: 'cos', anchors: [{ step: 0, value: initial }, { step: 0.25 * 10 - 1, value: 1 }, { step: 9, value: min }] };
      expectValues(curve, [[1, 0.76], [2, min + (1 - min) * half(Math.PI / 15)]], 'fractional E1');
    });
  });

  describe('inverseSqrt', () => {
    it('HF inverse_sqrt after warmup W=3, timescale=W (A.3): sqrt(3/t) → t=4: √0.75, t=9: √(1/3)', () => {
      expectValues({ kind: 'inverseSqrt', base: 1, timescale: 3, offset: 0 },
        [[3, 1], [4, Math.sqrt(0.75)], [5, Math.sqrt(0.6)], [9, Math.sqrt(1 / 3)]], 'inverse_sqrt');
    });
    it('timescale 10, W = 3 → offset = 10 − 3 = 7: s=3 → 1, s=13 → √(10/20)', () => {
      expectValues({ kind: 'inverseSqrt', base: 0.5, timescale: 10, offset: 7 }, [[3, 0.5], [13, 0.5 * Math.sqrt(0.5)]], 'offset 7');
    });
  });

  describe('wsd (warmup-stable-decay)', () => {
    const wsd = (decayShape: 'linear' | 'cosine' | '1-sqrt', min = 0, warmupStart = 0): Curve =>
      ({ kind: 'wsd', base: 1, warmup: 2, stable: 4, decay: 4, min, warmupStart, decayShape });
    it('cosine = HF warmup_stable_decay N=10, W=2, num_decay_steps=4 (A.3): decay starts at 2 + 4 = 6', () => {
      expectSequence(wsd('cosine'), [0, 0.5, 1, 1, 1, 1, 1, half(Math.PI / 4), 0.5, half((3 * Math.PI) / 4), 0], 'HF WSD cosine');
    });
    it('linear decay: s=7 → 1 − 1/4 = 0.75, s=9 → 0.25; min 0.1 → s=8: 0.1 + 0.9·0.5', () => {
      expectValues(wsd('linear'), [[7, 0.75], [9, 0.25], [10, 0], [1e6, 0]], 'WSD linear');
      expectValues(wsd('linear', 0.1), [[8, 0.55], [10, 0.1]], 'WSD linear min');
    });
    it('1-sqrt decay: s=7 → 1 − √(1/4) = 0.5, s=8 → 1 − √(1/2); warmup from 0.1: s=1 → 0.1 + 0.9/2', () => {
      expectValues(wsd('1-sqrt'), [[7, 0.5], [8, 1 - Math.sqrt(0.5)], [10, 0]], 'WSD 1-sqrt');
      expectValues(wsd('1-sqrt', 0, 0.1), [[0, 0.1], [1, 0.55], [2, 1]], 'WSD warmup start');
    });
  });

  describe('cyclic (PyTorch CyclicLR)', () => {
    // base_lr 0.1, max_lr 1, up = down = 2: cycle = ⌊1 + t/4⌋, x = 1 + t/4 − cycle, ratio 0.5,
    // scale = x/0.5 if x ≤ 0.5 else (x − 1)/(0.5 − 1).
    const cyclic = (mode: 'triangular' | 'triangular2' | 'exp_range', gamma = 1, stepUp = 2, stepDown = 2): Curve =>
      ({ kind: 'cyclic', base: 0.1, max: 1, stepUp, stepDown, mode, gamma });
    it('triangular: 0.1, 0.55, 1, 0.55, 0.1, …', () => {
      expectSequence(cyclic('triangular'), [0.1, 0.55, 1, 0.55, 0.1, 0.55, 1, 0.55, 0.1], 'triangular');
    });
    it('triangular2 halves the height each cycle: t=5 → 0.1 + 0.9·0.5·½ = 0.325, t=6 → 0.55, t=10 → 0.1 + 0.9/4', () => {
      expectValues(cyclic('triangular2'), [[2, 1], [5, 0.325], [6, 0.55], [10, 0.325]], 'triangular2');
    });
    it('exp_range scales by gamma^t: gamma 0.5, t=1 → 0.1 + 0.9·0.5·0.5 = 0.325, t=2 → 0.1 + 0.9·0.25', () => {
      expectValues(cyclic('exp_range', 0.5), [[0, 0.1], [1, 0.325], [2, 0.325], [6, 0.1 + 0.9 / 64]], 'exp_range');
    });
    it('asymmetric up=1, down=3 (ratio 0.25): t=1 → 1, t=2 → (0.5 − 1)/(0.25 − 1) = 2/3 → 0.7', () => {
      expectValues(cyclic('triangular', 1, 1, 3), [[1, 1], [2, 0.7], [3, 0.4], [4, 0.1]], 'asymmetric');
    });
  });

  describe('sequence', () => {
    it('local counters = PyTorch SequentialLR([LinearLR(0.25, 3), CosineAnnealingLR(T_max=5)], milestones=[3]) (A.1)', () => {
      const curve: Curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'local', curve: { kind: 'linear', from: 0.25, to: 1, length: 3 } },
        { start: 3, counter: 'local', curve: { kind: 'cosine', base: 1, min: 0, period: 5, after: 'periodic' } },
      ] };
      // t=0..2 warmup 0.25, 0.5, 0.75; from t=3 the cosine restarts at its own 0: ½(1+cos(π(t−3)/5)), rising again at t=9
      expectSequence(curve, [0.25, 0.5, 0.75, ...[0, 1, 2, 3, 4, 5, 6].map(k => half((Math.PI * k) / 5))], 'SequentialLR');
    });
    it('global counters = timm CosineLRScheduler(t_initial=10, lr_min=0.01, warmup_t=3, warmup_lr_init=0.001) without prefix (A.2)', () => {
      // warmup 0.001 + t·0.999/3; then the cosine at t itself: t=3 → 0.01 + 0.99·½(1+cos(3π/10)) ≈ 0.795954
      const curve: Curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: { kind: 'linear', from: 0.001, to: 1, length: 3 } },
        { start: 3, counter: 'global', curve: { kind: 'cosine', base: 1, min: 0.01, period: 10, after: 'hold' } },
      ] };
      expectSequence(curve, [0.001, 0.334, 0.667, ...[3, 4, 5, 6, 7, 8, 9].map(t => 0.01 + 0.99 * half((Math.PI * t) / 10)), 0.01, 0.01],
        'timm cosine without warmup_prefix');
    });
    it('the same with warmup_prefix=True is a local counter: 1.0 at t=3, 0.01 + 0.99·½(1+cos(π/10)) at t=4 (A.2)', () => {
      const curve: Curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: { kind: 'linear', from: 0.001, to: 1, length: 3 } },
        { start: 3, counter: 'local', curve: { kind: 'cosine', base: 1, min: 0.01, period: 10, after: 'hold' } },
      ] };
      expectValues(curve, [[3, 1], [4, 0.01 + 0.99 * half(Math.PI / 10)], [13, 0.01]], 'timm warmup_prefix');
    });
    it('HF polynomial N=10, W=2, lr_end=0.1, power=2 (A.3): warmup t/2, then 0.9·(1 − (t−2)/8)² + 0.1', () => {
      const curve: Curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: { kind: 'linear', from: 0, to: 1, length: 2 } },
        { start: 2, counter: 'local', curve: { kind: 'polynomial', base: 1, end: 0.1, length: 8, power: 2 } },
      ] };
      expectSequence(curve, [0, 0.5, ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map(k => 0.9 * (1 - k / 8) ** 2 + 0.1)], 'HF polynomial');
    });
    it('before the first phase starts, the first phase\'s value at 0 is used (Optax transition_begin=2, A.9)', () => {
      // linear_schedule(1, 0, transition_steps=4, transition_begin=2): 1, 1, 1, 0.75, 0.5, 0.25, 0, 0
      const local: Curve = { kind: 'sequence', phases: [{ start: 2, counter: 'local', curve: { kind: 'linear', from: 1, to: 0, length: 4 } }] };
      expectSequence(local, [1, 1, 1, 0.75, 0.5, 0.25, 0, 0], 'Optax transition_begin');
      // The documented rule holds for a global counter too: value at 0 (= 0.5), not the curve at s.
      const global: Curve = { kind: 'sequence', phases: [{ start: 5, counter: 'global', curve: { kind: 'linear', from: 0.5, to: 1, length: 10 } }] };
      expectValues(global, [[0, 0.5], [3, 0.5], [5, 0.75], [10, 1]], 'global first phase');
    });
  });

  describe('product', () => {
    it('PyTorch ChainedScheduler([ConstantLR(0.1, total_iters=2), ExponentialLR(0.9)]) (A.1): 0.1, 0.09, 0.81, 0.729', () => {
      // ConstantLR(factor, total_iters) = constant factor, then constant 1 from total_iters on
      const curve: Curve = { kind: 'product', factors: [
        { kind: 'sequence', phases: [
          { start: 0, counter: 'local', curve: { kind: 'constant', value: 0.1 } },
          { start: 2, counter: 'local', curve: { kind: 'constant', value: 1 } },
        ] },
        { kind: 'exponential', base: 1, gamma: 0.9 },
      ] };
      expectSequence(curve, [0.1, 0.09, 0.81, 0.729, 0.6561], 'ChainedScheduler');
    });
    it('detectron2 WarmupMultiStepLR (A.5): warmup factor 0.1 → 1 over 5 × MultiStep [10, 15]', () => {
      // factor = 0.1·(1 − t/5) + t/5: t=1 → 0.28; t=10 → 0.1; t=15 → 0.01
      const curve: Curve = { kind: 'product', factors: [
        { kind: 'linear', from: 0.1, to: 1, length: 5 },
        { kind: 'multistep', base: 1, milestones: [10, 15], gamma: 0.1 },
      ] };
      expectValues(curve, [[0, 0.1], [1, 0.28], [4, 0.82], [5, 1], [9, 1], [10, 0.1], [15, 0.01], [19, 0.01]], 'WarmupMultiStepLR');
    });
  });

  describe('perEpoch', () => {
    it('PaddleClas Step(step_each_epoch=2, learning_rate=0.1, step_size=1, gamma=0.5) per update (A.7)', () => {
      expectSequence({ kind: 'perEpoch', stepsPerEpoch: 2, curve: { kind: 'step', base: 0.1, stepSize: 1, gamma: 0.5 } },
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125], 'PaddleClas Step');
    });
    it('MMEngine iteration warmup × epoch MultiStepLR, 3 updates per epoch (A.6 row 1)', () => {
      // LinearLR(start_factor=0.1, end=4) by iteration reaches 1 at iteration 3: 0.1 + 0.9·t/3;
      // MultiStepLR([2, 3]) by epoch: ×0.1 at update 2·3 = 6, ×0.01 at update 9.
      const curve: Curve = { kind: 'product', factors: [
        { kind: 'linear', from: 0.1, to: 1, length: 3 },
        { kind: 'perEpoch', stepsPerEpoch: 3, curve: { kind: 'multistep', base: 1, milestones: [2, 3], gamma: 0.1 } },
      ] };
      expectSequence(curve, [0.1, 0.4, 0.7, 1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01], 'MMEngine');
    });
  });

  describe('shift', () => {
    it('DeepSpeed WarmupLR(0 → 1, num_steps=5, linear) lags one update (A.4): shift −1 → 0, 0, 0.2, …, 1', () => {
      expectSequence({ kind: 'shift', shift: -1, curve: { kind: 'linear', from: 0, to: 1, length: 5 } },
        [0, 0, 0.2, 0.4, 0.6, 0.8, 1, 1], 'DeepSpeed lag');
    });
    it('a positive shift reads ahead: shift +2 of 0.5^s gives 0.25 at 0 and 0.125 at 1', () => {
      expectValues({ kind: 'shift', shift: 2, curve: { kind: 'exponential', base: 1, gamma: 0.5 } }, [[0, 0.25], [1, 0.125]], 'shift +2');
    });
  });

  describe('clamp', () => {
    it('clamps a 0 → 1 ramp over 10 into [0.2, 0.8]: s=1 → 0.2, s=5 → 0.5, s=9 → 0.8', () => {
      expectValues({ kind: 'clamp', min: 0.2, max: 0.8, curve: { kind: 'linear', from: 0, to: 1, length: 10 } },
        [[0, 0.2], [1, 0.2], [5, 0.5], [9, 0.8], [10, 0.8]], 'clamp');
    });
    it('Optax warmup_exponential_decay_schedule(0 → 1, warmup 2, transition 2, rate 0.5, staircase, end 0.2) (A.9)', () => {
      // after warmup c = t − 2: 0.5^⌊c/2⌋ floored at end_value 0.2: 1, 1, 0.5, 0.5, 0.25, 0.25, 0.2 (0.125 clamped)
      const curve: Curve = { kind: 'sequence', phases: [
        { start: 0, counter: 'global', curve: { kind: 'linear', from: 0, to: 1, length: 2 } },
        { start: 2, counter: 'local', curve: { kind: 'clamp', min: 0.2, max: Infinity, curve: { kind: 'step', base: 1, stepSize: 2, gamma: 0.5 } } },
      ] };
      expectSequence(curve, [0, 0.5, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2], 'Optax staircase');
    });
  });

  it('formula: evaluates the given function', () => {
    const curve: Curve = { kind: 'formula', name: 'square', at: s => s * s };
    assert.equal(curveAt(curve, 7), 49);
  });
});
