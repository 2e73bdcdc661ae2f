import type { AnalysisContext } from '../dialects/types';
import type { WorkspaceFiles } from './files';

export interface PinnedVersions {
  versions: AnalysisContext['versions'];
  origins: NonNullable<AnalysisContext['versionOrigins']>;
  /** the real paths of every file read, to re-analyse when one changes */
  read: string[];
  pending: boolean;
}

/** The framework versions pinned nearest to the config (issue 12 §3). Filled in by src/workspace/. */
export function pinnedVersions(_files: WorkspaceFiles | undefined): PinnedVersions {
  return { versions: {}, origins: {}, read: [], pending: false };
}
