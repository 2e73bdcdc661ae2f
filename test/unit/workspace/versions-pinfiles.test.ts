import assert from 'node:assert/strict';
import { pinnedVersions } from '../../../src/workspace/versions';
import { fixtureWorkspace } from './versionsMemoryFiles';

/**
 * Pin files laid out as projects lay them out (test/fixtures/pin-files/README.md: each folder is a repository
 * root, written for these tests). The expected versions are what the files pin, read by hand with the rules of
 * their formats: PEP 440 version specifiers (packaging.python.org "Version specifiers": `~=4.49.0` is
 * `>=4.49.0, ==4.49.*`; `!=` excludes one release), Poetry's caret (python-poetry.org "Dependency specification":
 * `^4.46` is `>=4.46.0,<5.0.0`) and conda's MatchSpec (docs.conda.io "Package match specifications": one `=` is a
 * prefix, `=5.3` is 5.3.*). transformers 4 is every release before 5.0.0, 5 the releases from 5.2 on (warmup_ratio
 * removed); DeepSpeed's LR schedules changed in 0.15.3 (src/workspace/pins/frameworks.ts, checked against the
 * dialect's releases in versions-frameworks.test.ts).
 */

describe('workspace version pins: pin files as projects lay them out', () => {
  it('a pyproject range from transformers 4 into 5 (with != exclusions): nothing decided, and the origin names the pin', () => {
    const r = pinnedVersions(fixtureWorkspace('range-4-and-5', 'examples/sft/full_sft.yaml'));
    assert.deepEqual(r.versions, {});
    // the versionless "transformers" in [tool.ruff.lint.isort] is no requirement: the origin names the one pin only
    assert.equal(r.origins.transformers, 'transformers>=4.49.0,<=5.4.0,!=4.50.2,!=5.1.0 in pyproject.toml allows transformers 4 and 5');
    assert.deepEqual(r.read, ['/repo/pyproject.toml']);
  });
  it('nothing readable pinned: setup.py builds install_requires by deps[…] lookups, setup.cfg has no [options]', () => {
    // setup.py's VERSIONS table holds "transformers>=4.50.0" and "deepspeed>=0.16.0" as string literals, outside
    // install_requires; setup.cfg names transformers in isort's known_third_party. None is a pin.
    const r = pinnedVersions(fixtureWorkspace('setup-by-code', 'recipes/chat/sft/config.yaml'));
    assert.deepEqual(r.versions, {});
    assert.deepEqual(r.origins, {});
    assert.deepEqual(r.read.sort(), ['/repo/setup.cfg', '/repo/setup.py']);
  });
  it('pyproject optional-dependencies: transformers>=4.44.2,<4.49 in an extra is transformers 4', () => {
    const r = pinnedVersions(fixtureWorkspace('optional-extra', 'config_hub/finetune/x.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers>=4.44.2,<4.49 in pyproject.toml');
  });
  it('requirements.txt: transformers==4.38.2 is 4 (spacy-transformers is another package); deepspeed>=0.12.1 spans DeepSpeed\'s LR changes', () => {
    // spacy-transformers==1.3.5, read as transformers, would leave no version allowed beside ==4.38.2
    const r = pinnedVersions(fixtureWorkspace('two-apps', 'apps/vision-chat/training/ds_config.json'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers==4.38.2 in apps/vision-chat/requirements.txt');
    assert.equal(r.versions.deepspeed, undefined);
    assert.match(r.origins.deepspeed!, /^deepspeed>=0\.12\.1 in apps\/vision-chat\/requirements\.txt allows DeepSpeed releases before and after 0\.15\.3/);
  });
  it('the same range in requirements.txt and in setup.py\'s install_requires literals decides nothing', () => {
    const r = pinnedVersions(fixtureWorkspace('two-apps', 'apps/chat/training/ds_config.json'));
    assert.deepEqual(r.versions, {});
    assert.equal(r.origins.transformers,
      'transformers>=4.36.0,!=4.37.1 in apps/chat/setup.py, transformers>=4.36.0,!=4.37.1 in apps/chat/requirements.txt allows transformers 4 and 5');
    // >=0.10.2 and >=0.10.0 hold together: from 0.10.2 on, across 0.15.3
    assert.match(r.origins.deepspeed!, /^deepspeed>=0\.10\.2 in apps\/chat\/setup\.py, deepspeed>=0\.10\.0 in apps\/chat\/requirements\.txt allows DeepSpeed releases before and after 0\.15\.3/);
  });
  it('an old exact pin: transformers==4.12.5 is 4', () => {
    const r = pinnedVersions(fixtureWorkspace('two-apps', 'training/hello/ds_config.json'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers==4.12.5 in training/hello/requirements.txt');
  });
  it('requirements/: ~=4.49.0 and ==4.48.1 are alternative installs (no version satisfies both), both transformers 4', () => {
    // requirements_eval.txt's sentence-transformers>=5.0 is another package: read as transformers, it would
    // allow 5 and the answer would be undecided
    const r = pinnedVersions(fixtureWorkspace('alternative-requirements', 'examples/train/conf/train.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers==4.48.1 in requirements/requirements_serve.txt, transformers~=4.49.0 in requirements/requirements_train.txt');
  });
  it('environment.yml: transformers==4.48.1 in its pip: list is 4, nearer than requirements/', () => {
    // sentence-transformers==5.0.0 in the same list is another package (read as transformers, the file would allow no version)
    const r = pinnedVersions(fixtureWorkspace('alternative-requirements', 'examples/agent/server/config.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers==4.48.1 in examples/agent/environment.yml');
  });
  it('environment.yml conda spec: conda-forge::transformers=5.3 is 5.3.*, transformers 5', () => {
    const r = pinnedVersions(fixtureWorkspace('alternative-requirements', 'examples/conda-env/train.yaml'));
    assert.equal(r.versions.transformers, '5');
    assert.equal(r.origins.transformers, 'conda-forge::transformers=5.3 in examples/conda-env/environment.yml');
  });
  it('Poetry caret: transformers = "^4.46" is below 5.0.0, transformers 4', () => {
    const r = pinnedVersions(fixtureWorkspace('poetry-caret', 'configs/train.yaml'));
    assert.equal(r.versions.transformers, '4');
    assert.equal(r.origins.transformers, 'transformers = "^4.46" in pyproject.toml');
  });
});
