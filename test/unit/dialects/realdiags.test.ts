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
 * Issue 12 §5: diagnostics that real, working configs got although nothing was wrong with them. Each file in
 * test/fixtures/realdiags is a real config (SOURCES.md: repository, commit, path); what the framework does is read
 * from its source (named at each test), never from LR Lens's output.
 */

const DIR = path.resolve(__dirname, '../../../../test/fixtures/realdiags');
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

describe('real configs: no wrong diagnostics (issue 12 §5)', () => {
  it('1. PaddleClas Cyclic with `epochs` and `step_each_epoch` (MetaBIN): build_lr_scheduler passes both to every LR class', () => {
    // ppcls/optimizer/__init__.py: lr_config.update({'epochs': epochs, 'step_each_epoch': step_each_epoch}) before
    // getattr(learning_rate, name)(**lr_config); Cyclic.__init__(self, epochs, step_each_epoch, base_learning_rate, …)
    const analysis = analyzed('paddleclas-MetaBIN_ResNet50_cross_domain.yaml');
    assert.ok(!codes(analysis).includes('pd-unexpected-argument'), said(analysis));
    assert.deepEqual(errors(analysis), [], said(analysis));
    // three optimizers, three LR blocks: MultiStepDecay, Constant, Cyclic (drawn, not dropped)
    assert.equal(analysis.schedules.length, 3);
    const cyclic = analysis.schedules[2].schedule;
    // Paddle's CyclicLR (triangular): base_learning_rate 0.001 at the cycle's start, max_learning_rate 0.1 after
    // step_size_up = 1095 updates (Global.iter_per_epoch 50 × epochs 348 = 17,400 updates in all)
    assert.equal(cyclic.totalUpdates, 17_400);
    assertLrClose(curveAt(cyclic.curve, 2190), 0.001, 'start of the second cycle');
    assertLrClose(curveAt(cyclic.curve, 1095), 0.1, 'top of the first cycle');
  });

  it('PaddleClas ReduceOnPlateau (xbm_resnet50) is drawn as the run where the metric never stalls, with information', () => {
    // ReduceOnPlateau.__call__: Paddle's ReduceOnPlateau(learning_rate, factor, patience, …) starts at learning_rate
    // and only step(metric) lowers it; no warmup_epoch here
    const analysis = analyzedWithRun('paddleclas-xbm_resnet50.yaml');
    assert.deepEqual(errors(analysis), [], said(analysis));
    const plateau = analysis.diagnostics.find(d => d.code === 'pd-reduce-on-plateau');
    assert.ok(plateau && plateau.severity === 'information', said(analysis));
    assert.match(plateau.message, /by 0\.1 each time the evaluation metric stalls for 4 epochs/);
    const { schedule } = analysis.schedules[0];
    for (const t of [0, schedule.totalUpdates - 1]) assertLrClose(curveAt(schedule.curve, t), 0.0001, `update ${t}`);
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
    const DEEPLAB = { base: 0.01, maxIter: 90_000, warmupIters: 1000, warmupFactor: 1 / 1000, power: 0.9, constantEnding: 0 };

    it('DeepLab\'s WarmupPolyLR is read and drawn: a linear warm-up factor times (1 − t/MAX_ITER)^0.9', () => {
      const analysis = analyzed('detectron2-Base-DeepLabV3-OS16-Semantic.yaml');
      assert.ok(!codes(analysis).some(c => /unknown-scheduler|project-scheduler/.test(c)), said(analysis));
      assert.equal(analysis.schedules.length, 1);
      const { schedule } = analysis.schedules[0];
      assert.equal(schedule.name, 'WarmupPolyLR');
      assert.equal(schedule.totalUpdates, 90_000);
      for (const t of [0, 1, 500, 999, 1000, 1001, 45_000, 89_999]) assertLrClose(curveAt(schedule.curve, t), deeplabLr(t, DEEPLAB), `iteration ${t}`);
    });

    it('POLY_LR_CONSTANT_ENDING floors the poly decay once warmed up, and POLY_LR_POWER is read', () => {
      const text = read('detectron2-Base-DeepLabV3-OS16-Semantic.yaml').replace('  IMS_PER_BATCH: 16\n', '  IMS_PER_BATCH: 16\n  POLY_LR_POWER: 2.0\n  POLY_LR_CONSTANT_ENDING: 0.25\n');
      const analysis = analyzed('detectron2-Base-DeepLabV3-OS16-Semantic.yaml', text);
      assert.ok(!codes(analysis).includes('d2-unknown-key'), said(analysis));
      const { schedule } = analysis.schedules[0];
      const options = { ...DEEPLAB, power: 2.0, constantEnding: 0.25 };
      // (1 − t/N)² < 0.25 from t = 45,000 on: the floor BASE_LR × 0.25
      for (const t of [0, 999, 1000, 30_000, 44_999, 45_001, 60_000, 89_999]) assertLrClose(curveAt(schedule.curve, t), deeplabLr(t, options), `iteration ${t}`);
      assertLrClose(curveAt(schedule.curve, 80_000), 0.0025, 'the constant ending');
    });

    it('Panoptic-DeepLab (WarmupPolyLR with its SOLVER.OPTIMIZER) gets no diagnostic', () => {
      const analysis = analyzed('detectron2-Base-PanopticDeepLab-OS16.yaml');
      assert.deepEqual(codes(analysis), [], said(analysis));
      assertLrClose(curveAt(analysis.schedules[0].schedule.curve, 30_000), deeplabLr(30_000, { ...DEEPLAB, base: 0.001, maxIter: 60_000 }), 'iteration 30,000');
    });

    it('Mask2Former (WarmupPolyLR without warm-up: WARMUP_FACTOR 1.0, WARMUP_ITERS 0; its own BACKBONE_MULTIPLIER) gets no diagnostic', () => {
      const analysis = analyzed('mask2former-Base-ADE20K-SemanticSegmentation.yaml');
      assert.deepEqual(codes(analysis), [], said(analysis));
      const { schedule } = analysis.schedules[0];
      const options = { ...DEEPLAB, base: 0.0001, maxIter: 160_000, warmupIters: 0, warmupFactor: 1.0 };
      for (const t of [0, 1, 1000, 80_000, 159_999]) assertLrClose(curveAt(schedule.curve, t), deeplabLr(t, options), `iteration ${t}`);
    });

    it('a scheduler no one in the detectron2 repository registers (Adaptive Teacher\'s WarmupTwoStageMultiStepLR) is information, not an error, and is not drawn', () => {
      const analysis = analyzed('adaptive_teacher-faster_rcnn_VGG_cross_city.yaml');
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
      const text = read('detectron2-Base-DeepLabV3-OS16-Semantic.yaml').replace('"WarmupPolyLR"', '"WarmupCosineLr"');
      const analysis = analyzed('detectron2-Base-DeepLabV3-OS16-Semantic.yaml', text);
      const typo = analysis.diagnostics.find(d => d.code === 'd2-unknown-scheduler');
      assert.ok(typo && typo.severity === 'error', said(analysis));
      assert.match(typo.message, /Did you mean `WarmupCosineLR`\?/);
    });
  });

  it('3 and 4. detectron2\'s instant tests: one warm-up diagnostic (the dialect\'s), and no milestone past the end', () => {
    // MAX_ITER 40 with the default WARMUP_ITERS 1000: fvcore's WarmupParamScheduler has warmup_length
    // min(1000/40, 1) = 1, so all 40 iterations are warm-up and the step at 30 is never reached.
    const analysis = analyzed('detectron2-mask_rcnn_R_50_FPN_instant_test.yaml');
    const warmup = analysis.diagnostics.filter(d => /warmup-too-long$/.test(d.code));
    assert.deepEqual(warmup.map(d => d.code), ['d2-warmup-too-long'], said(analysis));
    // anchored inside SOLVER (at MAX_ITER: WARMUP_ITERS is not written)
    const text = read('detectron2-mask_rcnn_R_50_FPN_instant_test.yaml');
    assert.equal(text.slice(warmup[0].range.start, warmup[0].range.end), 'MAX_ITER');
    // STEPS (30,) lie inside MAX_ITER 40: "fall at or after the end of training (update 40)" compared 30 with 40
    assert.ok(!codes(analysis).includes('milestone-beyond-end'), said(analysis));
  });

  describe('5. PaddleClas Piecewise with `learning_rate`', () => {
    // Piecewise.__init__: `if learning_rate:` decay_epochs = list(range(0, epochs, 30))[1:], values =
    // [learning_rate * 0.1**i …] (or [epochs] and [lr, lr] below 30 epochs), whatever the file's lists say
    it('no warning where the file\'s lists are what the rule makes (DLA34: 120 epochs, [30, 60, 90], [0.1 … 0.0001])', () => {
      const analysis = analyzedWithRun('paddleclas-DLA34.yaml');
      assert.ok(!codes(analysis).includes('pd-piecewise-learning-rate'), said(analysis));
    });

    it('no warning where they give the same LR at every epoch of the run (SVTR: 50 epochs, the rule [30], [0.1, 0.01])', () => {
      const analysis = analyzedWithRun('paddleclas-svtr_tiny.yml');
      assert.ok(!codes(analysis).includes('pd-piecewise-learning-rate'), said(analysis));
    });

    it('still a warning where the rule replaces them (DCH: 150 epochs, the file says [200], the rule [30, 60, 90, 120])', () => {
      const analysis = analyzedWithRun('paddleclas-DCH.yaml');
      const d = analysis.diagnostics.find(x => x.code === 'pd-piecewise-learning-rate');
      assert.ok(d, said(analysis));
      assert.match(d.message, /decay_epochs = \[30, 60, 90, 120\]/);
    });
  });

  it('6. FixMatch\'s 7/16 cosine stops part-way on purpose: no cosine-period-long', () => {
    // CosineFixmatch: lr · max(0, cos(π · num_cycles · k / K)) with num_cycles 0.4375 = 7/16: the last update runs at
    // lr · cos(7π/16) ≈ 0.195 · lr by design (FixMatch, Sohn et al. 2020)
    const analysis = analyzed('paddleclas-FixMatch_cifar10_40.yaml');
    assert.ok(!codes(analysis).includes('cosine-period-long'), said(analysis));
    const { schedule } = analysis.schedules[0];
    const last = schedule.totalUpdates - 1;
    assertLrClose(curveAt(schedule.curve, last), 0.03 * Math.max(0, Math.cos(Math.PI * 0.4375 * last / schedule.totalUpdates)), 'the last update');
    // without `num_cycles` the default is the same 7/16, and the cosine's minimum below zero (−lr) says it too
    const unwritten = analyzed('paddleclas-FixMatch_cifar10_40.yaml', read('paddleclas-FixMatch_cifar10_40.yaml').replace('    num_cycles: 0.4375\n', ''));
    assert.ok(!codes(unwritten).includes('cosine-period-long'), said(unwritten));
  });

  describe('7. `2e-5` in a LLaMA-Factory recipe is a float: read_args loads it with OmegaConf', () => {
    it('a LLaMA-Factory recipe gets no hf-number-as-string and peaks at 2e-5', () => {
      const analysis = analyzedWithRun('llamafactory-qwen2_vl_full.yaml');
      assert.ok(!codes(analysis).includes('hf-number-as-string'), said(analysis));
      assert.deepEqual(errors(analysis), [], said(analysis));
      const { schedule } = analysis.schedules[0];
      // cosine without warm-up: the first update runs at learning_rate
      assertLrClose(curveAt(schedule.curve, 0), 2e-5, 'the first update');
    });

    it('an alignment-handbook recipe (HfArgumentParser: yaml.safe_load) written `5e-6` still gets it', () => {
      const original = read('alignment-handbook-zephyr-141b-orpo-config_full.yaml');
      assert.ok(!codes(analyzedWithRun('alignment-handbook-zephyr-141b-orpo-config_full.yaml', original)).includes('hf-number-as-string'));
      const text = original.replace('learning_rate: 5.0e-6', 'learning_rate: 5e-6');
      assert.notEqual(text, original);
      const analysis = analyzedWithRun('alignment-handbook-zephyr-141b-orpo-config_full.yaml', text);
      assert.ok(codes(analysis).includes('hf-number-as-string'), said(analysis));
    });

    it('a recipe is LLaMA-Factory\'s by its own keys (stage, finetuning_type, template …)', () => {
      const root = (name: string) => analyze(read(name), name, 'yaml').document.roots[0];
      const llama = root('llamafactory-qwen2_vl_full.yaml');
      const handbook = root('alignment-handbook-zephyr-141b-orpo-config_full.yaml');
      assert.ok(llama?.kind === 'object' && isLlamaFactoryRecipe(llama));
      assert.ok(handbook?.kind === 'object' && !isLlamaFactoryRecipe(handbook));
    });
  });

  it('8. DeepSpeed WarmupLR needs no run length: a log warm-up to warmup_max_lr, then flat', () => {
    // deepspeed/runtime/lr_schedules.py WarmupLR: min_lr at construction (last_batch_iteration −1), step() after
    // every update; γ(i) = ln(i + 1) / ln(warmup_num_steps) for i < warmup_num_steps, then 1 for ever
    const analysis = analyzed('deepspeed-ds_config_z2.json');
    assert.deepEqual(errors(analysis), [], said(analysis));
    assert.ok(!codes(analysis).includes('ds-missing-length'), said(analysis));
    const { schedule } = analysis.schedules[0];
    // the span drawn is LR Lens's choice, said as an assumption: the length is unknown
    assert.ok(schedule.assumptions.some(a => a.source === 'unknown'), JSON.stringify(schedule.assumptions));
    assert.ok(schedule.totalUpdates > 1000);
    const lrAt = (update: number) => (update === 0 ? 0 : 0.001 * Math.min(1, Math.log(update) / Math.log(1000)));
    for (const u of [0, 1, 2, 10, 500, 999, 1000, 1001, schedule.totalUpdates - 1]) assertLrClose(curveAt(schedule.curve, u), lrAt(u), `update ${u}`);
  });

  describe('9. files that are no schedule config get no diagnostic', () => {
    // Each .head.json is the real start of a file larger than the JSON limit, padded with blanks to its real size.
    for (const [name, size] of [['gpt2-vocab.head.json', 1_042_280], ['timm-imagenet_real_labels.head.json', 388_478], ['llamafactory-alpaca_en_demo.head.json', 859_893]] as const) {
      it(`${name.replace('.head', '')} (${size.toLocaleString('en')} bytes): no file-too-large`, () => {
        const text = read(name).padEnd(size, ' ');
        assert.ok(text.length > maxFileSize('json'));
        const analysis = analyzed(name, text);
        assert.deepEqual(codes(analysis), [], said(analysis));
        // the CLI, which reads only the first bytes of a file this large, judges it the same
        assert.deepEqual(tooLargeDocument('json', size, read(name)).problems, []);
      });
    }

    it('a schedule config over the limit still gets file-too-large', () => {
      const text = read('paddleclas-DLA34.yaml').padEnd(maxFileSize('yaml') + 1, ' ');
      assert.deepEqual(codes(analyzed('paddleclas-DLA34.yaml', text)), ['file-too-large']);
      assert.deepEqual(tooLargeDocument('yaml', 2_000_000, read('paddleclas-DLA34.yaml')).problems.map(p => p.code), ['file-too-large']);
    });

    it('a PaddleDetection config whose flow mapping closes at its block\'s indentation parses as PyYAML parses it', () => {
      // PyYAML checks no indentation inside [ ] and { }; the yaml package rejected `    - StrongAugImage: {transforms: [`
      // … `      ]}` ("Flow map in block collection must be sufficiently indented")
      const text = read('paddledetection-rt_detr_ssod010_coco_with_warmup.yml');
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
      assert.deepEqual(codes(analyzed('paddledetection-rt_detr_ssod010_coco_with_warmup.yml')), []);
    });

    for (const name of ['yolo-names.json', 'paddledetection-detr_reader.yml', 'paddleclas-Gallery2FC_PPLCNet_x2_5.yaml', 'llamafactory-ds_z3_config.json']) {
      it(name, () => {
        // a Python dict saved as .json; a reader PyYAML loads (the yaml package does not); a gallery config with no
        // Optimizer; a DeepSpeed config whose schedule is the HF Trainer's
        const analysis = analyzed(name);
        assert.deepEqual(codes(analysis), [], said(analysis));
      });
    }
  });
});
