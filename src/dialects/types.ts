import type { Schedule } from '../core/schedule';
import type { ConfigNode, ParsedDocument, SourceRange } from '../formats/tree';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A replacement of one source range, for quick fixes. */
export interface TextEdit {
  range: SourceRange;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** the best fix for its diagnostic */
  preferred?: boolean;
}

/** A 0-based line and UTF-16 character, as an editor counts them. */
export interface Position {
  line: number;
  character: number;
}

/**
 * A span in another file than the analysed one (a base config): its real path, offsets into its text, and
 * the same as lines and characters, so that a front end shows it without opening the file.
 */
export interface FileLocation {
  path: string;
  range: SourceRange;
  start: Position;
  end: Position;
  /** the span's text as written there, shortened by quoted() (a hover shows the value a base file set) */
  text?: string;
}

export interface Diagnostic {
  range: SourceRange;
  severity: Severity;
  /** stable code, e.g. `warmup-too-long`, `hf-warmup-ratio-removed` */
  code: string;
  message: string;
  fixes?: Fix[];
  /**
   * The framework stops here, but the reader went on with the value the preferred fix writes (a number PyYAML
   * keeps a string, an int yacs wants as a float): every later check already ran, so the user sees all the
   * problems at once and the fix never uncovers a new one.
   */
  recoverable?: true;
  /**
   * Places in other files that caused it: a value a base file set (the diagnostic itself sits on the entry
   * naming that base), the base a chain could not read.
   */
  related?: (FileLocation & { message: string })[];
}

/**
 * The facts a config file may not hold, under the snake_case names users give them in settings, in-file
 * directives (`# lr-lens: steps_per_epoch=1252`), CLI flags and `--context` files.
 */
export interface InputFacts {
  steps_per_epoch?: number;
  dataset_size?: number;
  world_size?: number;
  /** how often the training loop steps a plain PyTorch scheduler */
  scheduler_interval?: 'step' | 'epoch';
  epochs?: number;
  max_steps?: number;
  max_iters?: number;
  batch_size?: number;
  /** Ultralytics: number of classes (its `optimizer: auto` uses it) */
  nc?: number;
  /** the batch a reference LR was tuned for, when the file does not say (Goyal et al. 2017: 256) */
  reference_batch?: number;
  /** how a reference LR follows the batch, when the file does not say */
  scaling_rule?: 'linear' | 'sqrt' | 'none';
}
export type FactName = keyof InputFacts;

/** The facts and where each came from (to tell the user where to change it). */
export interface AnalysisContext {
  facts: InputFacts;
  sources: Partial<Record<FactName, FactSource>>;
  /** for an inferred fact: where it comes from, in the user's words (the hover shows it) */
  origins?: Partial<Record<FactName, string>>;
  /** framework versions whose behaviour differs: the user's setting or flag, else the nearest pin; unset: the reader decides from the file's keys */
  versions: { transformers?: '4' | '5'; ultralytics?: '8.3' | 'main'; /** a DeepSpeed release, e.g. '0.16.5' */ deepspeed?: string };
  /** where a version was pinned in the workspace (e.g. "transformers==4.46.1 in requirements.txt"); absent: a setting, a flag, or unset */
  versionOrigins?: Partial<Record<VersionedFramework, string>>;
}
export type FactSource = 'setting' | 'directive' | 'flag' | 'context' | 'inferred';
export type VersionedFramework = keyof AnalysisContext['versions'];

export interface DialectInput {
  fileName: string;
  text: string;
  document: ParsedDocument;
  /** the YAML document (or the single JSON/TS root) being read */
  root: ConfigNode;
  context: AnalysisContext;
  /** the file names base files (`_BASE_`, `_base_`): whether `root` is the merged chain */
  bases?: BasesRead;
}

/**
 * How far the base files of a config were followed. `merged`: every one was read and merged into the root, so a
 * key missing from it is missing everywhere. `partial`: some could not be read (a diagnostic on the base entry
 * says which and why) or are still loading. `alone`: the file was analysed without its workspace.
 */
export interface BasesRead {
  state: 'merged' | 'partial' | 'alone';
  /** the real paths of the base files merged */
  files: string[];
  /**
   * A Hydra config-group option (`conf/scheduler/cosine.yaml`) read inside the primary config whose `defaults`
   * list selects it (or names its group): that primary's path, relative to the workspace, and whether it selects
   * another option of the group (then this one stands in for it, as `group=option` on the command line would).
   */
  composedIn?: { primary: string; swapped: boolean; root: string };
  /**
   * A config-group option with no primary: the groups its `${group.key}` references name that have one option
   * only, composed beside it (relative paths).
   */
  soleOptions?: { group: string; file: string }[];
}

/** A config setting a schedule was read from, so hovers and fixes can find it. */
export interface SettingRef {
  /** dotted path as written, e.g. `warmup.epochs` */
  path: string;
  range: SourceRange;
  /** the whole `key: value` span */
  keyRange: SourceRange;
  /** the key is written more than once in its mapping (the last wins): an edit of this one puts the other in force */
  duplicated?: true;
  /**
   * The base file that set it (`_BASE_`, `_base_`): `range` and `keyRange` then point at the entry of the analysed
   * file naming that base, and an edit there would not change the value.
   */
  origin?: FileLocation;
}

export interface ReadSchedule {
  dialect: string;
  schedule: Schedule;
  /** the span of the config that defines this schedule (for the CodeLens) */
  range: SourceRange;
  /** settings written in the analysed file */
  settings: SettingRef[];
  /** settings a base file set (each with its `origin`); kept apart so no check or edit reads the analysed text at them */
  inherited?: SettingRef[];
}

export interface ReadResult {
  schedules: ReadSchedule[];
  diagnostics: Diagnostic[];
}

export interface Dialect {
  id: string;
  displayName: string;
  /** how sure (0 … 1) that this root is this framework's config, from keys and the file name only */
  detect(input: DialectInput): number;
  read(input: DialectInput): ReadResult;
}
