// "One click gives the fact" (issue 12 §1): which facts the editor offers for a schedule whose updates per epoch
// are unknown, and what it writes. Every written directive is read back by the directive reader the analysis uses
// (src/service/directives.ts), so the test checks that LR Lens then knows the fact, not the text we chose.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/service/analyze';
import { applyEdits } from '../../../src/service/batchWhatIf';
import { readDirectives } from '../../../src/service/directives';
import { distinctFacts, factRequests, factWrite, parseFactValue } from '../../../src/service/setFact';
import { parseDocument } from '../../../src/formats/parse';
import type { FormatLanguage } from '../../../src/formats/tree';
import type { InputFacts } from '../../../src/dialects/types';

const TIMM = 'epochs: 100\nsched: cosine\nwarmup_epochs: 5\nlr: 0.1\nmodel: resnet50\nopt: sgd\nbatch_size: 128\n';
const UNKNOWN = { fact: 'steps_per_epoch', value: 'unknown', source: 'unknown' as const, howToSet: 'set it' };

/** The analysis of `text` with its schedules' updates per epoch marked unknown (as a reader marks them), and its probe. */
function withUnknown(text: string, fileName = 'args.yaml') {
  const analysis = analyze(`# lr-lens: steps_per_epoch=1\n${text}`, fileName, 'yaml');
  for (const read of analysis.schedules) {
    read.schedule.updatesPerEpochUnknown = true;
    read.schedule.assumptions = [UNKNOWN];
  }
  const probe = (facts: InputFacts) => analyze(text, fileName, 'yaml', { overrides: facts });
  return { analysis, probe };
}

/** `text` after the directive is written, and the facts the directive reader then finds in it. */
function written(text: string, language: FormatLanguage, style: '#' | '//', fact: 'steps_per_epoch' | 'dataset_size', value: number) {
  const document = parseDocument(text, language);
  const write = factWrite(text, document.comments, style, fact, value);
  assert.equal(write.kind, 'directive');
  const after = applyEdits(text, [write.kind === 'directive' ? write.edit : (undefined as never)]);
  return { after, facts: readDirectives(parseDocument(after, language).comments) };
}

describe('setFact: what the editor offers', () => {
  it('a timm schedule without updates per epoch: "updates per epoch", and "dataset size" (timm derives them from it)', () => {
    const { analysis, probe } = withUnknown(TIMM);
    const requests = factRequests(analysis, probe);
    assert.deepEqual(requests.map(r => [r.fact, r.schedule]), [['steps_per_epoch', 0], ['dataset_size', 0]]);
    assert.deepEqual(requests[0].range, analysis.schedules[0].range);
    assert.deepEqual(distinctFacts(requests), ['steps_per_epoch', 'dataset_size']);
  });

  it('no dataset size where the reader does not derive the updates per epoch from one (LR Lens\'s format without a batch)', () => {
    const { analysis, probe } = withUnknown('lr: 0.1\nepochs: 10\ndecay:\n  type: cosine\n', 'x.lrschedule.yaml');
    assert.equal(analysis.schedules.length, 1);
    assert.deepEqual(factRequests(analysis, probe).map(r => r.fact), ['steps_per_epoch']);
    // without a probe, only what is certain
    assert.deepEqual(factRequests(analysis).map(r => r.fact), ['steps_per_epoch']);
  });

  it('nothing for a schedule whose updates per epoch are known, and a probe that throws costs only the offer', () => {
    const known = analyze(`# lr-lens: steps_per_epoch=1252\n${TIMM}`, 'args.yaml', 'yaml');
    assert.deepEqual(factRequests(known, () => { throw new Error('never asked'); }), []);
    const { analysis } = withUnknown(TIMM);
    assert.deepEqual(factRequests(analysis, () => { throw new Error('probe failed'); }).map(r => r.fact), ['steps_per_epoch']);
  });
});

describe('setFact: what is written', () => {
  it('YAML without a directive: `# lr-lens: steps_per_epoch=1252` on a new first line, which the reader then finds', () => {
    const { after, facts } = written(TIMM, 'yaml', '#', 'steps_per_epoch', 1252);
    assert.equal(after, `# lr-lens: steps_per_epoch=1252\n${TIMM}`);
    assert.deepEqual(facts.facts, { steps_per_epoch: 1252 });
    assert.deepEqual(facts.diagnostics, []);
    // and the analysis then knows the run: 100 epochs × 1252 updates (timm steps this cosine per epoch)
    const [read] = analyze(after, 'args.yaml', 'yaml').schedules;
    assert.equal(read.schedule.updatesPerEpochUnknown, undefined);
    assert.equal(read.schedule.stepsPerEpoch, 1252);
  });

  it('a directive that already states the fact gets its value replaced (the last one read wins, so a new line would not)', () => {
    const text = `${TIMM}# lr-lens: world_size=8 steps_per_epoch=100\n`;
    const { after, facts } = written(text, 'yaml', '#', 'steps_per_epoch', 625);
    assert.equal(after, `${TIMM}# lr-lens: world_size=8 steps_per_epoch=625\n`);
    assert.deepEqual(facts.facts, { world_size: 8, steps_per_epoch: 625 });
  });

  it('of two directives stating it, the later one (the one in force) is changed', () => {
    const text = `# lr-lens: steps_per_epoch=1\n${TIMM}# lr-lens: steps_per_epoch=2\n`;
    const { after, facts } = written(text, 'yaml', '#', 'steps_per_epoch', 3);
    assert.equal(after, `# lr-lens: steps_per_epoch=1\n${TIMM}# lr-lens: steps_per_epoch=3\n`);
    assert.equal(facts.facts.steps_per_epoch, 3);
  });

  it('a `dataset_size=` directive is not taken for `steps_per_epoch=` and the reverse', () => {
    const text = `# lr-lens: dataset_size=50000\n${TIMM}`;
    const { after, facts } = written(text, 'yaml', '#', 'steps_per_epoch', 391);
    assert.equal(after, `# lr-lens: steps_per_epoch=391\n# lr-lens: dataset_size=50000\n${TIMM}`);
    assert.deepEqual(facts.facts, { dataset_size: 50000, steps_per_epoch: 391 });
  });

  it('CRLF files get a CRLF line; a byte order mark stays first', () => {
    const crlf = TIMM.replace(/\n/g, '\r\n');
    assert.equal(written(crlf, 'yaml', '#', 'dataset_size', 1281167).after, `# lr-lens: dataset_size=1281167\r\n${crlf}`);
    const bom = `\ufeff${TIMM}`;
    const { after, facts } = written(bom, 'yaml', '#', 'steps_per_epoch', 10);
    assert.equal(after, `\ufeff# lr-lens: steps_per_epoch=10\n${TIMM}`);
    assert.equal(facts.facts.steps_per_epoch, 10);
  });

  it('JSONC and TypeScript: a `// lr-lens:` comment, read back by the same reader', () => {
    const jsonc = '{\n  "lr": 0.1,\n  "epochs": 10\n}\n';
    const j = written(jsonc, 'json', '//', 'steps_per_epoch', 500);
    assert.equal(j.after, `// lr-lens: steps_per_epoch=500\n${jsonc}`);
    assert.equal(j.facts.facts.steps_per_epoch, 500);
    const ts = 'export default { lr: 0.1, epochs: 10 };\n';
    const t = written(ts, 'typescript', '//', 'dataset_size', 60000);
    assert.equal(t.after, `// lr-lens: dataset_size=60000\n${ts}`);
    assert.equal(t.facts.facts.dataset_size, 60000);
  });

  it('a `#!` line stays first', () => {
    const ts = '#!/usr/bin/env node\nexport default { lr: 0.1 };\n';
    assert.equal(written(ts, 'typescript', '//', 'steps_per_epoch', 7).after, '#!/usr/bin/env node\n// lr-lens: steps_per_epoch=7\nexport default { lr: 0.1 };\n');
  });

  it('strict JSON holds no comment: the workspace setting lrLens.stepsPerEpoch / lrLens.datasetSize instead', () => {
    const json = '{"learning_rate": 5e-5, "num_train_epochs": 3}';
    assert.deepEqual(factWrite(json, [], 'none', 'steps_per_epoch', 1000), { kind: 'setting', key: 'stepsPerEpoch', value: 1000 });
    assert.deepEqual(factWrite(json, [], 'none', 'dataset_size', 67349), { kind: 'setting', key: 'datasetSize', value: 67349 });
  });

  it('the input box takes a whole number of at least 1, grouped or not; nothing else', () => {
    assert.equal(parseFactValue('1252'), 1252);
    assert.equal(parseFactValue(' 1,281,167 '), 1281167);
    assert.equal(parseFactValue('1_281_167'), 1281167);
    for (const bad of ['', '0', '-5', '2.5', '1e3', '12,34', '1,2345', 'abc', '1252 updates', '99999999999999999999', '__proto__']) {
      assert.equal(parseFactValue(bad), undefined, bad);
    }
  });
});
