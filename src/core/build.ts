import type { Curve } from './curve';
import { curveMarkers } from './markers';
import { invalidPeriod } from './periods';
import type { Assumption, Marker, Schedule } from './schedule';

/** Markers kept per schedule; longer milestone lists are still evaluated exactly, only not all labelled. */
export const MARKER_LIMIT = 10_000;

export interface ScheduleParts {
  name?: string;
  curve: Curve;
  totalUpdates: number;
  stepsPerEpoch?: number;
  /** no one says the updates per epoch: `stepsPerEpoch` counts nominal slices of an epoch (Schedule.updatesPerEpochUnknown) */
  updatesPerEpochUnknown?: boolean;
  /** defaults to 'epoch' when the whole curve is a per-epoch curve */
  changes?: 'update' | 'epoch';
  warmupUpdates?: number;
  assumptions?: Assumption[];
}

/** A schedule with its breakpoints derived from the curve and the warmup length. */
export function buildSchedule(parts: ScheduleParts): Schedule {
  const warmupUpdates = parts.warmupUpdates ?? 0;
  const markers: Marker[] = invalidPeriod(parts.curve) ? [] : curveMarkers(parts.curve, 0, parts.totalUpdates - 1, MARKER_LIMIT);
  // the first whole update after a fractional warm-up (old DeepSpeed's warmup_num_steps: 3.5), as curveMarkers does
  const warmupEnd = Math.ceil(warmupUpdates);
  if (warmupUpdates > 0 && warmupEnd < parts.totalUpdates &&
      !markers.some(m => m.kind === 'warmupEnd' && m.update === warmupEnd)) {
    markers.push({ update: warmupEnd, kind: 'warmupEnd', label: 'warmup end' });
  }
  markers.sort((x, y) => x.update - y.update);
  return {
    name: parts.name,
    totalUpdates: parts.totalUpdates,
    stepsPerEpoch: parts.stepsPerEpoch,
    ...(parts.updatesPerEpochUnknown ? { updatesPerEpochUnknown: true as const } : {}),
    changes: parts.changes ?? (parts.curve.kind === 'perEpoch' ? 'epoch' : 'update'),
    curve: parts.curve,
    markers,
    warmupUpdates,
    assumptions: parts.assumptions ?? [],
  };
}
