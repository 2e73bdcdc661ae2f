// The in-process half of `npm run bench` (analysis per keystroke, scale, the large config, many schedulers), run by
// bench/run.mjs as `node --expose-gc out/bench/node.js <result.json>`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchAnalysis } from './analysis';
import { benchLarge, benchQuadratic, benchScale } from './scale';

async function main(): Promise<void> {
  const out = process.argv[2];
  const root = path.resolve(__dirname, '../..');
  const quick = process.env.LR_LENS_BENCH_QUICK === '1';
  const options = quick ? { samples: 7, warmupMs: 20, sampleMs: 2 } : {};
  const analysis = await benchAnalysis(root, options);
  const scale = await benchScale(options);
  const large = await benchLarge(options);
  const quadratic = await benchQuadratic(options);
  const result = { analysis, scale, large, quadratic };
  if (out) fs.writeFileSync(out, JSON.stringify(result, null, 1));
  else console.log(JSON.stringify(result, null, 1));
}

main().catch(e => { console.error(e); process.exit(1); });
