import type { Curve } from './curve';
import { cycleStart, restartCycleAt, sortedMilestonesOf } from './evaluate';
import type { Marker, MarkerKind } from './schedule';

/**
 * The labelled breakpoints a curve has inside [from, to] (counter units), at most `limit` of them:
 * milestones, restarts, phase ends. Warmup ends are added by the schedule (it knows the warmup length).
 */
export function curveMarkers(curve: Curve, from: number, to: number, limit: number): Marker[] {
  const out: Marker[] = [];
  collect(curve, from, to, limit, out);
  return out;
}

function collect(curve: Curve, from: number, to: number, limit: number, out: Marker[]): void {
  // A breakpoint can fall between updates (timm's float decay_t: StepLR-like decay every 2.5 epochs); the marker
  // belongs to the first whole update at or after it, where the new value is first used (the sampler plots
  // integer updates only). Found by the sampler property test.
  const push = (at: number, kind: MarkerKind, label: string) => {
    const update = Math.ceil(at);
    if (out.length < limit && update > from && update <= to) out.push({ update, kind, label });
  };
  switch (curve.kind) {
    case 'step':
      for (let k = Math.max(1, Math.ceil(from / curve.stepSize)); k * curve.stepSize <= to && out.length < limit; k++) {
        push(k * curve.stepSize, 'milestone', `× ${curve.gamma}`);
      }
      return;
    case 'multistep':
      for (const m of sortedMilestonesOf(curve)) {
        if (m > to || out.length >= limit) break;
        push(Math.ceil(m), 'milestone', `× ${curve.gamma}`);
      }
      return;
    case 'cosineRestarts':
      // past 2^53 cycles (HF num_cycles: 1e308) cycle++ stands still: there are no restarts to tell apart
      for (let cycle = restartCycleAt(curve, from).cycle + 1; out.length < limit && cycle + 1 !== cycle; cycle++) {
        const start = cycleStart(curve, cycle);
        if (start > to) break;
        push(Math.ceil(start), 'restart', `restart ${cycle}`);
        // cycles shorter than an update restart many times between two updates: one marker per update is all
        // that shows, so go on from the last cycle that starts by this update
        const inUpdate = restartCycleAt(curve, Math.ceil(start)).cycle;
        if (inUpdate > cycle) cycle = inUpdate;
      }
      return;
    case 'oneCycle':
      for (let i = 1; i + 1 < curve.anchors.length; i++) {
        push(Math.floor(curve.anchors[i].step) + 1, 'phaseEnd', `one-cycle phase ${i} end`);
      }
      return;
    case 'wsd':
      push(curve.warmup, 'warmupEnd', 'warmup end');
      push(curve.warmup + curve.stable, 'phaseEnd', 'decay start');
      return;
    case 'sequence':
      curve.phases.forEach((phase, i) => {
        if (phase.start > to) return;
        if (i > 0) push(phase.start, phase.label === 'warmup end' ? 'warmupEnd' : 'phaseEnd', phase.label ?? `phase ${i + 1}`);
        const next = i + 1 < curve.phases.length ? curve.phases[i + 1].start - 1 : to;
        const offset = phase.counter === 'local' ? phase.start : 0;
        const inner: Marker[] = [];
        collect(phase.curve, Math.max(from, phase.start) - offset, Math.min(to, next) - offset, limit, inner);
        for (const m of inner) push(m.update + offset, m.kind, m.label);
      });
      return;
    case 'product':
      for (const factor of curve.factors) collect(factor, from, to, limit, out);
      return;
    case 'perEpoch': {
      const spe = curve.stepsPerEpoch;
      const inner: Marker[] = [];
      collect(curve.curve, Math.floor(from / spe), Math.floor(to / spe), limit, inner);
      for (const m of inner) push(m.update * spe, m.kind, m.label);
      return;
    }
    case 'shift': {
      const inner: Marker[] = [];
      // The inner counter is clamped at 0 (see curveAt), so it never sees negative values; asking a restart
      // schedule for its cycle at a negative counter gave NaN and never ended (found by the property test).
      collect(curve.curve, Math.max(0, from + curve.shift), to + curve.shift, limit, inner);
      for (const m of inner) push(m.update - curve.shift, m.kind, m.label);
      return;
    }
    case 'clamp':
      collect(curve.curve, from, to, limit, out);
      return;
    default:
      return;
  }
}
