import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/service/analyze';

/**
 * examples/frameworks/* are golden configs with `lr-lens:` directives for the facts the file lacks: opened in
 * the editor they must show the schedule the framework ran (the golden total_updates).
 */
const EXAMPLES: [string, string, string][] = [
  ['huggingface/train_config.yaml', 'huggingface/hf-cosine-min-lr-warmup-float-yaml', 'huggingface'],
  ['timm/args.yaml', 'timm/timm-step-per-epoch-args-yaml', 'timm'],
  ['pytorch/config.yaml', 'pytorch/lightningcli-multistep-sgd', 'pytorch'],
  // The directive is on the second comment line: jsonc-parser's token value of such a comment starts with the line break.
  ['deepspeed/ds_config.jsonc', 'deepspeed/ds-warmupdecaylr-total-steps', 'deepspeed'],
  ['detectron2/config.yaml', 'detectron2/d2-multistep-short-warmup-three-steps', 'detectron2'],
  ['mmengine/faster-rcnn_r50_fpn_1x_coco.yaml', 'mmengine/mm-mmdet-1x-linear-warmup-multistep', 'mmengine'],
  ['ultralytics/custom.yaml', 'ultralytics/ulmain-sgd-linear-nbs-accumulate', 'ultralytics'],
];

describe('examples/frameworks', () => {
  for (const [example, golden, dialect] of EXAMPLES) {
    it(`${example} reads as ${dialect} with the golden run length`, () => {
      const text = readFileSync(`examples/frameworks/${example}`, 'utf8');
      const expected = JSON.parse(readFileSync(`test/fixtures/golden/${golden}.json`, 'utf8')) as { total_updates: number };
      const analysis = analyze(text, example.split('/').pop()!, example.endsWith('.yaml') ? 'yaml' : 'json');
      assert.deepEqual(analysis.dialects, [dialect]);
      assert.equal(analysis.schedules[0].schedule.totalUpdates, expected.total_updates);
      assert.ok(!analysis.diagnostics.some(d => d.code.startsWith('directive')), 'directives read cleanly');
    });
  }
});
