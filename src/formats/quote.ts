/**
 * The one way a message (diagnostic, hover, quick-fix title) quotes a value or key from the user's file. A
 * config value can be as long as the file (or, through `${…}` interpolation, far longer): a message quoting
 * it whole would be as large, and unreadable. Up to MAX_QUOTED characters are kept; a longer text keeps its
 * first QUOTED_HEAD characters and says how long it is. Lives in formats/ so parsers, dialects and the service
 * can all use it.
 */
export const MAX_QUOTED = 120;
const QUOTED_HEAD = 100;

/** `text` itself when at most MAX_QUOTED characters long, else `first 100 characters… (12,345 characters)`. */
export function quoted(text: string): string {
  if (text.length <= MAX_QUOTED) return text;
  let end = QUOTED_HEAD;
  // not between the two halves of a surrogate pair (an emoji cut in two is not valid text)
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/** Items a message lists before it elides the rest. */
export const MAX_LISTED = 10;

/**
 * The one way a message or a name lists items from the user's file (milestones, scheduler types): a list as long
 * as the file (36,000 milestones, 4,000 aliased schedulers) would make the message or name as long. Up to
 * MAX_LISTED + 2 items are joined whole; a longer list keeps its first MAX_LISTED and says how many there are.
 */
export function listed(items: readonly string[], separator = ', '): string {
  if (items.length <= MAX_LISTED + 2) return items.join(separator);
  return `${items.slice(0, MAX_LISTED).join(separator)}${separator}… (${items.length.toLocaleString('en-US')} in all)`;
}
