import assert from 'node:assert/strict';
import { deepSpeedRelease } from '../../../src/dialects/deepspeed/schedules';
import { DEEPSPEED_CHANGES } from '../../../src/workspace/pins/frameworks';
import { condaSet, pep440Set, poetrySet, overlaps } from '../../../src/workspace/pins/specifiers';
import { MAX_PIN_FILES, pinnedVersions } from '../../../src/workspace/versions';
import { MemoryFiles } from './versionsMemoryFiles';

/**
 * Version pins read from the workspace (issue 12 §3). The truth is the specifier semantics of PEP 440
 * (packaging.python.org "Version specifiers"), Poetry's caret/tilde rules (python-poetry.org "Dependency
 * specification"), conda's MatchSpec (`=4.46` is 4.46.*), and the framework releases where LR behaviour changed:
 * transformers 5.0.0 (warmup_ratio deprecated by PR #41326, a float warmup_steps is a ratio), Ultralytics 8.4.103
 * (PR #25321: warm-up in epochs, no 100-iteration floor), DeepSpeed 0.15.3 / 0.17.2 / 0.19.3 / 0.19.4.
 */

const CONFIG = '/repo/exp/run/train_config.yaml';
function pins(files: Record<string, string>, options: { root?: string; config?: string; pendingDirs?: string[] } = {}) {
  const memory = new MemoryFiles(options.root ?? '/repo', options.config ?? CONFIG, files, new Set(options.pendingDirs ?? []));
  return { ...pinnedVersions(memory), memory };
}

describe('workspace version pins', () => {
  describe('specifiers', () => {
    const in4 = (s: ReturnType<typeof pep440Set>) => overlaps(s!, undefined, [5]);
    const in5 = (s: ReturnType<typeof pep440Set>) => overlaps(s!, [5], undefined);
    it('PEP 440: ==, ~=, ranges, wildcards, !=', () => {
      assert.deepEqual([in4(pep440Set('==4.46.1')), in5(pep440Set('==4.46.1'))], [true, false]);
      assert.deepEqual([in4(pep440Set('>=4.40,<5')), in5(pep440Set('>=4.40,<5'))], [true, false]);
      assert.deepEqual([in4(pep440Set('>=4.40')), in5(pep440Set('>=4.40'))], [true, true]);
      // ~=4.40 is >=4.40, ==4.*; ~=4.40.1 is >=4.40.1, ==4.40.*
      assert.deepEqual([in4(pep440Set('~=4.40')), in5(pep440Set('~=4.40'))], [true, false]);
      assert.deepEqual([in4(pep440Set('~=5.0')), in5(pep440Set('~=5.0'))], [false, true]);
      assert.equal(in5(pep440Set('==4.*')), false);
      assert.equal(in4(pep440Set('<=5.0,!=5.0')), true);
      assert.equal(in5(pep440Set('<=5.0,!=5.0')), false, '<=5.0 without 5.0 leaves only 4.x');
      assert.equal(in5(pep440Set('>=4.99,!=5.*,<6')), false);
      assert.equal(pep440Set('~=4'), undefined, '~= needs two components');
      assert.equal(pep440Set('>>4'), undefined);
    });
    it('Poetry: ^ keeps the left-most non-zero component, ~ the minor, || unites', () => {
      assert.deepEqual([in4(poetrySet('^4.40')), in5(poetrySet('^4.40'))], [true, false]);
      assert.equal(overlaps(poetrySet('^0.16.5')!, [0, 17], undefined), false);
      assert.equal(overlaps(poetrySet('^0.16.5')!, [0, 16, 5], [0, 17]), true);
      assert.equal(overlaps(poetrySet('~4.40')!, [4, 41], undefined), false);
      assert.deepEqual([in4(poetrySet('4.46.1')), in5(poetrySet('4.46.1'))], [true, false]);
      assert.deepEqual([in4(poetrySet('^4.40 || ^5.1')), in5(poetrySet('^4.40 || ^5.1'))], [true, true]);
      assert.deepEqual([in4(poetrySet('>=4.40 <5')), in5(poetrySet('>=4.40 <5'))], [true, false]);
    });
    it('conda: one = is a prefix, a build string is ignored', () => {
      assert.equal(overlaps(condaSet('=4.46')!, [4, 46, 9], [4, 46, 10]), true);
      assert.equal(overlaps(condaSet('=4.46')!, [4, 47], undefined), false);
      assert.equal(overlaps(condaSet('=4.46.1=pyhd8ed1ab_0')!, [4, 46, 2], undefined), false);
      assert.equal(overlaps(condaSet(' 4.46.*')!, [4, 47], undefined), false);
      assert.equal(overlaps(condaSet('>=4.40,<5')!, [5], undefined), false);
    });
    it('the DeepSpeed releases the pins tell apart are those where deepSpeedRelease changes', () => {
      for (const change of DEEPSPEED_CHANGES) {
        const before = [...change.slice(0, -1), change[change.length - 1] - 1].join('.');
        assert.notDeepEqual(deepSpeedRelease(before), deepSpeedRelease(change.join('.')), `${change.join('.')} changes something`);
      }
    });
  });

  describe('each pin file format', () => {
    it('requirements.txt: comments, markers, extras, continuations and option lines', () => {
      const r = pins({ '/repo/requirements.txt': '-r base.txt\n--index-url https://x\n# transformers==5.1\ntorch>=2 # ok\nTransformers[torch] == 4.46.1 ; python_version >= "3.9"\nDeepSpeed==0.16.5\n' });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.origins.transformers, 'Transformers[torch] == 4.46.1 ; python_version >= "3.9" in requirements.txt');
      assert.equal(r.versions.deepspeed, '0.16.5', 'names compare case-insensitively (PEP 503)');
      assert.deepEqual(r.read, ['/repo/requirements.txt']);
    });
    it('requirements-*.txt and a requirements/ folder', () => {
      assert.equal(pins({ '/repo/exp/requirements-train.txt': 'transformers>=5.2' }).versions.transformers, '5');
      assert.equal(pins({ '/repo/requirements/train.txt': 'ultralytics==8.3.40' }).versions.ultralytics, '8.3');
    });
    it('a git URL pins the version of its tag, another URL nothing', () => {
      assert.equal(pins({ '/repo/requirements.txt': 'transformers @ git+https://github.com/huggingface/transformers@v4.46.1' }).versions.transformers, '4');
      const r = pins({ '/repo/requirements.txt': 'transformers @ git+https://github.com/huggingface/transformers' });
      assert.equal(r.versions.transformers, undefined);
      assert.match(r.origins.transformers!, /no version LR Lens can read/);
    });
    it('pyproject.toml: [project] dependencies and optional-dependencies, Poetry tables and groups', () => {
      assert.equal(pins({ '/repo/pyproject.toml': '[project]\nname = "x"\ndependencies = ["transformers>=4.40,<5"]\n' }).versions.transformers, '4');
      assert.equal(pins({ '/repo/pyproject.toml': '[project.optional-dependencies]\ntrain = ["transformers~=5.3"]\n' }).versions.transformers, '5');
      assert.equal(pins({ '/repo/pyproject.toml': '[tool.poetry.dependencies]\npython = "^3.10"\ntransformers = "^4.40"\n' }).versions.transformers, '4');
      assert.equal(pins({ '/repo/pyproject.toml': '[tool.poetry.dependencies]\ntransformers = { version = "^5.2", extras = ["torch"] }\n' }).versions.transformers, '5');
      assert.equal(pins({ '/repo/pyproject.toml': '[tool.poetry.group.train.dependencies]\nultralytics = "8.4.120"\n' }).versions.ultralytics, 'main');
      assert.equal(pins({ '/repo/pyproject.toml': '[dependency-groups]\ntrain = ["deepspeed==0.14.4"]\n' }).versions.deepspeed, '0.14.4');
    });
    it('setup.cfg: [options] install_requires and extras, not other sections', () => {
      const cfg = '[isort]\nknown_third_party =\n    transformers==5.3\n[options]\ninstall_requires =\n    torch\n    transformers==4.44.2\n[options.extras_require]\nds =\n    deepspeed==0.17.5\n';
      const r = pins({ '/repo/setup.cfg': cfg });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.versions.deepspeed, '0.17.5');
    });
    it('setup.py: the string literals of install_requires=[…], never run', () => {
      const py = 'import os\nos.system("rm -rf /")\nREQ = ["transformers==5.9"]\nsetup(\n  install_requires=[\n    "torch",  # ] not the end\n    \'transformers>=4.30,<4.50\',\n    f"transformers=={V}",\n    deps["transformers"],\n    pick("transformers==5.9"),\n    REQ[0],\n  ],\n)\n';
      const r = pins({ '/repo/setup.py': py });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.origins.transformers, 'transformers>=4.30,<4.50 in setup.py', 'not the f-string, the subscript or the call\'s argument');
      assert.deepEqual(pins({ '/repo/setup.py': 'setup(install_requires=deps_list("transformers"))' }).origins, {});
    });
    it('environment.yml: conda specs and the pip: list', () => {
      assert.equal(pins({ '/repo/environment.yml': 'name: x\ndependencies:\n  - python=3.10\n  - conda-forge::transformers=4.46\n' }).versions.transformers, '4');
      assert.equal(pins({ '/repo/environment.yaml': 'dependencies:\n  - pip\n  - pip:\n    - transformers==5.3.0\n    - ultralytics>=8.2,<8.4\n' }).versions.ultralytics, '8.3');
    });
    it('Pipfile: [packages] and [dev-packages]', () => {
      const r = pins({ '/repo/Pipfile': '[packages]\ntransformers = "==4.46.1"\ntorch = "*"\n[dev-packages]\ndeepspeed = {version = ">=0.17.2,<0.19"}\n' });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.versions.deepspeed, '0.17.2', 'every release in [0.17.2, 0.19) behaves as 0.17.2');
    });
  });

  describe('which pin counts', () => {
    it('the nearest directory that names the framework wins, each framework on its own', () => {
      const r = pins({
        '/repo/requirements.txt': 'transformers==5.3.0\ndeepspeed==0.14.0\n',
        '/repo/exp/requirements.txt': 'transformers==4.46.1\n',
      });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.origins.transformers, 'transformers==4.46.1 in exp/requirements.txt');
      assert.equal(r.versions.deepspeed, '0.14.0', 'exp/ does not name deepspeed: the root\'s pin holds');
    });
    it('a nearer pin that decides nothing still hides a parent\'s (that is another project\'s)', () => {
      const r = pins({ '/repo/requirements.txt': 'transformers==5.3.0', '/repo/exp/requirements.txt': 'transformers>=4.40' });
      assert.equal(r.versions.transformers, undefined);
      assert.equal(r.origins.transformers, 'transformers>=4.40 in exp/requirements.txt allows transformers 4 and 5');
    });
    it('the pins of one directory hold together (intersected)', () => {
      const r = pins({ '/repo/pyproject.toml': '[project]\ndependencies = ["transformers>=4.40"]\n', '/repo/requirements.txt': 'transformers<5\n' });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.origins.transformers, 'transformers>=4.40 in pyproject.toml, transformers<5 in requirements.txt');
    });
    it('files of one directory that no version satisfies together are alternatives (united)', () => {
      const r = pins({ '/repo/requirements-a.txt': 'transformers==4.51.3', '/repo/requirements-b.txt': 'transformers~=5.3.0' });
      assert.equal(r.versions.transformers, undefined);
      assert.match(r.origins.transformers!, /allows transformers 4 and 5/);
    });
    it('never above the workspace root, nor for a file outside it', () => {
      assert.deepEqual(pins({ '/requirements.txt': 'transformers==4.46.1' }, { root: '/repo' }).origins, {});
      assert.deepEqual(pins({ '/repo/requirements.txt': 'transformers==4.46.1' }, { root: '/repo/exp' }).origins, {});
      const outside = pins({ '/repo/requirements.txt': 'transformers==4.46.1' }, { config: '/elsewhere/train.yaml' });
      assert.deepEqual(outside.origins, {});
      assert.deepEqual(outside.memory.lists, []);
    });
    it('Windows paths as the CLI gives them (C:/…)', () => {
      const r = pins({ 'C:/repo/requirements.txt': 'transformers==4.46.1', 'C:/requirements.txt': 'deepspeed==0.14.0' }, { root: 'C:/repo', config: 'C:/repo/exp/train.yaml' });
      assert.equal(r.versions.transformers, '4');
      assert.equal(r.versions.deepspeed, undefined, 'C:/ is above the root');
      assert.deepEqual(r.read, ['C:/repo/requirements.txt']);
    });
    it('the root itself is read', () => {
      assert.equal(pins({ '/requirements.txt': 'transformers==4.46.1' }, { root: '/', config: '/a/b.yaml' }).versions.transformers, '4');
    });
    it('ranges that decide nothing say so', () => {
      const undecided = (text: string) => pins({ '/repo/requirements.txt': text }).origins;
      assert.match(undecided('transformers>=4.40').transformers!, /allows transformers 4 and 5/);
      assert.match(undecided('transformers').transformers!, /names no version/);
      assert.match(undecided('transformers>=5,<4').transformers!, /allows no version/);
      assert.match(undecided('transformers==5.1.0').transformers!, /is transformers 5\.0–5\.1, which reads a float `warmup_steps` as a ratio and still takes `warmup_ratio`/);
      assert.equal(pins({ '/repo/requirements.txt': 'transformers>=5.0' }).versions.transformers, '5', 'pip installs the newest 5');
      assert.match(undecided('ultralytics>=8.0').ultralytics!, /more than one Ultralytics trainer/);
      assert.match(undecided('ultralytics==8.4.50').ultralytics!, /8\.4\.0–8\.4\.102/);
      assert.match(undecided('deepspeed>=0.16,<0.18').deepspeed!, /before and after 0\.17\.2/);
      assert.equal(pins({ '/repo/requirements.txt': 'transformers>=4.40' }).versions.transformers, undefined);
    });
    it('pending listings and reads say pending, and the rest is still read', () => {
      const r = pins({ '/repo/exp/run/requirements.txt': 'pending', '/repo/requirements.txt': 'transformers==4.46.1' }, { pendingDirs: ['/repo/exp'] });
      assert.equal(r.pending, true);
      assert.equal(r.versions.transformers, '4');
    });
    it('no workspace: nothing read', () => {
      assert.deepEqual(pinnedVersions(undefined), { versions: {}, origins: {}, read: [], pending: false });
    });
  });

  describe('hostile pin files', () => {
    it('`__proto__`, `constructor` and other Object.prototype names as packages', () => {
      const r = pins({
        '/repo/requirements.txt': '__proto__==4.46.1\nconstructor==1.0\ntoString>=2\nhasOwnProperty\n',
        '/repo/pyproject.toml': '[tool.poetry.dependencies]\n__proto__ = "^4"\nconstructor = "1"\n[project]\ndependencies = ["__proto__==1"]\n',
        '/repo/Pipfile': '[packages]\n__proto__ = "==1"\nconstructor = {version = "==2"}\n',
        '/repo/environment.yml': 'dependencies:\n  - __proto__=1\n  - pip:\n    - constructor==2\n__proto__: {dependencies: [transformers=5]}\n',
      });
      assert.deepEqual(r.versions, {});
      assert.deepEqual(r.origins, {});
      assert.equal(Object.getPrototypeOf(r.versions), Object.prototype);
    });
    it('huge, binary and malformed files neither throw nor hang', () => {
      const long = 'transformers' + '>=4.1,'.repeat(30_000) + '<5\n';
      const many = 'a==1\n'.repeat(40_000) + 'transformers==4.46.1\n';
      const notEqual = 'transformers' + Array.from({ length: 5_000 }, (_, i) => `!=4.${i}`).join(',') + '\n';
      const cases: Record<string, string>[] = [
        { '/repo/requirements.txt': long },
        { '/repo/requirements.txt': many },
        { '/repo/requirements.txt': notEqual },
        { '/repo/requirements.txt': 'transformers==' + '9'.repeat(5_000) + '\n' },
        { '/repo/requirements.txt': 'transformers==4.' + '1.'.repeat(30_000) + '1\n' },
        { '/repo/requirements.txt': '\u0000\u0001\uffff'.repeat(10_000) },
        { '/repo/pyproject.toml': '[project]\ndependencies = ' + '['.repeat(10_000) },
        { '/repo/pyproject.toml': 'a = ' + '{ b = '.repeat(2_000) + '1' + ' }'.repeat(2_000) },
        { '/repo/pyproject.toml': '[project]\ndependencies = ["transformers' + '[x'.repeat(20_000) + '"]' },
        { '/repo/setup.py': 'install_requires=[' + '"'.repeat(100_000) },
        { '/repo/setup.py': 'install_requires=['.repeat(10_000) },
        { '/repo/setup.py': 'install_requires=["' + '\\'.repeat(100_001) },
        { '/repo/setup.cfg': '[options]\ninstall_requires =\n' + '    transformers>=4\n'.repeat(10_000) },
        { '/repo/environment.yml': 'a: &a [' + '*a,'.repeat(20_000) + ']\ndependencies: *a\n' },
        { '/repo/environment.yml': 'dependencies: ' + '['.repeat(5_000) },
        { '/repo/Pipfile': '[packages]\n' + 'x = "'.repeat(10_000) },
      ];
      for (const files of cases) {
        const r = pins(files);
        assert.equal(typeof r.pending, 'boolean');
        for (const origin of Object.values(r.origins)) assert.ok(origin!.length < 2_000, 'an origin stays short');
      }
      assert.equal(pins({ '/repo/requirements.txt': many }).versions.transformers, undefined, 'past MAX_REQUIREMENTS lines are not read');
    });
    it('a file over the size limit is listed as read but not parsed', () => {
      const r = pins({ '/repo/requirements.txt': 'transformers==4.46.1\n' + '#'.repeat(300 * 1024) });
      assert.deepEqual(r.read, ['/repo/requirements.txt']);
      assert.equal(r.versions.transformers, undefined);
    });
    it('reads at most MAX_PIN_FILES files however many there are', () => {
      const files: Record<string, string> = {};
      for (let d = 0; d < 40; d++) {
        const dir = `/repo/${Array.from({ length: d }, () => 'd').join('/')}`.replace(/\/$/, '');
        for (let i = 0; i < 30; i++) files[`${dir}/requirements-${i}.txt`] = 'numpy\n';
      }
      const deep = `/repo/${Array.from({ length: 39 }, () => 'd').join('/')}/train.yaml`;
      const r = pins(files, { config: deep });
      assert.ok(r.memory.reads.length <= MAX_PIN_FILES, `${r.memory.reads.length} reads`);
      assert.ok(r.read.length <= MAX_PIN_FILES);
    });
  });
});
