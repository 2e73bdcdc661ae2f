/**
 * Training splits of well-known datasets and their sizes (issue 12 §2), each with the source it was checked
 * against. Only sizes a paper, the dataset's official page, its Hugging Face dataset card or the framework's own
 * dataset file states are listed: an inferred fact that is wrong misdraws a curve, so a dataset with no citable
 * count (LVIS v1, ImageNet-21k, …) is left out rather than guessed.
 *
 * Looked up by constant names only: config text reaches these entries through the per-framework Maps in the
 * matcher files, never as a key of this object.
 */
export interface KnownSplit {
  /** the dataset as users name it */
  dataset: string;
  split: string;
  size: number;
  /** what the loader counts: images (vision) or examples (text) */
  unit: 'images' | 'examples';
  /** short citation shown in the origin of the inferred fact */
  source: string;
}

const HF_GLUE = 'nyu-mll/glue dataset card';
const LLAMA_FACTORY_DATA = 'LLaMA-Factory data/ at ff6d4d1';

export const SPLITS = {
  // Russakovsky et al., "ImageNet Large Scale Visual Recognition Challenge", IJCV 2015 (ILSVRC2012 CLS-LOC);
  // the same count in PaddleClas docs/en/data_preparation/classification_dataset_en.md, Ultralytics
  // cfg/datasets/ImageNet.yaml ("train … 1281167 images") and the ILSVRC/imagenet-1k dataset card.
  imagenet1kTrain: { dataset: 'ImageNet-1k', split: 'train', size: 1_281_167, unit: 'images', source: 'ILSVRC2012, Russakovsky et al. 2015' },
  // https://www.cs.toronto.edu/~kriz/cifar.html: "There are 50000 training images and 10000 test images" (both)
  cifar10Train: { dataset: 'CIFAR-10', split: 'train', size: 50_000, unit: 'images', source: 'Krizhevsky 2009' },
  cifar100Train: { dataset: 'CIFAR-100', split: 'train', size: 50_000, unit: 'images', source: 'Krizhevsky 2009' },
  // http://yann.lecun.com/exdb/mnist/: "a training set of 60,000 examples, and a test set of 10,000 examples"
  mnistTrain: { dataset: 'MNIST', split: 'train', size: 60_000, unit: 'images', source: 'LeCun et al. 1998' },
  // github.com/zalandoresearch/fashion-mnist: "a training set of 60,000 examples and a test set of 10,000 examples"
  fashionMnistTrain: { dataset: 'Fashion-MNIST', split: 'train', size: 60_000, unit: 'images', source: 'Xiao et al. 2017' },
  // http://ufldl.stanford.edu/housenumbers/: "73257 digits for training, 26032 digits for testing"
  svhnTrain: { dataset: 'SVHN', split: 'train', size: 73_257, unit: 'images', source: 'Netzer et al. 2011' },
  // Bossard et al. 2014, "750 training images" per class × 101 classes; the food101 dataset card: train 75750
  food101Train: { dataset: 'Food-101', split: 'train', size: 75_750, unit: 'images', source: 'Bossard et al. 2014' },
  // The images of annotations/instances_train2017.json (cocodataset.org; Ultralytics cfg/datasets/coco.yaml:
  // "train2017.txt … 118287 images", its labels keep the 1,021 images without objects as backgrounds)
  coco2017Train: { dataset: 'COCO', split: 'train2017', size: 118_287, unit: 'images', source: 'instances_train2017.json' },
  // detectron2 (DATALOADER.FILTER_EMPTY_ANNOTATIONS, default True) logs "Removed 1021 images with no usable
  // annotations. 117266 images left." for coco_2017_train (facebookresearch/detectron2 issue #1134; the 1,021
  // images without annotations are listed in cocodataset/cocoapi issue #76)
  coco2017TrainAnnotated: { dataset: 'COCO', split: 'train2017 with annotations', size: 117_266, unit: 'images', source: '1,021 without annotations dropped' },
  // ultralytics/cfg/datasets/coco8.yaml: "train: images/train … 4 images"; coco128.yaml: "128 images"
  coco8Train: { dataset: 'COCO8', split: 'train', size: 4, unit: 'images', source: 'Ultralytics coco8.yaml' },
  coco128Train: { dataset: 'COCO128', split: 'train', size: 128, unit: 'images', source: 'Ultralytics coco128.yaml' },
  // coco8-seg.yaml and coco8-pose.yaml: "train: images/train … 4 images"; coco128-seg.yaml: "128 images"
  coco8SegTrain: { dataset: 'COCO8-seg', split: 'train', size: 4, unit: 'images', source: 'Ultralytics coco8-seg.yaml' },
  coco8PoseTrain: { dataset: 'COCO8-pose', split: 'train', size: 4, unit: 'images', source: 'Ultralytics coco8-pose.yaml' },
  coco128SegTrain: { dataset: 'COCO128-seg', split: 'train', size: 128, unit: 'images', source: 'Ultralytics coco128-seg.yaml' },
  // PASCAL VOC 2007 trainval 5,011 images, VOC 2012 trainval 11,540 (host.robots.ox.ac.uk/pascal/VOC); every
  // trainval image has an object, so no loader drops one (open-mmlab/mmdetection issue #736)
  voc2007Trainval: { dataset: 'VOC2007', split: 'trainval', size: 5_011, unit: 'images', source: 'PASCAL VOC' },
  voc2012Trainval: { dataset: 'VOC2012', split: 'trainval', size: 11_540, unit: 'images', source: 'PASCAL VOC' },
  // ultralytics/cfg/datasets/VOC.yaml: "train: … 16551 images" (train2012, train2007, val2012, val2007)
  voc0712Trainval: { dataset: 'VOC2007+2012', split: 'trainval', size: 16_551, unit: 'images', source: 'Ultralytics VOC.yaml' },
  // Cordts et al., "The Cityscapes Dataset", CVPR 2016: 2,975 fine train, 500 val, 1,525 test images
  cityscapesFineTrain: { dataset: 'Cityscapes', split: 'fine train', size: 2_975, unit: 'images', source: 'Cordts et al. 2016' },
  // MIT Scene Parsing Benchmark (ADEChallengeData2016): "The training data contains 20210 images"
  ade20kTrain: { dataset: 'ADE20K', split: 'train', size: 20_210, unit: 'images', source: 'MIT Scene Parsing Benchmark' },
  // GLUE train splits, the nyu-mll/glue dataset card (huggingface.co/datasets/nyu-mll/glue)
  colaTrain: { dataset: 'GLUE CoLA', split: 'train', size: 8_551, unit: 'examples', source: HF_GLUE },
  sst2Train: { dataset: 'GLUE SST-2', split: 'train', size: 67_349, unit: 'examples', source: HF_GLUE },
  mrpcTrain: { dataset: 'GLUE MRPC', split: 'train', size: 3_668, unit: 'examples', source: HF_GLUE },
  qqpTrain: { dataset: 'GLUE QQP', split: 'train', size: 363_846, unit: 'examples', source: HF_GLUE },
  stsbTrain: { dataset: 'GLUE STS-B', split: 'train', size: 5_749, unit: 'examples', source: HF_GLUE },
  mnliTrain: { dataset: 'GLUE MNLI', split: 'train', size: 392_702, unit: 'examples', source: HF_GLUE },
  qnliTrain: { dataset: 'GLUE QNLI', split: 'train', size: 104_743, unit: 'examples', source: HF_GLUE },
  rteTrain: { dataset: 'GLUE RTE', split: 'train', size: 2_490, unit: 'examples', source: HF_GLUE },
  wnliTrain: { dataset: 'GLUE WNLI', split: 'train', size: 635, unit: 'examples', source: HF_GLUE },
  // rajpurkar/squad and rajpurkar/squad_v2 dataset cards: train 87599 / 130319 questions. run_qa.py cuts a long
  // context into several features (doc_stride), so its Trainer iterates somewhat more than this.
  squadTrain: { dataset: 'SQuAD v1.1', split: 'train', size: 87_599, unit: 'examples', source: 'rajpurkar/squad dataset card' },
  squadV2Train: { dataset: 'SQuAD v2.0', split: 'train', size: 130_319, unit: 'examples', source: 'rajpurkar/squad_v2 dataset card' },
  // HuggingFaceH4/ultrachat_200k: train_sft 207,865 and test_sft 23,110 rows (the dataset viewer shows 208k and
  // 23.1k; a Trainer run on train_sft logs "train_samples": 207865)
  ultrachatTrainSft: { dataset: 'UltraChat 200k', split: 'train_sft', size: 207_865, unit: 'examples', source: 'HuggingFaceH4/ultrachat_200k' },
  ultrachatTestSft: { dataset: 'UltraChat 200k', split: 'test_sft', size: 23_110, unit: 'examples', source: 'HuggingFaceH4/ultrachat_200k' },
  // LLaMA-Factory's demo data, the records of data/<name>.json at hiyouga/LLaMA-Factory commit ff6d4d1 (2026-08-18)
  lfIdentity: { dataset: 'identity', split: 'train', size: 91, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfAlpacaEnDemo: { dataset: 'alpaca_en_demo', split: 'train', size: 999, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfAlpacaZhDemo: { dataset: 'alpaca_zh_demo', split: 'train', size: 1_000, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfGlaiveToolcallEnDemo: { dataset: 'glaive_toolcall_en_demo', split: 'train', size: 300, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfGlaiveToolcallZhDemo: { dataset: 'glaive_toolcall_zh_demo', split: 'train', size: 300, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfMllmDemo: { dataset: 'mllm_demo', split: 'train', size: 6, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfMllmVideoDemo: { dataset: 'mllm_video_demo', split: 'train', size: 3, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfMllmAudioDemo: { dataset: 'mllm_audio_demo', split: 'train', size: 3, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfDpoEnDemo: { dataset: 'dpo_en_demo', split: 'train', size: 300, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfDpoZhDemo: { dataset: 'dpo_zh_demo', split: 'train', size: 300, unit: 'examples', source: LLAMA_FACTORY_DATA },
  lfKtoEnDemo: { dataset: 'kto_en_demo', split: 'train', size: 300, unit: 'examples', source: LLAMA_FACTORY_DATA },
} as const satisfies Record<string, KnownSplit>;
