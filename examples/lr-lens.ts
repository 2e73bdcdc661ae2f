// Types for LR Lens schedules written in TypeScript. `defineSchedule` only gives editor completion and
// type checking: LR Lens reads the object literal passed to it without running the file.
export interface LrSchedule {
  name?: string;
  lr: number | { reference: number; referenceBatch?: number; scaling?: 'linear' | 'sqrt' | 'none'; value?: number };
  batch?: number | { perDevice: number; devices?: number; accumulation?: number };
  epochs?: number;
  stepsPerEpoch?: number;
  datasetSize?: number;
  dropLast?: boolean;
  updates?: number;
  warmup?: {
    type?: 'linear' | 'constant' | 'exponential';
    epochs?: number; updates?: number; fraction?: number;
    startLr?: number; startFactor?: number;
    interval?: 'update' | 'epoch';
  };
  decay?: { type: string; [setting: string]: unknown };
}

export function defineSchedule<T extends LrSchedule>(schedule: T): T {
  return schedule;
}
