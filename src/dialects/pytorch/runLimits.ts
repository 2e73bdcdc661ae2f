import type { SourceRange } from '../../formats/tree';
import type { Diagnostic } from '../types';

/** A check that needs the number of scheduler steps of the run (known only once N is). */
export type RunLimit =
  | { kind: 'cosine'; start: number; end: number; tMax: number; range: SourceRange }
  | { kind: 'oneCycle'; start: number; end: number; totalSteps: number; range: SourceRange };

/**
 * Checks that need the run length: `steps` scheduler steps are made (updates, or epochs for a per-epoch
 * scheduler), the last one after the last update.
 */
export function checkRunLimits(limits: RunLimit[], steps: number, unit: 'update' | 'epoch', report: (range: SourceRange, code: string, message: string, severity: Diagnostic['severity']) => void): void {
  const units = unit === 'update' ? 'updates' : 'epochs';
  for (const limit of limits) {
    if (limit.start >= steps) continue;
    if (limit.kind === 'cosine') {
      const lastUsed = Math.min(limit.end, steps) - limit.start - 1;
      if (lastUsed > limit.tMax) {
        report(limit.range, 'pt-cosine-rises',
          `CosineAnnealingLR reaches eta_min after T_max = ${limit.tMax} steps, but this run uses it for ${lastUsed + 1} ${units}: PyTorch does not clamp, so the LR rises again (period 2·T_max). Set T_max to ${lastUsed} to end at eta_min.`,
          'warning');
      } else if (lastUsed + 1 < 0.9 * limit.tMax) {
        report(limit.range, 'pt-cosine-truncated',
          `The run ends after ${lastUsed + 1} of CosineAnnealingLR's T_max = ${limit.tMax} ${units}: the LR never anneals to eta_min.`, 'information');
      }
    } else {
      // OneCycleLR.get_lr raises once last_epoch > total_steps; the loop also steps after the last update.
      const lastEpoch = Math.min(limit.end, steps + 1) - limit.start - 1;
      if (lastEpoch > limit.totalSteps) {
        report(limit.range, 'pt-onecycle-overstep',
          `OneCycleLR is built for total_steps = ${limit.totalSteps} steps but this run steps it ${lastEpoch} times (${units}): PyTorch raises "ValueError: Tried to step ${limit.totalSteps + 1} times. The specified number of total steps is ${limit.totalSteps}" and training stops there.`,
          'error');
      }
    }
  }
}
