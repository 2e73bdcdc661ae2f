import type { Assumption } from '../../core/schedule';
import { formatNumber } from '../../core/scaling';
import type { ObjectNode } from '../../formats/tree';
import type { AnalysisContext } from '../types';
import { roundHalfEven } from './python';
import type { UltralyticsTrainer } from './trainingLoop';

/**
 * Which Ultralytics trainer a cfg is read as (issue 12 §3). The two generations LR Lens knows differ in the
 * warm-up (dialects.md §7.4, golden README "ultralytics"): the 8.3 trainer (8.2 to 8.4.102) runs
 * max(round(warmup_epochs × nb), 100) warm-up batches, end included, and its param_groups[0] is the bias group,
 * falling from warmup_bias_lr; from 8.4.103 (PR #25321) the warm-up is round(min(warmup_epochs, epochs − 1) × nb)
 * batches and param_groups[0] the weights, rising from 0. A pin or the user's setting rules; unpinned, the newest
 * is drawn (`optimizer: MuSGD`, 8.4 and later, implies it too) and a warning says what the 8.3 trainer does when
 * the two warm-ups differ for this file.
 */
export interface UltralyticsVersion {
  trainer: UltralyticsTrainer;
  how: 'pinned' | 'set' | 'implied' | 'newest';
  origin?: string;
  /** a pin that decides nothing (see workspace/versions.ts) */
  undecidedPin?: string;
}

export const HOW_TO_SET_ULTRALYTICS = 'pin ultralytics in requirements.txt or pyproject.toml, set `lrLens.versions.ultralytics` (8.3 or main), or --framework-version ultralytics=8.3|main';

export function ultralyticsVersion(root: ObjectNode, context: AnalysisContext): UltralyticsVersion {
  const set = context.versions.ultralytics;
  const origin = context.versionOrigins?.ultralytics;
  if (set) return origin ? { trainer: set, how: 'pinned', origin } : { trainer: set, how: 'set' };
  const optimizer = root.entries.find(e => e.key === 'optimizer')?.value;
  if (optimizer?.kind === 'string' && optimizer.value.toLowerCase() === 'musgd') {
    return { trainer: 'main', how: 'implied', origin: '`optimizer: MuSGD`', undecidedPin: origin };
  }
  return { trainer: 'main', how: 'newest', undecidedPin: origin };
}

export function ultralyticsAssumption(v: UltralyticsVersion): Assumption {
  const base = { fact: 'ultralytics', value: v.trainer, howToSet: HOW_TO_SET_ULTRALYTICS };
  switch (v.how) {
    case 'pinned': return { ...base, source: 'inferred', origin: v.origin };
    case 'set': return { ...base, source: 'setting' };
    case 'implied': return { ...base, source: 'inferred', origin: `${v.origin}, in Ultralytics 8.4 and later only (${v.undecidedPin ?? 'no version pinned'})` };
    case 'newest': return { ...base, source: 'default', ...(v.undecidedPin && { origin: v.undecidedPin }) };
  }
}

export interface WarmupFacts {
  warmupEpochs: number;
  epochs: number;
  /** batches per epoch, undefined when unknown */
  nb: number | undefined;
  /** the 8.3 trainer's plotted group starts its warm-up here (0 with optimizer: auto) */
  biasStart: number;
}

/**
 * The warning of an unpinned cfg whose warm-up the two trainers run differently, naming both; undefined when
 * a version is pinned or set, or when they agree (no warm-up; the same length within the one batch of `<` vs `<=`
 * and no bias group falling).
 */
export function unpinnedWarmup(v: UltralyticsVersion, f: WarmupFacts): string | undefined {
  if (v.how === 'pinned' || v.how === 'set' || !(f.warmupEpochs > 0)) return undefined;
  const cap = Math.max(f.epochs - 1, 0);
  const capped = f.warmupEpochs > cap;
  const bias = f.biasStart > 0;
  const we = formatNumber(f.warmupEpochs);
  let newest: string;
  let older: string;
  let lengthsDiffer: boolean;
  if (f.nb !== undefined) {
    const nwMain = Math.min(f.warmupEpochs, cap) > 0 ? roundHalfEven(Math.min(f.warmupEpochs, cap) * f.nb) : 0;
    const nw83 = Math.max(roundHalfEven(f.warmupEpochs * f.nb), 100) + 1;
    lengthsDiffer = Math.abs(nw83 - nwMain) > 1;
    newest = `${nwMain} batches (round(min(${we}, ${cap}) × ${f.nb}))`;
    older = `${nw83} batches (max(round(${we} × ${f.nb}), 100), the end included)`;
  } else {
    // the batches per epoch are unknown: whether 8.3's 100-batch floor applies is too
    lengthsDiffer = capped;
    newest = `min(warmup_epochs, epochs − 1) = ${formatNumber(Math.min(f.warmupEpochs, cap))} epochs of batches`;
    older = `max(${we} × batches per epoch, 100) batches (at least 100${capped ? ', not capped at epochs − 1' : ''})`;
  }
  if (!lengthsDiffer && !bias) return undefined;
  const why = v.how === 'implied' ? `, as ${v.origin} implies` : '';
  return `${v.undecidedPin ? `The pin ${v.undecidedPin}` : 'No Ultralytics version is pinned'}: LR Lens draws the newest trainer (Ultralytics 8.4.103 and later)${why}, ` +
    `which warms up for ${newest}, the plotted param_groups[0] (the weights) rising from 0. ` +
    `The 8.3 trainer (8.2 to 8.4.102) warms up for ${older}` +
    (bias ? `, and the LR it plots, param_groups[0], is the bias group: it falls from warmup_bias_lr (${formatNumber(f.biasStart)})` : '') +
    `${v.how === 'implied' ? ' (8.3 itself has no MuSGD)' : ''}. To say which: ${HOW_TO_SET_ULTRALYTICS}.`;
}
