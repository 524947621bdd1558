/**
 * Oracle datetime format models for SuiteQL's TO_DATE / TO_CHAR: YYYY, MM, DD, HH24, HH/HH12, MI, SS,
 * AM/PM, quoted text ("T") and punctuation. The emulated account's time zone is UTC.
 */
type FormatToken =
  { kind: 'YYYY' | 'MM' | 'DD' | 'HH24' | 'HH12' | 'MI' | 'SS' | 'AMPM' } | { kind: 'literal'; text: string };

export class DateFormatError extends Error {}

const ELEMENT = /YYYY|HH24|HH12|HH|MI|MM|DD|SS|AM|PM|A\.M\.|P\.M\.|"[^"]*"|[-/:,.; ]/iy;

export function parseFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  ELEMENT.lastIndex = 0;
  while (ELEMENT.lastIndex < format.length) {
    const at = ELEMENT.lastIndex;
    const match = ELEMENT.exec(format);
    if (match === null) {
      throw new DateFormatError(`ORA-01821: date format not recognized at "${format.slice(at)}"`);
    }
    const text = match[0];
    const upper = text.toUpperCase();
    if (text.startsWith('"')) tokens.push({ kind: 'literal', text: text.slice(1, -1) });
    else if (upper === 'HH' || upper === 'HH12') tokens.push({ kind: 'HH12' });
    else if (upper === 'AM' || upper === 'PM' || upper === 'A.M.' || upper === 'P.M.')
      tokens.push({ kind: 'AMPM' });
    else if (
      upper === 'YYYY' ||
      upper === 'MM' ||
      upper === 'DD' ||
      upper === 'HH24' ||
      upper === 'MI' ||
      upper === 'SS'
    ) {
      tokens.push({ kind: upper });
    } else tokens.push({ kind: 'literal', text });
  }
  return tokens;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export function formatDate(ms: number, format: string): string {
  const date = new Date(ms);
  const hours = date.getUTCHours();
  return parseFormat(format)
    .map((token) => {
      switch (token.kind) {
        case 'YYYY':
          return pad(date.getUTCFullYear(), 4);
        case 'MM':
          return pad(date.getUTCMonth() + 1);
        case 'DD':
          return pad(date.getUTCDate());
        case 'HH24':
          return pad(hours);
        case 'HH12':
          return pad(hours % 12 === 0 ? 12 : hours % 12);
        case 'MI':
          return pad(date.getUTCMinutes());
        case 'SS':
          return pad(date.getUTCSeconds());
        case 'AMPM':
          return hours < 12 ? 'AM' : 'PM';
        case 'literal':
          return token.text;
        default:
          return assertNever(token);
      }
    })
    .join('');
}

function assertNever(value: never): never {
  throw new Error(`unexpected token ${JSON.stringify(value)}`);
}

/** The account's date format for datetime columns selected without TO_CHAR: `1/15/2026`. */
export function formatAccountDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
}

export const ACCOUNT_DATE_FORMAT = 'MM/DD/YYYY';

export function parseDate(text: string, format: string): number {
  const tokens = parseFormat(format);
  const parts = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, hour12: -1, pm: false };
  let at = 0;
  const digits = (max: number): number => {
    const match = new RegExp(`\\d{1,${max}}`, 'y');
    match.lastIndex = at;
    const found = match.exec(text);
    if (found === null)
      throw new DateFormatError(
        `ORA-01858: a non-numeric character was found where a numeric was expected in "${text}"`,
      );
    at += found[0].length;
    return Number(found[0]);
  };
  for (const token of tokens) {
    switch (token.kind) {
      case 'YYYY':
        parts.year = digits(4);
        break;
      case 'MM':
        parts.month = digits(2);
        break;
      case 'DD':
        parts.day = digits(2);
        break;
      case 'HH24':
        parts.hour = digits(2);
        break;
      case 'HH12':
        parts.hour12 = digits(2);
        break;
      case 'MI':
        parts.minute = digits(2);
        break;
      case 'SS':
        parts.second = digits(2);
        break;
      case 'AMPM': {
        const marker = text.slice(at, at + 2).toUpperCase();
        if (marker !== 'AM' && marker !== 'PM')
          throw new DateFormatError(`ORA-01855: AM/A.M. or PM/P.M. required in "${text}"`);
        parts.pm = marker === 'PM';
        at += 2;
        break;
      }
      case 'literal':
        if (text.slice(at, at + token.text.length) !== token.text) {
          throw new DateFormatError(
            `ORA-01861: literal does not match format string: "${text}" for "${format}"`,
          );
        }
        at += token.text.length;
        break;
      default:
        return assertNever(token);
    }
  }
  if (at !== text.length) {
    throw new DateFormatError(
      `ORA-01830: date format picture ends before converting entire input string "${text}"`,
    );
  }
  if (parts.hour12 !== -1) {
    if (parts.hour12 < 1 || parts.hour12 > 12)
      throw new DateFormatError('ORA-01849: hour must be between 1 and 12');
    parts.hour = (parts.hour12 % 12) + (parts.pm ? 12 : 0);
  }
  const ms = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const check = new Date(ms);
  if (
    parts.month < 1 ||
    parts.month > 12 ||
    check.getUTCDate() !== parts.day ||
    parts.hour > 23 ||
    parts.minute > 59 ||
    parts.second > 59
  ) {
    throw new DateFormatError(`ORA-01839: date not valid: "${text}"`);
  }
  return ms;
}
