/**
 * The files around a config that its analysis may read: base files (`_BASE_`, `_base_`, Hydra `defaults`) and
 * framework version pins (requirements*.txt, pyproject.toml, …). The service never touches a file system itself:
 * it is given this interface. The CLI reads the disk (rooted at the file's repository or `--root`), the
 * extension VS Code's `workspace.fs`, tests an in-memory map.
 *
 * Reads are synchronous so that one analysis stays one pure function call. A front end whose reads are
 * asynchronous answers `pending` for a file it has not loaded yet, loads it, and analyses again.
 *
 * Paths are absolute and '/'-separated. No answer ever comes from outside `root` (symlinks resolved first).
 */
export type FileAnswer =
  /** `path` is the real path, symlinks resolved: the one to report and to watch */
  | { kind: 'text'; text: string; path: string }
  | { kind: 'missing' }
  /** the path (or its symlink target) leaves the workspace: not read */
  | { kind: 'outside' }
  /** too large to read (see MAX_CHAIN_BYTES) */
  | { kind: 'tooLarge'; size: number }
  | { kind: 'pending' };

/** At most this many base files are read for one config (its whole chain of `_BASE_` / `_base_` files). */
export const MAX_CHAIN_FILES = 32;
/** At most this many bytes of base files are read for one config; a reader answers `tooLarge` for a larger file. */
export const MAX_CHAIN_BYTES = 1024 * 1024;

export interface WorkspaceFiles {
  /** the analysed file's absolute path */
  readonly filePath: string;
  /** the directory no read may leave (the workspace folder, the repository, or `--root`) */
  readonly root: string;
  read(path: string): FileAnswer;
  /** the names in a directory (to find `requirements*.txt`); undefined when it cannot be listed */
  list(dir: string): string[] | 'pending' | undefined;
}
