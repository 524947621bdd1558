/**
 * Salesforce record ids: a 3-character key prefix (001 Account, 003 Contact, 005 User, 00D Org), then
 * 12 case-sensitive base-62 characters, then a 3-character suffix that makes the id case-insensitive
 * (the 18-character form every API returns).
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character case-safety suffix of a 15-character id: one bit per upper-case letter, per 5 characters. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** The 18-character form of a 15- or 18-character id; undefined for anything else. */
export function toId18(id: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  return id15 + caseSafeSuffix(id15);
}

function base62(value: number, width: number): string {
  let text = '';
  let rest = value;
  do {
    text = BASE62[rest % 62] + text;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return text.padStart(width, '0');
}

/**
 * Deterministic 18-character ids: `<prefix>` + pod `Hs` + `0` + a base-62 sequence number, so the n-th
 * record created after a reset always gets the same id.
 */
export function makeId(prefix: string, sequence: number): string {
  const id15 = `${prefix}Hs0${base62(sequence, 9)}`;
  return id15 + caseSafeSuffix(id15);
}
