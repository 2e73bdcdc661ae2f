import { lrLensDialect } from './lrlens';
import type { Dialect } from './types';

/** Every dialect LR Lens reads, in the order ties are broken. */
export const DIALECTS: readonly Dialect[] = [lrLensDialect];

/** A file must look at least this much like a dialect before LR Lens reads it as one. */
export const DETECTION_THRESHOLD = 0.5;
