import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseArgs } from '../../../src/cli/args';
import { summarize } from '../../../src/core/summary';
import { analyze, type AnalyzeOptions } from '../../../src/service/analyze';
import { applyEdits, batchWhatIf } from '../../../src/service/batchWhatIf';
import { hoverAt } from '../../../src/service/hover';
import { inlayHints } from '../../../src/service/inlayHints';
import { assertLrClose } from '../helpers';

/**
 * The reference batch and the scaling rule (lrLens.referenceBatchSize, lrLens.scalingRule): used when the file
 * leaves `lr.referenceBatch` / `lr.scaling` out; the file wins, then flags > directives > settings. The numbers are
 * Goyal et al.'s ResNet-50: 0.1 for 256 images, a global batch of 1024 (32 devices × 32).
 *   linear, reference 256: 0.1 × 1024 / 256 = 0.4
 *   sqrt,   reference 256: 0.1 × √(1024 / 256) = 0.1 × 2 = 0.2
 *   linear, reference 512: 0.1 × 1024 / 512 = 0.2
 *   sqrt,   reference 512: 0.1 × √2 = 0.141421…
 */
const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');
/** The seed without its `referenceBatch` and `scaling` lines: the settings decide. */
const OPEN = SEED.replace('  referenceBatch: 256\n', '').replace('  scaling: linear       # 0.1 x 1024 / 256 = 0.4\n', '');

function analysisOf(text: string, options: AnalyzeOptions = {}) {
  return analyze(text, 'resnet50.lrschedule.yaml', 'yaml', options);
}

/** The peak LR of the curve: after the 5 warm-up epochs the schedule runs at the scaled LR until epoch 30. */
function peak(text: string, options: AnalyzeOptions = {}): number {
  const [read] = analysisOf(text, options).schedules;
  assert.ok(read, 'the file has a schedule');
  return summarize(read.schedule).peakLr;
}

describe('reference batch and scaling rule settings', () => {
  it('the open seed still follows Goyal et al. without settings: 0.1 × 1024 / 256 = 0.4', () => {
    assert.ok(!OPEN.includes('referenceBatch') && !OPEN.includes('scaling:'));
    assertLrClose(peak(OPEN), 0.4, 'peak');
  });

  it('scaling rule sqrt from the settings: 0.1 × √(1024 / 256) = 0.2', () => {
    assertLrClose(peak(OPEN, { settings: { scaling_rule: 'sqrt' } }), 0.2, 'peak');
  });

  it('reference batch 512 from the settings: 0.1 × 1024 / 512 = 0.2; with sqrt 0.1 × √2 = 0.141421', () => {
    assertLrClose(peak(OPEN, { settings: { reference_batch: 512 } }), 0.2, 'peak');
    assertLrClose(peak(OPEN, { settings: { reference_batch: 512, scaling_rule: 'sqrt' } }), Math.SQRT2 / 10, 'peak');
  });

  it('the file wins over the settings: the seed writes referenceBatch 256 and linear, so it stays 0.4', () => {
    assertLrClose(peak(SEED, { settings: { reference_batch: 512, scaling_rule: 'sqrt' } }), 0.4, 'peak');
  });

  it('the curve itself follows the setting: the LR at update 6260 (warm-up end) is 0.2 under sqrt', () => {
    const [read] = analysisOf(OPEN, { settings: { scaling_rule: 'sqrt' } }).schedules;
    const warmupEnd = read.schedule.markers.find(m => m.kind === 'warmupEnd')!;
    assert.equal(warmupEnd.update, 6260);
    const hover = hoverAt(analysisOf(OPEN, { settings: { scaling_rule: 'sqrt' } }), OPEN, OPEN.indexOf('milestones'))!;
    assert.match(hover.markdown, /warmup end, update 6,260 \(epoch 5\): \*\*0\.2\*\*/);
  });

  it('a directive beats the setting, a flag beats the directive', () => {
    const directed = `# lr-lens: scaling_rule=sqrt reference_batch=512\n${OPEN}`;
    // directive: sqrt with 512 → 0.1 × √2
    assertLrClose(peak(directed, { settings: { scaling_rule: 'none', reference_batch: 128 } }), Math.SQRT2 / 10, 'peak');
    // flag: linear with 512 (the directive's reference batch stays) → 0.2
    assertLrClose(peak(directed, { overrides: { scaling_rule: 'linear' } }), 0.2, 'peak');
  });

  it('scaling rule none: the reference LR as is (0.1); the what-if has no rule to follow', () => {
    const [read] = analysisOf(OPEN, { settings: { scaling_rule: 'none' } }).schedules;
    const hover = hoverAt(analysisOf(OPEN, { settings: { scaling_rule: 'none' } }), OPEN, OPEN.indexOf('milestones'))!;
    assert.match(hover.markdown, /warmup end, update 6,260 \(epoch 5\): \*\*0\.1\*\*/);
    assert.equal(batchWhatIf(read, OPEN), undefined);
  });

  it('hover: the effective LR arithmetic and the assumptions name the settings', () => {
    const options: AnalyzeOptions = { settings: { scaling_rule: 'sqrt', reference_batch: 256 } };
    const h = hoverAt(analysisOf(OPEN, options), OPEN, OPEN.indexOf('reference: 0.1') + 2)!;
    assert.ok(h.markdown.includes('Effective LR (sqrt scaling): 0.1 × √(1024 / 256) = 0.2'), h.markdown);
    assert.match(h.markdown, /reference\\_batch = 256 \(setting\)/);
    assert.match(h.markdown, /scaling\\_rule = sqrt \(setting\)/);
    assert.match(h.markdown, /lrLens\\\.scalingRule/);
  });

  it('hover without settings says the defaults are defaults', () => {
    const h = hoverAt(analysisOf(OPEN), OPEN, OPEN.indexOf('reference: 0.1') + 2)!;
    assert.ok(h.markdown.includes('0.1 × 1024 / 256 = 0.4'));
    assert.match(h.markdown, /reference\\_batch = 256 \(default\)/);
  });

  it('inlay hint after the reference LR: → 0.2 with a reference batch of 512', () => {
    const hints = inlayHints(analysisOf(OPEN, { settings: { reference_batch: 512 } }), OPEN);
    const end = OPEN.indexOf('reference: 0.1') + 'reference: 0.1'.length;
    assert.deepEqual(hints.filter(h => h.offset === end).map(h => h.label), ['→ 0.2']);
  });

  it('batch what-if under sqrt: 2048 images → 0.1 × √8 = 0.282843; the edits double perDevice', () => {
    const [read] = analysisOf(OPEN, { settings: { scaling_rule: 'sqrt' } }).schedules;
    const plan = batchWhatIf(read, OPEN)!;
    assert.equal(plan.rule, 'sqrt');
    assert.equal(plan.referenceBatch, 256);
    assertLrClose(plan.lrFor(2048), 0.1 * Math.sqrt(8), 'lr');
    assert.match(applyEdits(OPEN, plan.editsFor(2048)!), /perDevice: 64\n/);
  });

  it('lr-disagrees-with-scaling follows the rule in use; its fix writes the scaled LR and the diagnostic goes', () => {
    const text = OPEN.replace('  reference: 0.1        # the LR that works for a batch of 256\n', '  reference: 0.1\n  value: 0.4\n');
    // linear by default: 0.4 agrees
    assert.ok(!analysisOf(text).diagnostics.some(d => d.code === 'lr-disagrees-with-scaling'));
    const options: AnalyzeOptions = { settings: { scaling_rule: 'sqrt' } };
    const d = analysisOf(text, options).diagnostics.find(x => x.code === 'lr-disagrees-with-scaling')!;
    assert.equal(d.severity, 'information');
    assert.match(d.message, /sqrt scaling rule gives 0\.1 × √\(1024 \/ 256\) = 0\.2/);
    const fix = d.fixes!.find(f => f.preferred)!;
    assert.equal(fix.edits[0].newText, '0.2');
    const fixed = applyEdits(text, fix.edits);
    assert.ok(!analysisOf(fixed, options).diagnostics.some(x => x.code === 'lr-disagrees-with-scaling'));
    // with a reference batch of 512 (linear) the rule gives 0.1 × 1024 / 512 = 0.2 as well
    const d512 = analysisOf(text, { settings: { reference_batch: 512 } }).diagnostics.find(x => x.code === 'lr-disagrees-with-scaling')!;
    assert.equal(d512.fixes![0].edits[0].newText, '0.2');
  });

  it('lr-disagrees-with-scaling: an irrational scaled LR (sqrt over 512: 0.1 × √2 = 0.141421…) is written to 6 digits and then agrees', () => {
    const text = OPEN.replace('  reference: 0.1        # the LR that works for a batch of 256\n', '  reference: 0.1\n  value: 0.4\n');
    const options: AnalyzeOptions = { settings: { scaling_rule: 'sqrt', reference_batch: 512 } };
    const d = analysisOf(text, options).diagnostics.find(x => x.code === 'lr-disagrees-with-scaling')!;
    assert.equal(d.fixes![0].edits[0].newText, '0.141421');
    assert.equal(d.fixes![0].title, 'Apply the sqrt scaling rule: 0.141421');
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.ok(!analysisOf(fixed, options).diagnostics.some(x => x.code === 'lr-disagrees-with-scaling'));
  });

  it('directives reject a bad scaling rule or a zero reference batch', () => {
    const codes = (line: string) => analysisOf(`${line}\n${OPEN}`).diagnostics.filter(d => d.code === 'directive-invalid').map(d => d.message);
    assert.match(codes('# lr-lens: scaling_rule=cubic')[0], /linear.*sqrt.*none/);
    assert.match(codes('# lr-lens: reference_batch=0')[0], /≥ 1/);
  });

  it('CLI flags --reference-batch and --scaling-rule set the facts', () => {
    const args = parseArgs(['eval', 'x.lrschedule.yaml', '--reference-batch', '512', '--scaling-rule=sqrt']);
    assert.deepEqual(args.facts, { reference_batch: 512, scaling_rule: 'sqrt' });
    assert.throws(() => parseArgs(['eval', 'x.lrschedule.yaml', '--scaling-rule', 'cubic']), /scaling_rule/);
  });
});
