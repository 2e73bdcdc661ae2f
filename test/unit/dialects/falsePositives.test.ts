import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { curveAt } from '../../../src/core/evaluate';
import type { Diagnostic } from '../../../src/dialects/types';
import { isLlamaFactoryRecipe } from '../../../src/dialects/huggingface/loader';
import { maxFileSize, parseDocument, tooLargeDocument } from '../../../src/formats/parse';
import type { FormatLanguage } from '../../../src/formats/tree';
import { analyze, type Analysis } from '../../../src/service/analyze';
import { assertLrClose } from '../helpers';

/**
 * Issue 12 §5: diagnostics that working configs got although nothing was wrong with them. Each file in
 * test/fixtures/diag-cases was written for this test (README.md there) in the shape of the config that drew the
 * wrong diagnostic; what the framework does is read from its source (named at each test), never from LR Lens's
 * output.
 */

const DIR = path.resolve(__dirname, '../../../../test/fixtures/diag-cases');
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');
const languageOf = (name: string): FormatLanguage => (/\.json$/.test(name) ? 'json' : 'yaml');

function analyzed(name: string, text = read(name)): Analysis {
  return analyze(text, name, languageOf(name));
}

/** With the updates per epoch given (as `--steps-per-epoch 100`), so the schedule is read whatever else is unknown. */
function analyzedWithRun(name: string, text = read(name)): Analysis {
  const analysis = analyze(text, name, languageOf(name), { overrides: { steps_per_epoch: 100 }, overrideSource: 'flag' });
  assert.equal(analysis.schedules.length, 1, said(analysis));
  return analysis;
}

const codes = (analysis: Analysis) => analysis.diagnostics.map(d => d.code);
const said = (analysis: Analysis) => analysis.diagnostics.map(d => `${d.severity} ${d.code}: ${d.message}`).join('\n');
const errors = (analysis: Analysis): Diagnostic[] => analysis.diagnostics.filter(d => d.severity === 'error');

/** A deterministic stream of numbers in [0, 1) (a linear congruential generator) so the generated files never change. */
function numbers(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'fi', 'gu', 'he', 'ja', 'bo'];
const LIMIT = 256 * 1024;

/**
 * A byte-level BPE vocabulary as tokenizers save it: one line, token → id, the printable ASCII characters first,
 * then merged pieces (with the `Ġ` word-start mark). Words a schedule config uses (`lr`, `warmup`, `epochs`) are
 * tokens too, past the file's start as in a real vocabulary.
 */
const vocabularyJson = memo(() => {
  const tokens: string[] = [];
  for (let c = 33; c < 127; c++) tokens.push(String.fromCharCode(c));
  const next = numbers(7);
  for (let length = 0; length < 4 * LIMIT / 3; length += tokens[tokens.length - 1].length) {
    const pieces = 1 + Math.floor(next() * 4);
    let token = next() < 0.5 ? '\u0120' : '';
    for (let i = 0; i < pieces; i++) token += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    tokens.push(token);
    if (tokens.length === 5000) tokens.push('lr', 'warmup', '\u0120epochs', '\u0120decay');
  }
  const seen = new Set<string>();
  return `{${tokens.filter(t => !seen.has(t) && seen.add(t)).map((t, id) => `${JSON.stringify(t)}: ${id}`).join(', ')}}`;
});

/** A label file as an evaluation set keeps it: for each image, the list of its class ids (0–999), some empty. */
const labelListJson = memo(() => {
  const next = numbers(11);
  const images: number[][] = [];
  while (images.length < 50_000) images.push(Array.from({ length: Math.floor(next() * 3.2) }, () => Math.floor(next() * 1000)));
  return `[${images.map(ids => `[${ids.join(', ')}]`).join(', ')}]`;
});

/** An instruction-tuning data set: an indented list of {instruction, input, output} records. */
const instructionDataJson = memo(() => {
  const next = numbers(13);
  const words = ['the', 'model', 'learning', 'rate', 'schedule', 'write', 'a', 'short', 'poem', 'about', 'rivers', 'explain', 'why', 'sky', 'is', 'blue', 'list', 'three', 'steps', 'to', 'bake', 'bread', 'warm', 'up', 'before', 'running'];
  const sentence = (n: number) => Array.from({ length: n }, () => words[Math.floor(next() * words.length)]).join(' ') + '.';
  const records: { instruction: string; input: string; output: string }[] = [];
  while (records.length < 1500) records.push({ instruction: sentence(8), input: next() < 0.6 ? '' : sentence(12), output: sentence(60) });
  return JSON.stringify(records, null, 2);
});

function memo(make: () => string): () => string {
  let text: string | undefined;
  return () => (text ??= make());
}

describe('working configs: no wrong diagnostics (issue 12 §5)', () => {
  it('1. PaddleClas Cyclic with `epochs` and `step_each_epoch`: build_lr_scheduler passes both to every LR class', () => {
    // ppcls/optimizer/__init__.py: lr_config.update({'epochs': epochs, 'step_each_epoch': step_each_epoch}) before
    // getattr(learning_rate, name)(**lr_config); Cyclic.__init__(self, epochs, step_each_epoch, base_learning_rate, …)
    const analysis = analyzed('paddleclas-cyclic-epochs.yaml');
    assert.ok(!codes(analysis).includes('pd-unexpected-argument'), said(analysis));
    assert.deepEqual(errors(analysis), [], said(analysis));
    // three optimizers, three LR blocks: MultiStepDecay, Constant, Cyclic (drawn, not dropped)
    assert.equal(analysis.schedules.length, 3);
    const cyclic = analysis.schedules[2].schedule;
    // Paddle's CyclicLR (triangular): base_learning_rate 0.002 at the cycle's start, max_learning_rate 0.05 after
    // step_size_up = 800 updates (Global.iter_per_epoch 40 × epochs 200 = 8,000 updates in all)
    assert.equal(cyclic.totalUpdates, 8_000);
    assertLrClose(curveAt(cyclic.curve, 0), 0.002, 'start of the first cycle');
    assertLrClose(curveAt(cyclic.curve, 400), 0.002 + (0.05 - 0.002) / 2, 'half-way up the first cycle');
    assertLrClose(curveAt(cyclic.curve, 1600), 0.002, 'start of the second cycle');
    assertLrClose(curveAt(cyclic.curve, 800), 0.05, 'top of the first cycle');
  });

  it('PaddleClas ReduceOnPlateau is drawn as the run where the metric never stalls, with information', () => {
    // ReduceOnPlateau.__call__: Paddle's ReduceOnPlateau(learning_rate, factor, patience, …) starts at learning_rate
    // and only step(metric) lowers it; no warmup_epoch here
    const analysis = analyzedWithRun('paddleclas-plateau.yaml');
    assert.deepEqual(errors(analysis), [], said(analysis));
    const plateau = analysis.diagnostics.find(d => d.code === 'pd-reduce-on-plateau');
    assert.ok(plateau && plateau.severity === 'information', said(analysis));
    assert.match(plateau.message, /by 0\.5 each time the evaluation metric stalls for 3 epochs/);
    const { schedule } = analysis.schedules[0];
    for (const t of [0, schedule.totalUpdates - 1]) assertLrClose(curveAt(schedule.curve, t), 0.0003, `update ${t}`);
  });

  describe('2. detectron2 projects that register their own scheduler', () => {
    // projects/DeepLab/deeplab/lr_scheduler.py WarmupPolyLR.get_lr with _get_warmup_factor_at_iter
    // (detectron2/solver/lr_scheduler.py), written out here from the source:
    function deeplabLr(t: number, o: { base: number; maxIter: number; warmupIters: number; warmupFactor: number; power: number; constantEnding: number }): number {
      const warmupFactor = t >= o.warmupIters ? 1.0 : o.warmupFactor * (1 - t / o.warmupIters) + t / o.warmupIters;
      const poly = Math.pow(1.0 - t / o.maxIter, o.power);
      if (o.constantEnding > 0 && warmupFactor === 1.0 && poly < o.constantEnding) return o.base * o.constantEnding;
      return o.base * warmupFactor * poly;
    }
    // the detectron2 defaults (WARMUP_ITERS 1000, WARMUP_FACTOR 1/1000) and add_deeplab_config's (power 0.9, ending 0)
    const DEEPLAB = { base: 0.02, maxIter: 60_000, warmupIters: 1000, warmupFactor: 1 / 1000, power: 0.9, constantEnding: 0 };

    it('DeepLab\'s WarmupPolyLR is read and drawn: a linear warm-up factor times (1 − t/MAX_ITER)^0.9', () => {
      const analysis = analyzed('detectron2-deeplab-poly.yaml');
      assert.ok(!codes(analysis).some(c => /unknown-scheduler|project-scheduler/.test(c)), said(analysis));
      assert.equal(analysis.schedules.length, 1);
      const { schedule } = analysis.schedules[0];
      assert.equal(schedule.name, 'WarmupPolyLR');
      assert.equal(schedule.totalUpdates, 60_000);
      for (const t of [0, 1, 500, 999, 1000, 1001, 30_000, 59_999]) assertLrClose(curveAt(schedule.curve, t), deeplabLr(t, DEEPLAB), `iteration ${t}`);
    });

    it('POLY_LR_CONSTANT_ENDING floors the poly decay once warmed up, and POLY_LR_POWER is read', () => {
      const original = read('detectron2-deeplab-poly.yaml');
      const text = original.replace('  IMS_PER_BATCH: 8\n', '  IMS_PER_BATCH: 8\n  POLY_LR_POWER: 2.0\n  POLY_LR_CONSTANT_ENDING: 0.25\n');
      assert.notEqual(text, original);
      const analysis = analyzed('detectron2-deeplab-poly.yaml', text);
      assert.ok(!codes(analysis).includes('d2-unknown-key'), said(analysis));
      const { schedule } = analysis.schedules[0];
      const options = { ...DEEPLAB, power: 2.0, constantEnding: 0.25 };
      // (1 − t/N)² < 0.25 from t = 30,000 on: the floor BASE_LR × 0.25
      for (const t of [0, 999, 1000, 20_000, 29_999, 30_001, 45_000, 59_999]) assertLrClose(curveAt(schedule.curve, t), deeplabLr(t, options), `iteration ${t}`);
      assertLrClose(curveAt(schedule.curve, 55_000), 0.005, 'the constant ending');
    });

    it('Panoptic-DeepLab (WarmupPolyLR with its SOLVER.OPTIMIZER) gets no diagnostic', () => {
      const analysis = analyzed('detectron2-panoptic-poly.yaml');
      assert.deepEqual(codes(analysis), [], said(analysis));
      const options = { ...DEEPLAB, base: 0.0005, maxIter: 50_000 };
      for (const t of [0, 500, 25_000, 49_999]) assertLrClose(curveAt(analysis.schedules[0].schedule.curve, t), deeplabLr(t, options), `iteration ${t}`);
    });

    it('Mask2Former (WarmupPolyLR without warm-up: WARMUP_FACTOR 1.0, WARMUP_ITERS 0; its own BACKBONE_MULTIPLIER) gets no diagnostic', () => {
      const analysis = analyzed('detectron2-maskformer-poly.yaml');
      assert.deepEqual(codes(analysis), [], said(analysis));
      const { schedule } = analysis.schedules[0];
      const options = { ...DEEPLAB, base: 0.0002, maxIter: 120_000, warmupIters: 0, warmupFactor: 1.0 };
      for (const t of [0, 1, 1000, 60_000, 119_999]) assertLrClose(curveAt(schedule.curve, t), deeplabLr(t, options), `iteration ${t}`);
    });

    it('a scheduler no one in the detectron2 repository registers (a project\'s WarmupTwoStageMultiStepLR) is information, not an error, and is not drawn', () => {
      const analysis = analyzed('detectron2-project-scheduler.yaml');
      assert.deepEqual(errors(analysis), [], said(analysis));
      const project = analysis.diagnostics.filter(d => d.code === 'd2-project-scheduler');
      assert.equal(project.length, 1, said(analysis));
      assert.equal(project[0].severity, 'information');
      assert.match(project[0].message, /WarmupTwoStageMultiStepLR/);
      // its own SOLVER keys (FACTOR_LIST, IMG_PER_BATCH_LABEL/UNLABEL) belong to the project too
      assert.ok(!codes(analysis).includes('d2-unknown-key'), said(analysis));
      assert.equal(analysis.schedules.length, 0);
    });

    it('a typo of one of detectron2\'s own names is still the ValueError build_lr_scheduler raises', () => {
      const text = read('detectron2-deeplab-poly.yaml').replace('"WarmupPolyLR"', '"WarmupCosineLr"');
      assert.notEqual(text, read('detectron2-deeplab-poly.yaml'));
      const analysis = analyzed('detectron2-deeplab-poly.yaml', text);
      const typo = analysis.diagnostics.find(d => d.code === 'd2-unknown-scheduler');
      assert.ok(typo && typo.severity === 'error', said(analysis));
      assert.match(typo.message, /Did you mean `WarmupCosineLR`\?/);
    });
  });

  it('3 and 4. detectron2\'s instant tests: one warm-up diagnostic (the dialect\'s), and no milestone past the end', () => {
    // MAX_ITER 50 with the default WARMUP_ITERS 1000: fvcore's WarmupParamScheduler has warmup_length
    // min(1000/50, 1) = 1, so all 50 iterations are warm-up and the step at 20 is never seen.
    const analysis = analyzed('detectron2-instant-test.yaml');
    const warmup = analysis.diagnostics.filter(d => /warmup-too-long$/.test(d.code));
    assert.deepEqual(warmup.map(d => d.code), ['d2-warmup-too-long'], said(analysis));
    // anchored inside SOLVER (at MAX_ITER: WARMUP_ITERS is not written)
    const text = read('detectron2-instant-test.yaml');
    assert.equal(text.slice(warmup[0].range.start, warmup[0].range.end), 'MAX_ITER');
    // STEPS (20,) lie inside MAX_ITER 50: "fall at or after the end of training (update 50)" compared 20 with 50
    assert.ok(!codes(analysis).includes('milestone-beyond-end'), said(analysis));
  });

  describe('5. PaddleClas Piecewise with `learning_rate`', () => {
    // Piecewise.__init__: `if learning_rate:` decay_epochs = list(range(0, epochs, 30))[1:], values =
    // [learning_rate * 0.1**i …] (or [epochs] and [lr, lr] below 30 epochs), whatever the file's lists say
    it('no warning where the file\'s lists are what the rule makes (100 epochs, [30, 60, 90], [0.2 … 0.0002])', () => {
      const analysis = analyzedWithRun('paddleclas-piecewise-rule.yaml');
      assert.ok(!codes(analysis).includes('pd-piecewise-learning-rate'), said(analysis));
    });

    it('no warning where they give the same LR at every epoch of the run (45 epochs, the rule [30], [0.2, 0.02])', () => {
      const analysis = analyzedWithRun('paddleclas-piecewise-short.yaml');
      assert.ok(!codes(analysis).includes('pd-piecewise-learning-rate'), said(analysis));
    });

    it('still a warning where the rule replaces them (130 epochs, the file says [180], the rule [30, 60, 90, 120])', () => {
      const analysis = analyzedWithRun('paddleclas-piecewise-replaced.yaml');
      const d = analysis.diagnostics.find(x => x.code === 'pd-piecewise-learning-rate');
      assert.ok(d, said(analysis));
      assert.match(d.message, /decay_epochs = \[30, 60, 90, 120\]/);
    });
  });

  it('6. FixMatch\'s 7/16 cosine stops part-way on purpose: no cosine-period-long', () => {
    // CosineFixmatch: lr · max(0, cos(π · num_cycles · k / K)) with num_cycles 0.4375 = 7/16: the last update runs at
    // lr · cos(7π/16) ≈ 0.195 · lr by design (FixMatch, Sohn et al. 2020)
    const analysis = analyzed('paddleclas-cosine-fixmatch.yaml');
    assert.ok(!codes(analysis).includes('cosine-period-long'), said(analysis));
    const { schedule } = analysis.schedules[0];
    const last = schedule.totalUpdates - 1;
    assertLrClose(curveAt(schedule.curve, last), 0.05 * Math.max(0, Math.cos(Math.PI * 0.4375 * last / schedule.totalUpdates)), 'the last update');
    // without `num_cycles` the default is the same 7/16, and the cosine's minimum below zero (−lr) says it too
    const withoutCycles = read('paddleclas-cosine-fixmatch.yaml').replace('    num_cycles: 0.4375\n', '');
    assert.notEqual(withoutCycles, read('paddleclas-cosine-fixmatch.yaml'));
    const unwritten = analyzed('paddleclas-cosine-fixmatch.yaml', withoutCycles);
    assert.ok(!codes(unwritten).includes('cosine-period-long'), said(unwritten));
  });

  describe('7. `2e-5` in a LLaMA-Factory recipe is a float: read_args loads it with OmegaConf', () => {
    it('a LLaMA-Factory recipe gets no hf-number-as-string and peaks at 2e-5', () => {
      const analysis = analyzedWithRun('llamafactory-recipe.yaml');
      assert.ok(!codes(analysis).includes('hf-number-as-string'), said(analysis));
      assert.deepEqual(errors(analysis), [], said(analysis));
      const { schedule } = analysis.schedules[0];
      // cosine without warm-up: the first update runs at learning_rate
      assertLrClose(curveAt(schedule.curve, 0), 2e-5, 'the first update');
    });

    it('an HfArgumentParser recipe (yaml.safe_load) written `5e-6` still gets it', () => {
      const original = read('hf-parser-recipe.yaml');
      assert.ok(!codes(analyzedWithRun('hf-parser-recipe.yaml', original)).includes('hf-number-as-string'));
      const text = original.replace('learning_rate: 5.0e-6', 'learning_rate: 5e-6');
      assert.notEqual(text, original);
      const analysis = analyzedWithRun('hf-parser-recipe.yaml', text);
      assert.ok(codes(analysis).includes('hf-number-as-string'), said(analysis));
    });

    it('a recipe is LLaMA-Factory\'s by its own keys (stage, finetuning_type, template …)', () => {
      const root = (name: string) => analyze(read(name), name, 'yaml').document.roots[0];
      const llama = root('llamafactory-recipe.yaml');
      const handbook = root('hf-parser-recipe.yaml');
      assert.ok(llama?.kind === 'object' && isLlamaFactoryRecipe(llama));
      assert.ok(handbook?.kind === 'object' && !isLlamaFactoryRecipe(handbook));
    });
  });

  it('8. DeepSpeed WarmupLR needs no run length: a log warm-up to warmup_max_lr, then flat', () => {
    // deepspeed/runtime/lr_schedules.py WarmupLR: min_lr at construction (last_batch_iteration −1), step() after
    // every update; γ(i) = ln(i + 1) / ln(warmup_num_steps) for i < warmup_num_steps, then 1 for ever
    const analysis = analyzed('deepspeed-warmuplr.json');
    assert.deepEqual(errors(analysis), [], said(analysis));
    assert.ok(!codes(analysis).includes('ds-missing-length'), said(analysis));
    const { schedule } = analysis.schedules[0];
    // the span drawn is LR Lens's choice, said as an assumption: the length is unknown
    assert.ok(schedule.assumptions.some(a => a.source === 'unknown'), JSON.stringify(schedule.assumptions));
    assert.ok(schedule.totalUpdates > 500);
    const lrAt = (update: number) => (update === 0 ? 0 : 0.0004 * Math.min(1, Math.log(update) / Math.log(500)));
    for (const u of [0, 1, 2, 10, 250, 499, 500, 501, schedule.totalUpdates - 1]) assertLrClose(curveAt(schedule.curve, u), lrAt(u), `update ${u}`);
  });

  describe('9. files that are no schedule config get no diagnostic', () => {
    // Files of the kinds that drew file-too-large (a tokenizer vocabulary, a label list, an instruction data set),
    // generated here above the JSON limit in their usual layout: nothing in them is a schedule.
    for (const [name, make] of [['vocab.json', vocabularyJson], ['real_labels.json', labelListJson], ['instructions.json', instructionDataJson]] as const) {
      it(`${name} (generated, ${Math.round(make().length / 1024)} KB): no file-too-large`, () => {
        const text = make();
        assert.ok(text.length > maxFileSize('json'));
        // parsed as JSON (JSON.parse throws on a broken generator), whatever LR Lens makes of it
        assert.ok(typeof JSON.parse(text) === 'object');
        const analysis = analyzed(name, text);
        assert.deepEqual(codes(analysis), [], said(analysis));
        // the CLI, which reads only the first bytes of a file this large, judges it the same
        assert.deepEqual(tooLargeDocument('json', Buffer.byteLength(text), text.slice(0, 8192)).problems, []);
      });
    }

    it('a schedule config over the limit still gets file-too-large', () => {
      const text = read('paddleclas-piecewise-rule.yaml').padEnd(maxFileSize('yaml') + 1, ' ');
      assert.deepEqual(codes(analyzed('paddleclas-piecewise-rule.yaml', text)), ['file-too-large']);
      assert.deepEqual(tooLargeDocument('yaml', 2_000_000, read('paddleclas-piecewise-rule.yaml')).problems.map(p => p.code), ['file-too-large']);
    });

    it('a PaddleDetection config whose flow mapping closes at its block\'s indentation parses as PyYAML parses it', () => {
      // PyYAML checks no indentation inside [ ] and { }; the yaml package rejected `    - StrongAugImage: {transforms: [`
      // … `      ]}` ("Flow map in block collection must be sufficiently indented")
      const text = read('paddledetection-semi-reader.yml');
      const document = parseDocument(text, 'yaml');
      assert.deepEqual(document.problems, []);
      const root = document.roots[0];
      assert.ok(root?.kind === 'object');
      const reader = root.entries.find(e => e.key === 'SemiTrainReader')?.value;
      assert.ok(reader?.kind === 'object');
      const strong = reader.entries.find(e => e.key === 'strong_aug')?.value;
      // one StrongAugImage whose transforms are the four mappings between its brackets
      assert.ok(strong?.kind === 'array' && strong.items.length === 1);
      const image = strong.items[0];
      assert.ok(image.kind === 'object');
      const inner = image.entries[0].value;
      assert.ok(inner.kind === 'object');
      const transforms = inner.entries.find(e => e.key === 'transforms')?.value;
      assert.ok(transforms?.kind === 'array');
      assert.deepEqual(transforms.items.map(t => (t.kind === 'object' ? t.entries[0].key : t.kind)), ['RandomColorJitter', 'RandomErasingCrop', 'RandomGaussianBlur', 'RandomGrayscale']);
      assert.deepEqual(codes(analyzed('paddledetection-semi-reader.yml')), []);
    });

    for (const name of ['yolo-names.json', 'paddledetection-reader.yml', 'paddleclas-no-optimizer.yaml', 'deepspeed-hf-auto.json']) {
      it(name, () => {
        // a Python dict saved as .json; a reader PyYAML loads (the yaml package does not); a gallery config with no
        // Optimizer; a DeepSpeed config whose schedule is the HF Trainer's
        const analysis = analyzed(name);
        assert.deepEqual(codes(analysis), [], said(analysis));
      });
    }
  });
});
