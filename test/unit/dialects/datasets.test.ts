import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Assumption } from '../../../src/core/schedule';
import { type InferredFact, inferFacts } from '../../../src/dialects/datasets';
import type { InputFacts } from '../../../src/dialects/types';
import { parseDocument } from '../../../src/formats/parse';
import type { ConfigNode } from '../../../src/formats/tree';
import { analyze } from '../../../src/service/analyze';

/**
 * Inferred training-set sizes (issue 12 §2). Configs written for these tests (test/fixtures/dataset-keys/README.md)
 * use the keys each framework reads its training data from, laid out as the framework's own files are, and the
 * sizes are the ones src/dialects/datasets/table.ts cites (ILSVRC2012, the GLUE dataset card, PASCAL VOC,
 * Ultralytics' own dataset files, …). Lookalikes and hostile names infer nothing.
 */

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dataset-keys');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function rootOf(text: string, language: 'yaml' | 'json' = 'yaml'): ConfigNode {
  const root = parseDocument(text, language).roots[0];
  assert.ok(root, 'the text parses');
  return root;
}

function infer(dialect: string, text: string, language: 'yaml' | 'json' = 'yaml'): InferredFact[] {
  return inferFacts(dialect, rootOf(text, language), 'config.' + language);
}

/** The one inferred size, and the user text its range points at. */
function size(dialect: string, text: string): { value: number; origin: string; at: string } {
  const facts = infer(dialect, text);
  assert.equal(facts.length, 1, `one fact inferred, got ${JSON.stringify(facts)}`);
  assert.equal(facts[0].fact, 'dataset_size');
  return { value: facts[0].value, origin: facts[0].origin, at: text.slice(facts[0].range.start, facts[0].range.end) };
}

describe('inferred dataset sizes (issue 12 §2)', () => {
  describe('timm: dataset, data_dir, train_split', () => {
    it('an ImageFolder at an ImageNet root is ImageNet-1k train: 1,281,167 images (ILSVRC2012)', () => {
      const found = size('timm', fixture('timm-args-imagenet.yaml'));
      assert.equal(found.value, 1_281_167);
      assert.equal(found.at, '/data/imagenet');
      assert.equal(found.origin, 'ImageNet-1k train (1,281,167 images, ILSVRC2012, Russakovsky et al. 2015), from `data_dir: /data/imagenet`');
    });

    it('the positional `data` stands in for data_dir (train.py: args.data_dir = args.data), and the train folder itself, the Kaggle layout', () => {
      assert.equal(size('timm', 'dataset: ""\ndata_dir: null\ndata: /mnt/ILSVRC2012\n').value, 1_281_167);
      assert.equal(size('timm', 'data_dir: /datasets/imagenet/train\n').value, 1_281_167);
      assert.equal(size('timm', 'data_dir: D:\\data\\ILSVRC\\Data\\CLS-LOC\n').value, 1_281_167);
    });

    it('torchvision datasets: torch/cifar10 and torch/cifar100 50,000, torch/mnist 60,000 (train split only)', () => {
      assert.equal(size('timm', 'dataset: torch/cifar10\ndata_dir: ./data\n').value, 50_000);
      assert.equal(size('timm', 'dataset: torch/CIFAR100\ntrain_split: training\n').value, 50_000);
      assert.equal(size('timm', 'dataset: torch/mnist\n').value, 60_000);
      // split not in _TRAIN_SYNONYM: the 10,000-image test set, which the table does not list
      assert.deepEqual(infer('timm', 'dataset: torch/cifar10\ntrain_split: validation\n'), []);
      assert.equal(size('timm', 'dataset: hfds/imagenet-1k\n').value, 1_281_167);
    });

    it('no match on lookalikes: a subset folder, an LMDB copy with its own length key, another split, a streamed reader', () => {
      assert.deepEqual(infer('timm', 'data_dir: /data/imagenet-100\n'), []);
      assert.deepEqual(infer('timm', 'data_dir: /data/my_imagenet_subset\n'), []);
      const lmdb = fixture('timm-imagenet-lmdb.yaml');
      assert.deepEqual(infer('timm', lmdb), []);
      // control: the same file at a plain ImageNet folder matches, so only the folder name kept it out
      assert.equal(size('timm', lmdb.replace('imagenet_lmdb', 'imagenet')).value, 1_281_167);
      assert.deepEqual(infer('timm', 'data_dir: /data/imagenet\ntrain_split: val\n'), []);
      assert.deepEqual(infer('timm', 'dataset: wds/imagenet-1k\ndata_dir: /data/imagenet\n'), []);
      assert.deepEqual(infer('timm', 'dataset: hfds/imagenet-1k\ntrain_split: "train[:10%]"\n'), []);
    });
  });

  describe('Ultralytics: data', () => {
    it('coco8.yaml: the 4 training images of Ultralytics coco8.yaml (a run\'s args.yaml)', () => {
      const found = size('ultralytics', fixture('ultralytics-args-coco8.yaml'));
      assert.equal(found.value, 4);
      assert.equal(found.at, 'coco8.yaml');
    });

    it('Ultralytics\' own dataset files by name or by their path in the installed package; classification names', () => {
      assert.equal(size('ultralytics', 'data: coco.yaml\n').value, 118_287);
      assert.equal(size('ultralytics', 'data: coco128.yaml\n').value, 128);
      assert.equal(size('ultralytics', 'data: VOC.yaml\n').value, 16_551);
      assert.equal(size('ultralytics', 'task: segment\ndata: coco128-seg.yaml\n').value, 128);
      assert.equal(size('ultralytics', 'task: pose\ndata: coco8-pose.yaml\n').value, 4);
      assert.equal(size('ultralytics', 'data: /usr/local/lib/python3.11/site-packages/ultralytics/cfg/datasets/coco.yaml\n').value, 118_287);
      assert.equal(size('ultralytics', 'task: classify\ndata: imagenet\n').value, 1_281_167);
      assert.equal(size('ultralytics', 'task: classify\ndata: cifar10\n').value, 50_000);
    });

    it('fraction keeps round(fraction × images) images, rounded as Python does (a tie to the even neighbour)', () => {
      // 118287 × 0.5 = 59143.5 → 59144 (even); 128 × 0.3 = 38.4 → 38; 4 × 0.625 = 2.5 → 2 (Math.round gives 3)
      assert.equal(size('ultralytics', 'data: coco.yaml\nfraction: 0.5\n').value, 59_144);
      assert.equal(size('ultralytics', 'data: coco128.yaml\nfraction: 0.3\n').value, 38);
      const tie = size('ultralytics', 'data: coco8.yaml\nfraction: 0.625\n');
      assert.equal(tie.value, 2);
      assert.match(tie.origin, /\(2 of 4 images, /);
      assert.match(tie.origin, /`fraction: 0\.625`/);
    });

    it('no match on a project\'s own dataset file, even one named like Ultralytics\' (run dumps)', () => {
      const own = fixture('ultralytics-args-own-data.yaml');
      assert.deepEqual(infer('ultralytics', own), []);
      // VisDrone.yaml from the installed package: a real dataset, but the table has no citable count for it
      const visdrone = fixture('ultralytics-args-package-visdrone.yaml');
      assert.deepEqual(infer('ultralytics', visdrone), []);
      // controls: the same dumps naming a dataset file the table knows do match
      assert.equal(size('ultralytics', own.replace('data: data.yaml', 'data: coco8.yaml')).value, 4);
      assert.equal(size('ultralytics', visdrone.replace('VisDrone.yaml', 'coco.yaml')).value, 118_287);
      assert.deepEqual(infer('ultralytics', 'data: my_project/coco.yaml\n'), []);
      assert.deepEqual(infer('ultralytics', 'data: coco_subset.yaml\n'), []);
      assert.deepEqual(infer('ultralytics', 'data: voc.yaml\n'), []);
    });
  });

  describe('detectron2: DATASETS.TRAIN', () => {
    it('coco_2017_train: 117,266 images after FILTER_EMPTY_ANNOTATIONS (default) drops the 1,021 without annotations', () => {
      const found = size('detectron2', fixture('detectron2-coco-base.yaml'));
      assert.equal(found.value, 117_266);
      assert.equal(found.at, '("coco_2017_train",)');
      const all = size('detectron2', 'DATASETS:\n  TRAIN: ("coco_2017_train",)\nDATALOADER:\n  FILTER_EMPTY_ANNOTATIONS: False\n');
      assert.equal(all.value, 118_287);
    });

    it('VOC07+12: the two trainval splits summed, 5,011 + 11,540 = 16,551 (detectron2\'s PascalVOC-Detection config calls MAX_ITER 18000 at 16 images 17.4 epochs)', () => {
      const found = size('detectron2', fixture('detectron2-voc-07-12.yaml'));
      assert.equal(found.at, "('voc_2007_trainval', 'voc_2012_trainval')");
      assert.equal(found.value, 16_551);
      assert.match(found.origin, /^VOC2007 trainval \+ VOC2012 trainval \(5,011 \+ 11,540 = 16,551 images, PASCAL VOC\)/);
      assert.equal(Math.round(18000 * 16 / found.value * 10) / 10, 17.4);
    });

    it('Cityscapes semantic segmentation is the 2,975 fine train images (as PointRend\'s semantic configs train on); a YAML list of names is read too', () => {
      assert.equal(size('detectron2', fixture('detectron2-cityscapes-semantic.yaml')).value, 2_975);
      assert.equal(size('detectron2', 'DATASETS:\n  TRAIN: [ade20k_sem_seg_train]\n').value, 20_210);
    });

    it('no match when any name has no citable count (Cityscapes instances, a custom registration) or the tuple is malformed', () => {
      const instances = fixture('detectron2-cityscapes-instances.yaml');
      assert.deepEqual(infer('detectron2', instances), []);
      assert.equal(size('detectron2', instances.replace('instance_seg_train', 'sem_seg_train')).value, 2_975, 'control: the semantic split is known');
      assert.deepEqual(infer('detectron2', 'DATASETS:\n  TRAIN: ("coco_2017_train", "my_coco_train")\n'), []);
      assert.deepEqual(infer('detectron2', 'DATASETS:\n  TRAIN: ("coco_2017_train_custom",)\n'), []);
      assert.deepEqual(infer('detectron2', 'DATASETS:\n  TRAIN: ("coco_2017_train",,)\n'), []);
      assert.deepEqual(infer('detectron2', 'DATASETS:\n  TRAIN: ()\n'), []);
    });
  });

  describe('PaddleClas: DataLoader.Train.dataset', () => {
    it('the ILSVRC2012 layout of its docs (image_root ./dataset/ILSVRC2012/, train_list.txt) is ImageNet-1k train', () => {
      const found = size('paddleclas', fixture('paddleclas-imagenet.yaml'));
      assert.equal(found.value, 1_281_167);
      assert.equal(found.at, './dataset/ILSVRC2012/train_list.txt');
    });

    it('no match on another list, another root, or a semi-supervised CIFAR-10 dataset (a FixMatch-style labelled subset)', () => {
      const resnet = fixture('paddleclas-imagenet.yaml');
      assert.deepEqual(infer('paddleclas', resnet.replace('./dataset/ILSVRC2012/train_list.txt', './dataset/ILSVRC2012/train_list_10percent.txt')), []);
      assert.deepEqual(infer('paddleclas', resnet.replace(/ILSVRC2012/g, 'CIFAR100')), []);
      assert.deepEqual(infer('paddleclas', fixture('paddleclas-cifar10-semi-supervised.yaml')), []);
    });
  });

  describe('Hugging Face: task_name, dataset_name, LLaMA-Factory dataset', () => {
    it('GLUE tasks from task_name (run_glue.py) or dataset_name + config: the nyu-mll/glue card\'s train splits', () => {
      const expected: [string, number][] = [['cola', 8_551], ['sst2', 67_349], ['mrpc', 3_668], ['qqp', 363_846], ['stsb', 5_749],
        ['mnli', 392_702], ['qnli', 104_743], ['rte', 2_490], ['wnli', 635]];
      for (const [task, n] of expected) assert.equal(size('huggingface', `task_name: ${task}\nlearning_rate: 2.0e-5\n`).value, n, task);
      assert.equal(size('huggingface', 'dataset_name: nyu-mll/glue\ndataset_config_name: rte\n').value, 2_490);
      // run_glue.py loads nyu-mll/glue with task_name whenever it is set
      assert.equal(size('huggingface', 'task_name: mrpc\ndataset_name: nyu-mll/glue\n').value, 3_668);
    });

    it('max_train_samples caps the train set (transformers examples)', () => {
      const found = size('huggingface', 'task_name: qqp\nmax_train_samples: 1000\n');
      assert.equal(found.value, 1_000);
      assert.match(found.origin, /\(1,000 of 363,846 examples, /);
      assert.equal(size('huggingface', 'task_name: wnli\nmax_train_samples: 1000\n').value, 635);
    });

    it('hub ids: SQuAD v1.1 87,599 / v2 130,319, UltraChat 200k train_sft 207,865 (TRL dataset_train_split)', () => {
      assert.equal(size('huggingface', 'dataset_name: rajpurkar/squad\n').value, 87_599);
      assert.equal(size('huggingface', 'dataset_name: squad_v2\n').value, 130_319);
      assert.equal(size('huggingface', 'dataset_name: svhn\ndataset_config_name: cropped_digits\n').value, 73_257);
      assert.deepEqual(infer('huggingface', 'dataset_name: svhn\ndataset_config_name: full_numbers\n'), []);
      assert.equal(size('huggingface', 'dataset_name: HuggingFaceH4/ultrachat_200k\ndataset_train_split: train_sft\n').value, 207_865);
      // ultrachat_200k has no "train" split: the default split name matches nothing
      assert.deepEqual(infer('huggingface', 'dataset_name: HuggingFaceH4/ultrachat_200k\n'), []);
    });

    it('LLaMA-Factory demo data: identity + alpaca_en_demo = 91 + 999 examples (a LoRA SFT recipe), dpo_en_demo and kto_en_demo 300', () => {
      const sft = size('huggingface', fixture('llamafactory-sft.yaml'));
      assert.equal(sft.value, 1_090);
      assert.equal(sft.at, 'identity,alpaca_en_demo');
      assert.match(sft.origin, /^identity train \+ alpaca_en_demo train \(91 \+ 999 = 1,090 examples, LLaMA-Factory data\/ at ff6d4d1\), from `dataset: identity,alpaca_en_demo`$/);
      assert.equal(size('huggingface', fixture('llamafactory-sft-multimodal.yaml')).value, 6 + 91 + 999);
      assert.equal(size('huggingface', fixture('llamafactory-dpo.yaml')).value, 300);
      assert.equal(size('huggingface', fixture('llamafactory-kto.yaml')).value, 300);
      // max_samples keeps the first N of each dataset (data/loader.py)
      assert.equal(size('huggingface', 'stage: sft\ndataset: identity, alpaca_en_demo\nmax_samples: 100\n').value, 191);
    });

    it('alignment-handbook mixtures: ultrachat_200k train_sft + test_sft (as its zephyr-7b-beta SFT recipe mixes them) less the 1,000 held out', () => {
      // src/alignment/data.py get_dataset: concatenate, then train_test_split(test_size=1000)
      const zephyr = size('huggingface', fixture('handbook-ultrachat-mixture.yaml'));
      assert.equal(zephyr.value, 207_865 + 23_110 - 1_000);
      assert.equal(zephyr.origin, 'UltraChat 200k train_sft + UltraChat 200k test_sft (207,865 + 23,110 − 1,000 held out = 229,975 examples, ' +
        'HuggingFaceH4/ultrachat_200k), from `dataset_mixture: HuggingFaceH4/ultrachat_200k train_sft, HuggingFaceH4/ultrachat_200k test_sft`, `test_split_size: 1000`');
      // weight: int(len × weight); a float test_split_size holds out ceil(fraction × n)
      const mixture = (weight: string, test: string) => `dataset_mixture:\n  datasets:\n    - id: HuggingFaceH4/ultrachat_200k\n      config: default\n` +
        `      split: train_sft\n      weight: ${weight}\n  test_split_size: ${test}\n`;
      assert.equal(size('huggingface', mixture('0.5', '0.1')).value, 103_932 - Math.ceil(0.1 * 103_932));
      assert.equal(size('huggingface', mixture('1.0', '500')).value, 207_365);
      // the older dataset_mixer with dataset_splits: the one train split, int(fraction × len)
      assert.equal(size('huggingface', 'dataset_mixer:\n  HuggingFaceH4/ultrachat_200k: 1.0\ndataset_splits:\n- train_sft\n- test_sft\n').value, 207_865);
      // a mixture with a dataset we do not know (cai-conversation-harmless) infers nothing
      const unknownMix = fixture('handbook-unknown-in-mixture.yaml');
      assert.deepEqual(infer('huggingface', unknownMix), []);
      // control: with the unknown dataset swapped for a known one, the same recipe matches
      assert.equal(size('huggingface', unknownMix.replace('HuggingFaceH4/cai-conversation-harmless', 'HuggingFaceH4/ultrachat_200k')).value, 229_975);
      assert.deepEqual(infer('huggingface', mixture('1.0', '300000')), []);
    });

    it('no match: pre-training (packs text into blocks), a mix with the user\'s own data, a validation split, packing, streaming, mixtures', () => {
      const pretrain = fixture('llamafactory-pretrain.yaml');
      assert.deepEqual(infer('huggingface', pretrain), []);
      assert.equal(size('huggingface', pretrain.replace('stage: pt', 'stage: sft').replace('c4_demo', 'identity')).value, 91, 'control: an SFT stage on demo data matches');
      assert.deepEqual(infer('huggingface', 'dataset: identity,my_company_chats\n'), []);
      assert.deepEqual(infer('huggingface', 'dataset: alpaca_en_demo\nval_size: 0.1\n'), []);
      assert.deepEqual(infer('huggingface', 'dataset: alpaca_en_demo\npacking: true\n'), []);
      assert.deepEqual(infer('huggingface', 'dataset: alpaca_en_demo\ndataset_dir: /mnt/my_data\n'), []);
      assert.deepEqual(infer('huggingface', 'stage: dpo\ndataset: alpaca_en_demo\n'), []);
      assert.deepEqual(infer('huggingface', 'dataset_name: rajpurkar/squad\nstreaming: true\n'), []);
      const smol = fixture('trl-unknown-hub-dataset.yaml');
      assert.deepEqual(infer('huggingface', smol), []);
      assert.equal(size('huggingface', smol.replace('HuggingFaceTB/smoltalk', 'HuggingFaceH4/ultrachat_200k').replace('dataset_config: all', 'dataset_config: default')
        .replace('dataset_train_split: train', 'dataset_train_split: train_sft')).value, 207_865, 'control: a known hub split matches');
      assert.deepEqual(infer('huggingface', 'dataset_name: my-org/squad-cleaned\n'), []);
      assert.deepEqual(infer('huggingface', 'dataset_name: glue\ndataset_config_name: mrpc_extra\n'), []);
      assert.deepEqual(infer('huggingface', 'task_name: ner\ndataset_name: conll2003\n'), []);
    });
  });

  describe('mmengine: train_dataloader.dataset', () => {
    // the keys of mmdet configs/_base_/datasets/coco_detection.py and mmpretrain configs/_base_/datasets/imagenet_bs32.py
    const coco = (filter: string) => `train_dataloader:\n  batch_size: 2\n  dataset:\n    type: CocoDataset\n    data_root: data/coco/\n` +
      `    ann_file: annotations/instances_train2017.json\n    data_prefix:\n      img: train2017/\n${filter}`;

    it('CocoDataset on instances_train2017.json: every image without filter_cfg, the 117,266 with annotations with filter_empty_gt', () => {
      assert.equal(size('mmengine', coco('')).value, 118_287);
      assert.equal(size('mmengine', coco('    filter_cfg:\n      filter_empty_gt: true\n')).value, 117_266);
      // min_size drops images by size too: a count we cannot cite
      assert.deepEqual(infer('mmengine', coco('    filter_cfg:\n      filter_empty_gt: true\n      min_size: 32\n')), []);
    });

    it('mmpretrain ImageNet (split train) and CIFAR10; not a val split, a test_mode dataset or a wrapped one', () => {
      assert.equal(size('mmengine', 'train_dataloader:\n  dataset:\n    type: ImageNet\n    data_root: data/imagenet\n    split: train\n').value, 1_281_167);
      assert.equal(size('mmengine', 'train_dataloader:\n  dataset:\n    type: CIFAR10\n    data_root: data/cifar10\n').value, 50_000);
      assert.deepEqual(infer('mmengine', 'train_dataloader:\n  dataset:\n    type: ImageNet\n    data_root: data/imagenet\n    split: val\n'), []);
      assert.deepEqual(infer('mmengine', 'train_dataloader:\n  dataset:\n    type: CIFAR10\n    test_mode: true\n'), []);
      assert.deepEqual(infer('mmengine', 'train_dataloader:\n  dataset:\n    type: RepeatDataset\n    times: 3\n    dataset:\n      type: CIFAR10\n'), []);
      assert.deepEqual(infer('mmengine', coco('').replace('data/coco/', 'data/my_coco_subset/')), []);
    });
  });

  describe('hostile names reach no prototype', () => {
    it('__proto__, constructor, toString and friends as dataset names infer nothing and throw nothing', () => {
      const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
      for (const name of names) {
        assert.deepEqual(infer('ultralytics', `data: ${name}\n`), [], name);
        assert.deepEqual(infer('timm', `dataset: torch/${name}\n`), [], name);
        assert.deepEqual(infer('timm', `dataset: hfds/${name}\n`), [], name);
        assert.deepEqual(infer('huggingface', `task_name: ${name}\n`), [], name);
        assert.deepEqual(infer('huggingface', `dataset_name: ${name}\ndataset_train_split: ${name}\n`), [], name);
        assert.deepEqual(infer('huggingface', `dataset_name: squad\ndataset_train_split: ${name}\n`), [], name);
        assert.deepEqual(infer('huggingface', `dataset: ${name},identity\nstage: ${name}\n`), [], name);
        assert.deepEqual(infer('huggingface', `dataset: identity\nstage: ${name}\n`), [], name);
        assert.deepEqual(infer('detectron2', `DATASETS:\n  TRAIN: ("${name}",)\n`), [], name);
        assert.deepEqual(infer('mmengine', `train_dataloader:\n  dataset:\n    type: ${name}\n`), [], name);
        assert.deepEqual(infer(name, 'data: coco.yaml\n'), [], name);
      }
      // as keys: JSON.parse would make `__proto__` an own key; the tree keeps it as an entry like any other
      assert.deepEqual(infer('ultralytics', '{"__proto__": {"data": "coco.yaml"}, "constructor": "coco.yaml"}', 'json'), []);
      assert.deepEqual(infer('huggingface', '{"__proto__": "squad", "dataset_name": "constructor"}', 'json'), []);
    });

    it('a long user value is quoted clipped in the origin; a value longer than any name is not looked at', () => {
      const long = '/' + 'very-long-folder/'.repeat(20) + 'imagenet';
      const found = size('timm', `data_dir: ${long}\n`);
      assert.equal(found.value, 1_281_167);
      assert.ok(found.origin.length < 300, `origin kept short: ${found.origin.length} characters`);
      assert.match(found.origin, /… \(349 characters\)`$/);
      assert.deepEqual(infer('timm', `data_dir: /${'x/'.repeat(3000)}imagenet\n`), []);
      assert.deepEqual(infer('huggingface', `dataset: ${'identity,'.repeat(40)}identity\n`), []);
    });

    it('roots that are not mappings infer nothing', () => {
      assert.deepEqual(infer('timm', '- data_dir: /data/imagenet\n'), []);
      assert.deepEqual(infer('ultralytics', '"coco.yaml"\n'), []);
    });
  });

  describe('analyze(): the inferred size gives the updates per epoch, shown as an inferred assumption, and anything stated overrides it', () => {
    const timm = fixture('timm-args-imagenet.yaml');

    function analyzeTimm(text: string, options: Parameters<typeof analyze>[3] = {}) {
      const analysis = analyze(text, 'args.yaml', 'yaml', options);
      assert.deepEqual(analysis.dialects, ['timm']);
      assert.deepEqual(analysis.diagnostics.filter(d => d.severity === 'error').map(d => d.message), []);
      assert.equal(analysis.schedules.length, 1);
      return analysis.schedules[0].schedule;
    }

    function datasetAssumption(assumptions: readonly Assumption[]): Assumption | undefined {
      return assumptions.find(a => a.fact === 'dataset_size');
    }

    it('timm args.yaml with data_dir /data/imagenet, batch_size 128, epochs 40: floor(1,281,167 / 128) = 10,009 updates per epoch', () => {
      // timm/data/loader.py: drop_last=is_training; train.py: updates_per_epoch = ceil(len(loader) / grad_accum_steps (1))
      const schedule = analyzeTimm(timm);
      assert.equal(schedule.stepsPerEpoch, 10_009);
      assert.equal(schedule.totalUpdates, 40 * 10_009);
      assert.ok(!schedule.updatesPerEpochUnknown);
      const assumed = datasetAssumption(schedule.assumptions);
      assert.ok(assumed, `a dataset_size assumption among ${JSON.stringify(schedule.assumptions)}`);
      assert.equal(assumed.value, 1_281_167);
      assert.equal(assumed.source, 'inferred');
      assert.equal(assumed.origin, 'ImageNet-1k train (1,281,167 images, ILSVRC2012, Russakovsky et al. 2015), from `data_dir: /data/imagenet`');
    });

    it('a `# lr-lens: dataset_size=N` directive, a setting or a flag overrides the inferred size', () => {
      const directive = analyzeTimm(`# lr-lens: dataset_size=12800\n${timm}`);
      assert.equal(directive.stepsPerEpoch, 100);
      assert.equal(datasetAssumption(directive.assumptions)?.source, 'directive');
      assert.equal(datasetAssumption(directive.assumptions)?.origin, undefined);

      const setting = analyzeTimm(timm, { settings: { dataset_size: 25_600 } satisfies InputFacts });
      assert.equal(setting.stepsPerEpoch, 200);
      assert.equal(datasetAssumption(setting.assumptions)?.source, 'setting');

      const flag = analyzeTimm(timm, { overrides: { dataset_size: 1_280 }, overrideSource: 'flag' });
      assert.equal(flag.stepsPerEpoch, 10);
      assert.equal(datasetAssumption(flag.assumptions)?.source, 'flag');
    });

    it('without a known dataset the updates per epoch stay unknown (nothing inferred from the LMDB lookalike)', () => {
      const schedule = analyzeTimm(timm.replace('data_dir: /data/imagenet', 'data_dir: /datasets/imagenet_lmdb'));
      assert.equal(schedule.updatesPerEpochUnknown, true);
      assert.equal(datasetAssumption(schedule.assumptions), undefined);
    });

    it('Ultralytics coco8.yaml and LLaMA-Factory\'s demo recipe: the assumption says where the size came from', () => {
      const ul = analyze(fixture('ultralytics-args-coco8.yaml'), 'args.yaml', 'yaml');
      assert.deepEqual(ul.dialects, ['ultralytics']);
      const ulAssumed = datasetAssumption(ul.schedules[0].schedule.assumptions);
      assert.equal(ulAssumed?.value, 4);
      assert.equal(ulAssumed?.source, 'inferred');
      assert.match(ulAssumed?.origin ?? '', /^COCO8 train \(4 images, Ultralytics coco8\.yaml\), from `data: coco8\.yaml`$/);

      const lf = analyze(fixture('llamafactory-sft.yaml'), 'lora_sft.yaml', 'yaml');
      assert.deepEqual(lf.dialects, ['huggingface']);
      const lfAssumed = datasetAssumption(lf.schedules[0].schedule.assumptions);
      assert.equal(lfAssumed?.value, 1_090);
      assert.equal(lfAssumed?.source, 'inferred');
      assert.match(lfAssumed?.origin ?? '', /LLaMA-Factory data\/ at ff6d4d1/);
    });
  });
});
