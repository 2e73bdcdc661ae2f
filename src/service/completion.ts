import { D2_SCHEDULERS, D2_WARMUP_METHODS } from '../dialects/detectron2/solverSchedule';
import { DEEPSPEED_SCHEDULER_NAMES } from '../dialects/deepspeed/schedules';
import { HF_SCHEDULER_FUNCTIONS, HF_SCHEDULER_TYPES } from '../dialects/huggingface/schedulerCurves';
import { DECAY_TYPES, SCALING_RULES, UNITS, WARMUP_TYPES } from '../dialects/lrlens';
import { KNOWN_TYPES } from '../dialects/mmengine/schedulers';
import { TORCH_SCHEDULER_NAMES } from '../dialects/pytorch/schedulerClasses';
import { ALL_SCHEDS } from '../dialects/timm';
import type { Analysis } from './analyze';
import { documentedKeys, settingDoc } from './settingDocs';

export interface CompletionItem {
  label: string;
  kind: 'key' | 'value';
  /** the framework, e.g. `huggingface` */
  detail: string;
  /** plain text */
  documentation: string;
}

/** The values a key takes, per dialect: `parent` is the key of the object holding it (LR Lens's `type`). */
function valuesFor(dialect: string, key: string, parent: string): { values: readonly string[]; doc?: (value: string) => string } | undefined {
  switch (dialect) {
    case 'lr-lens':
      if (key === 'type' && parent === 'warmup') return { values: WARMUP_TYPES };
      if (key === 'type' && parent === 'decay') return { values: DECAY_TYPES };
      if (key === 'scaling') return { values: SCALING_RULES };
      if (key === 'unit' || key === 'interval') return { values: UNITS };
      return undefined;
    case 'huggingface':
      if (key === 'lr_scheduler_type') {
        return { values: HF_SCHEDULER_TYPES, doc: v => `transformers.${HF_SCHEDULER_FUNCTIONS[v as keyof typeof HF_SCHEDULER_FUNCTIONS]}` };
      }
      return undefined;
    case 'timm':
      return key === 'sched' ? { values: ALL_SCHEDS } : undefined;
    case 'detectron2':
      if (key === 'LR_SCHEDULER_NAME') return { values: D2_SCHEDULERS, doc: v => `detectron2.solver.lr_scheduler.${v}` };
      if (key === 'WARMUP_METHOD') return { values: D2_WARMUP_METHODS };
      return undefined;
    case 'deepspeed':
      return key === 'type' ? { values: DEEPSPEED_SCHEDULER_NAMES } : undefined;
    case 'mmengine':
      return key === 'type' ? { values: KNOWN_TYPES, doc: v => `mmengine.optim.${v}` } : undefined;
    case 'pytorch':
      if (key === '_target_' || key === 'class_path') {
        return { values: TORCH_SCHEDULER_NAMES.map(name => `torch.optim.lr_scheduler.${name}`) };
      }
      return undefined;
    default:
      return undefined;
  }
}

/** The key of the object that holds the line at `lineStart`: YAML by indentation, JSON/TS by the open brace. */
function parentKey(text: string, lineStart: number, indent: number): string {
  // JSON and TS: the key before the innermost unclosed `{`.
  let depth = 0;
  for (let i = lineStart - 1; i >= 0; i--) {
    const ch = text[i];
    if (ch === '}') depth++;
    else if (ch === '{') {
      if (depth === 0) {
        const before = text.slice(Math.max(0, i - 200), i).match(/["']?([\w.-]+)["']?\s*[:=]\s*$/);
        if (before) return before[1];
        break;
      }
      depth--;
    }
  }
  // YAML: the nearest line above with less indentation.
  const lines = text.slice(0, lineStart).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = lines[i].match(/^(\s*)([\w.-]+)\s*:\s*(#.*)?$/);
    if (m && m[1].length < indent) return m[2];
  }
  return '';
}

/**
 * Completion at `offset`: after `key:` the values that key takes in the file's dialect (scheduler names,
 * warmup types, …), else the keys the dialect documents, each with its meaning and unit.
 */
export function completionsAt(analysis: Analysis, text: string, offset: number, fileName = ''): CompletionItem[] {
  const dialect = analysis.dialects[0] ?? (/\.lrschedule\.(json|ya?ml|ts)$/.test(fileName) ? 'lr-lens' : undefined);
  if (!dialect) return [];
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, offset);
  const indent = line.match(/^\s*/)![0].length;

  const valueMatch = line.match(/^\s*(?:-\s*)?["']?([\w.-]+)["']?\s*[:=]\s*["']?([\w.-]*)$/);
  if (valueMatch) {
    const key = valueMatch[1];
    const parent = parentKey(text, lineStart, indent);
    const found = valuesFor(dialect, key, parent);
    if (!found) return [];
    const meaning = settingDoc(dialect, parent ? `${parent}.${key}` : key)?.meaning ?? '';
    return found.values.map(value => ({
      label: value, kind: 'value', detail: `${dialect} · ${key}`,
      documentation: [found.doc?.(value), meaning].filter(Boolean).join('\n\n'),
    }));
  }
  if (/^\s*(?:-\s*)?["']?[\w]*$/.test(line)) {
    const parent = parentKey(text, lineStart, indent);
    return documentedKeys(dialect, dialect === 'lr-lens' ? parent : '').map(({ key, doc }) => ({
      label: key, kind: 'key', detail: dialect,
      documentation: `${doc.meaning}${doc.unit ? ` Unit: ${doc.unit}.` : ''}`,
    }));
  }
  return [];
}
