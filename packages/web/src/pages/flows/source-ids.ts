// Parsing the "Source record ids" box of "Sync selected records": one id per line or comma separated,
// duplicates dropped, the server's limits (1,000 ids, 200 characters each) checked before sending.

export const MAX_SOURCE_IDS = 1000;
export const MAX_SOURCE_ID_LENGTH = 200;

export interface ParsedSourceIds {
  /** Distinct ids in the order typed. */
  ids: string[];
  /** Ids typed more than once (dropped from `ids`). */
  duplicates: number;
  /** Why the list cannot be sent, if it cannot. */
  error: string | undefined;
}

/**
 * Splits the text into ids and validates them.
 *
 * @example
 * parseSourceIds('1001\n1002, 1003\n1001'); // { ids: ['1001', '1002', '1003'], duplicates: 1, error: undefined }
 * parseSourceIds('  ').error; // 'Enter at least one source record id.'
 */
export function parseSourceIds(text: string): ParsedSourceIds {
  const seen = new Set<string>();
  let duplicates = 0;
  let tooLong: string | undefined;
  for (const part of text.split(/[\n\r,]+/)) {
    const id = part.trim();
    if (id === '') continue;
    if (seen.has(id)) {
      duplicates += 1;
      continue;
    }
    if (id.length > MAX_SOURCE_ID_LENGTH && tooLong === undefined) tooLong = id;
    seen.add(id);
  }
  const ids = [...seen];
  let error: string | undefined;
  if (ids.length === 0) error = 'Enter at least one source record id.';
  else if (tooLong !== undefined) {
    error = `An id is longer than ${MAX_SOURCE_ID_LENGTH} characters: ${tooLong.slice(0, 24)}…`;
  } else if (ids.length > MAX_SOURCE_IDS) {
    error = `At most ${MAX_SOURCE_IDS.toLocaleString('en')} ids at a time; this list has ${ids.length.toLocaleString('en')}.`;
  }
  return { ids, duplicates, error };
}
