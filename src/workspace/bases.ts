import type { Diagnostic, DialectInput } from '../dialects/types';
import type { WorkspaceFiles } from './files';

export interface WithBases {
  /** the input with its root replaced by the merged chain (unchanged when the file names no base) */
  input: DialectInput;
  diagnostics: Diagnostic[];
  /** the real paths of every file read, to re-analyse when one changes */
  read: string[];
  /** a file is still loading: the front end analyses again once it has it */
  pending: boolean;
}

/** Follows the base files a dialect's config names (issue 12 §4). Filled in by src/workspace/. */
export function withBases(_dialect: string, input: DialectInput, _files: WorkspaceFiles | undefined): WithBases {
  return { input, diagnostics: [], read: [], pending: false };
}
