import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { summarize } from '../../../src/core/summary';
import { analyze } from '../../../src/service/analyze';
import { SUMMARY_MESSAGES, describeLength, english, localizeFrom, summaryLine } from '../../../src/service/describe';

const SEED = readFileSync('examples/seed/resnet50-step.lrschedule.yaml', 'utf8');
/** The translations the editor loads for Simplified Chinese (vscode.l10n.t reads the same file). */
const ZH = localizeFrom(JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>);

function seedLine(t = english): string {
  const [read] = analyze(SEED, 'resnet50-step.lrschedule.yaml', 'yaml').schedules;
  return summaryLine(read.schedule, summarize(read.schedule), t);
}

describe('summaryLine (the CodeLens) in English and Simplified Chinese', () => {
  it('English: the issue\'s example line for the seed (90 epochs of 1252 updates, 5 warm-up epochs, 0.4 → 0.0004)', () => {
    assert.equal(seedLine(), '90 epochs · 112,680 steps · warmup 5 ep · 0.4 → 0.0004');
  });

  it('Simplified Chinese: the same numbers with 轮 (epochs), 步 (steps), 预热 (warm-up)', () => {
    assert.equal(seedLine(ZH), '90 轮 · 112,680 步 · 预热 5 轮 · 0.4 → 0.0004');
  });

  it('no warm-up: "no warmup" / "无预热"', () => {
    const text = 'lr: 0.1\nupdates: 1000\n';
    const [read] = analyze(text, 'x.lrschedule.yaml', 'yaml').schedules;
    const summary = summarize(read.schedule);
    assert.equal(summaryLine(read.schedule, summary), '1,000 steps · no warmup · 0.1 → 0.1');
    assert.equal(summaryLine(read.schedule, summary, ZH), '1,000 步 · 无预热 · 0.1 → 0.1');
  });

  it('describeLength (the status bar): whole epochs when updates per epoch divide the length, else steps', () => {
    assert.equal(describeLength(112680, 1252), '90 ep');
    assert.equal(describeLength(112680, 1252, 'ep', ZH), '90 轮');
    assert.equal(describeLength(6000, 1252), '6,000 steps');
    assert.equal(describeLength(6000, 1252, 'ep', ZH), '6,000 步');
    assert.equal(describeLength(6260, undefined, 'epochs'), '6,260 steps');
  });

  it('every summary message has a Chinese translation in l10n/bundle.l10n.zh-cn.json', () => {
    const bundle = JSON.parse(readFileSync('l10n/bundle.l10n.zh-cn.json', 'utf8')) as Record<string, string>;
    const used = [...readFileSync('src/service/describe.ts', 'utf8').matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)].map(m => m[1]);
    assert.deepEqual([...new Set(used)].sort(), [...SUMMARY_MESSAGES].sort());
    for (const message of SUMMARY_MESSAGES) {
      assert.equal(typeof bundle[message], 'string', message);
      // the placeholder survives translation, or the number would be lost
      assert.equal(bundle[message].includes('{0}'), message.includes('{0}'), message);
    }
  });

  it('english fills placeholders like vscode.l10n.t and leaves unfilled ones as written', () => {
    assert.equal(english('{0} of {1}', 3, 'x'), '3 of x');
    assert.equal(english('{0} and {1}', 3), '3 and {1}');
  });
});
