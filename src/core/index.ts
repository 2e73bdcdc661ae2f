export * from './curve';
export * from './schedule';
export { curveAt } from './evaluate';
export { buildSchedule, type ScheduleParts } from './build';
export { lrAt, sampleSchedule, extremesIn, DEFAULT_SAMPLE_POINTS, type SamplePoint, type Samples } from './sample';
export { summarize } from './summary';
export * from './scaling';
export { stepsPerEpochFrom, nominalSlicesPerEpoch, unknownStepsPerEpoch, NOMINAL_RUN_SLICES, type EpochLength } from './units';
