import assert from 'node:assert/strict';
import { pinnedVersions } from '../../../src/workspace/versions';
import { fixtureWorkspace } from './versionsMemoryFiles';

/**
 * Real pin files (test/fixtures/pins/SOURCES.md: repository, commit, path) read as their repositories hold them.
 * The expected versions are what the files pin, read by hand with PEP 440's rules (SOURCES.md says what each pins).
 */

describe('workspace version pins: real repositories', () => {
  it('LLaMA-Factory pyproject.toml allows transformers 4 and 5: nothing decided, and the origin names the pin', () => {
    const r = pinnedVersions(fixtureWorkspace('llama-factory', 'examples/extras/apollo/llama3_full_sft.yaml'));
    assert.deepEqual(r.versions, {});
    assert.equal(r.origins.transformers, 'transformers>=4.55.0,<=5.8.0,!=4.57.0,!=5.6.0 in pyproject.toml allows transformers 4 and 5');
    assert.deepEqual(r.read, ['/repo/pyproject.toml']);
  });
  it('alignment-handbook pins nothing readable: setup.py builds install_requires by code, setup.cfg has no [options]', () => {
    const r = pinnedVersions(fixtureWorkspace('alignment-handbook', 'recipes/smollm2/sft/config.yaml'));
    assert.deepEqual(r.versions, {});
    assert.deepEqual(r.origins, {});
    assert.deepEqual(r.read.sort(), ['/repo/setup.cfg', '/repo/setup.py']);
  });
  it('litgpt pyproject.toml: transformers>=4.51.3,<4.57 in optional-dependencies is transformers 4', () => {
    const r = pinnedVersions(fixtureWorkspace('litgpt', 'config_hub/finetune/x.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers>=4.51.3,<4.57 in pyproject.toml');
  });
  it('DeepSpeed-VisualChat requirements.txt: transformers==4.33.3 is 4; deepspeed>=0.10.3 spans DeepSpeed\'s LR changes', () => {
    const r = pinnedVersions(fixtureWorkspace('deepspeed-examples', 'applications/DeepSpeed-VisualChat/training/ds_config.json'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers==4.33.3 in applications/DeepSpeed-VisualChat/requirements.txt');
    assert.equal(r.versions.deepspeed, undefined);
    assert.match(r.origins.deepspeed!, /^deepspeed>=0\.10\.3 in applications\/DeepSpeed-VisualChat\/requirements\.txt allows DeepSpeed releases before and after 0\.15\.3/);
  });
  it('DeepSpeed-Chat: the same range in requirements.txt and setup.py\'s install_requires literals decides nothing', () => {
    const r = pinnedVersions(fixtureWorkspace('deepspeed-examples', 'applications/DeepSpeed-Chat/training/ds_config.json'));
    assert.deepEqual(r.versions, {});
    assert.equal(r.origins.transformers,
      'transformers>=4.31.0,!=4.33.2 in applications/DeepSpeed-Chat/setup.py, transformers>=4.31.0,!=4.33.2 in applications/DeepSpeed-Chat/requirements.txt allows transformers 4 and 5');
  });
  it('HelloDeepSpeed requirements.txt: transformers==4.5.1 is 4', () => {
    assert.equal(pinnedVersions(fixtureWorkspace('deepspeed-examples', 'training/HelloDeepSpeed/ds_config.json')).versions.transformers, '4');
  });
  it('NeMo requirements/: ~=4.53.0 and ==4.51.3 are alternative installs, both transformers 4', () => {
    const r = pinnedVersions(fixtureWorkspace('nemo', 'examples/nlp/conf/train.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers~=4.53.0 in requirements/requirements_lightning.txt, transformers==4.51.3 in requirements/requirements_vllm.txt');
  });
  it('NeMo voice_agent environment.yml: transformers==4.51.3 in its pip: list is 4, nearer than requirements/', () => {
    const r = pinnedVersions(fixtureWorkspace('nemo', 'examples/voice_agent/server/config.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers==4.51.3 in examples/voice_agent/environment.yml');
  });
});
