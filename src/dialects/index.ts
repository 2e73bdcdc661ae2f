import { deepspeedDialect } from './deepspeed';
import { detectron2Dialect } from './detectron2';
import { huggingfaceDialect } from './huggingface';
import { lrLensDialect } from './lrlens';
import { mmengineDialect } from './mmengine';
import { paddleclasDialect } from './paddleclas';
import { pytorchDialect } from './pytorch';
import { timmDialect } from './timm';
import type { Dialect } from './types';
import { ultralyticsDialect } from './ultralytics';

/** Every dialect LR Lens reads, in the order ties are broken. */
export const DIALECTS: readonly Dialect[] = [lrLensDialect, timmDialect, ultralyticsDialect, huggingfaceDialect, detectron2Dialect, mmengineDialect, paddleclasDialect, pytorchDialect, deepspeedDialect];

/** A file must look at least this much like a dialect before LR Lens reads it as one. */
export const DETECTION_THRESHOLD = 0.5;
