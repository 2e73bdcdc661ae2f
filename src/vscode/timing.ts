// extension.ts imports this module before any other of its own, so esbuild places it at the top of the
// bundle: its timestamp is the moment the extension host starts evaluating dist/extension.js.
export const bundleLoadedAt = performance.now();

/**
 * Set to 1 in the environment of the extension host by `npm run bench` (bench/host.mjs): only then does the
 * API carry the bench probe, whose heap reading turns on --expose-gc for the whole extension host.
 */
export const BENCH_ENV = 'LR_LENS_BENCH';

/** Start-up and memory figures for `npm run bench` (test/host/bench), through the extension's API. */
export interface BenchProbe {
  /** performance.now() of the extension host when the bundle started loading, when the host called activate(), and when it returned */
  loadedAt: number;
  activateCalledAt: number;
  activatedAt: number;
  /** the extension host's heap after a full garbage collection, bytes */
  heapUsedAfterGc(): number;
}

export function benchProbe(activateCalledAt: number, activatedAt: number): BenchProbe {
  return {
    loadedAt: bundleLoadedAt,
    activateCalledAt,
    activatedAt,
    heapUsedAfterGc() {
      // Loaded here, not at the top: node:v8 pulls in node:stream and cost start-up ~30 ms. The host runs
      // without --expose-gc: turning the flag on at run time gives a fresh context a gc().
      const v8 = require('node:v8') as typeof import('node:v8');
      const vm = require('node:vm') as typeof import('node:vm');
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    },
  };
}
