import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/service/analyze';
import { escapeMarkdown, hoverAt } from '../../../src/service/hover';

const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');

/** The hover at the `|` caret of `marked` (the marker is removed before analysis). */
function hover(marked: string, file = 'x.lrschedule.yaml') {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'test text needs a | caret');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return hoverAt(analyze(text, file, 'yaml'), text, offset);
}

describe('hoverAt', () => {
  it('shows the seed step schedule\'s values on warmup.epochs (Goyal et al.: 0.4 after 5 epochs of 1252 updates)', () => {
    const h = hover(SEED.replace('  epochs: 5', '  epo|chs: 5'));
    assert.ok(h);
    assert.match(h.markdown, /warmup\\\.epochs/);
    assert.match(h.markdown, /Unit: epochs/);
    // 5 × 1252 = 6260 updates of warmup, then the peak 0.1 × 1024 / 256 = 0.4.
    assert.match(h.markdown, /warmup end, update 6,260 \(epoch 5\): \*\*0\.4\*\*/);
    // × 0.1 at epochs 30, 60, 80 = updates 37,560, 75,120, 100,160.
    assert.match(h.markdown, /update 37,560 \(epoch 30\): \*\*0\.04\*\*/);
    assert.match(h.markdown, /update 75,120 \(epoch 60\): \*\*0\.004\*\*/);
    assert.match(h.markdown, /update 100,160 \(epoch 80\): \*\*0\.0004\*\*/);
    // 90 × 1252 = 112,680 updates: the last is 112,679.
    assert.match(h.markdown, /end, update 112,679[^:]*: \*\*0\.0004\*\*/);
    assert.ok(h.markdown.includes('0.1 × 1024 / 256 = 0.4'));
    assert.match(h.markdown, /!\[LR curve\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)/);
  });

  it('covers the whole key: value span, and nothing outside settings', () => {
    const text = SEED.replace('  gamma: 0.1', '  gamma: 0.|1');
    const h = hover(text);
    assert.ok(h);
    assert.match(h.markdown, /decay\\\.gamma/);
    assert.equal(hover('|' + SEED), undefined);
  });

  it('marks the hovered point on the sparkline (a red dot per milestone)', () => {
    const h = hover(SEED.replace('milestones: [30', 'mile|stones: [30'))!;
    const svg = Buffer.from(h.markdown.match(/base64,([^)]+)\)/)![1], 'base64').toString('utf8');
    assert.equal((svg.match(/<circle/g) ?? []).length, 3);
  });

  it('names the assumption used and where to change it (HF without a dataset size)', () => {
    const text = '{"learning_rate": 5e-5, "lr_scheduler_type": "linear", "num_train_epochs": 3, "warmup_ste|ps": 10, "output_dir": "o"}';
    const offset = text.indexOf('|');
    const clean = text.replace('|', '');
    const analysis = analyze(clean, 'training_args.json', 'json');
    const h = hoverAt(analysis, clean, offset);
    if (analysis.schedules.length === 0) return assert.equal(h, undefined);
    assert.ok(h);
    assert.match(h.markdown, /Unit: optimizer updates/);
    if (analysis.schedules[0].schedule.assumptions.length) assert.match(h.markdown, /Assumptions:/);
  });

  it('escapes user text so a name cannot become markup or a command link', () => {
    const h = hover(SEED.replace(/^name: .*$/m, 'name: "[run](command:evil) <b>x</b>"').replace('  epochs: 5', '  epo|chs: 5'))!;
    assert.ok(!h.markdown.includes('[run](command:evil)'));
    assert.ok(!h.markdown.includes('<b>'));
    assert.equal(escapeMarkdown('a_b'), 'a\\_b');
  });
});
