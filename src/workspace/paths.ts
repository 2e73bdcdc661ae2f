/**
 * '/'-separated absolute paths, handled as text: the service runs with no `path` module of its own, and a
 * Windows path reaches it as `C:/x/y` (the CLI converts it), a VS Code one as the URI's path.
 */

/** `a/./b/../c` → `a/c`; a `..` above the root stays at the root (as the kernel resolves `/..`). */
export function normalizePath(path: string): string {
  const drive = /^[A-Za-z]:(?=\/|$)/.exec(path)?.[0] ?? '';
  const rest = path.slice(drive.length);
  const absolute = rest.startsWith('/');
  const parts: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') { if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop(); else if (!absolute) parts.push('..'); continue; }
    parts.push(part);
  }
  return `${drive}${absolute ? '/' : ''}${parts.join('/')}` || (absolute ? '/' : '.');
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

export function dirnameOf(path: string): string {
  const at = path.lastIndexOf('/');
  if (at < 0) return '.';
  if (at === 0) return '/';
  if (/^[A-Za-z]:$/.test(path.slice(0, at))) return path.slice(0, at + 1);
  return path.slice(0, at);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `name` (relative or absolute) from directory `dir`, normalised, as os.path.join then the OS would resolve it. */
export function resolvePath(dir: string, name: string): string {
  return normalizePath(isAbsolutePath(name) ? name : `${dir}/${name}`);
}

/** Whether `path` is `root` or lies under it (both normalised). */
export function isInside(root: string, path: string): boolean {
  const r = normalizePath(root);
  const p = normalizePath(path);
  if (p === r) return true;
  return p.startsWith(r.endsWith('/') ? r : `${r}/`);
}

/** `path` relative to `root` for messages (`configs/Base-RCNN-FPN.yaml`), else `path` itself. */
export function relativePath(root: string, path: string): string {
  const r = normalizePath(root);
  const p = normalizePath(path);
  if (p === r) return basenameOf(p);
  const prefix = r.endsWith('/') ? r : `${r}/`;
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/** UTF-8 length of a text, without encoding it. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}
