import jsonata from 'jsonata';

/** A conjunct's place in its predicate: `source.slice(start, end)`, trimmed. */
export interface ConjunctRange {
  start: number;
  end: number;
}

interface AndNode {
  type?: unknown;
  value?: unknown;
  position?: unknown;
  lhs?: unknown;
  rhs?: unknown;
}

function trimmedRange(source: string, start: number, end: number): ConjunctRange {
  while (start < end && /\s/.test(source.charAt(start))) start++;
  while (end > start && /\s/.test(source.charAt(end - 1))) end--;
  return { start, end };
}

/** Offsets just past each top-level `and` keyword, found through jsonata's own parse tree. */
function topLevelAndEnds(node: unknown, ends: number[]): void {
  const candidate = node as AndNode | null;
  if (typeof candidate !== 'object' || candidate === null) return;
  if (candidate.type !== 'binary' || candidate.value !== 'and') return;
  topLevelAndEnds(candidate.lhs, ends);
  if (typeof candidate.position === 'number') ends.push(candidate.position);
  topLevelAndEnds(candidate.rhs, ends);
}

/**
 * Ranges of the top-level conjuncts of `source`. Uses the parser, so operator precedence is respected:
 * `a and b or c` is one conjunct, as is anything that does not parse.
 */
export function conjunctRanges(source: string): ConjunctRange[] {
  const whole = trimmedRange(source, 0, source.length);
  if (whole.start === whole.end) return [];
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch {
    return [whole];
  }
  const ends: number[] = [];
  topLevelAndEnds(ast, ends);
  if (ends.some((end) => source.slice(end - 3, end) !== 'and')) return [whole];
  ends.sort((a, b) => a - b);
  const ranges: ConjunctRange[] = [];
  let start = 0;
  for (const end of ends) {
    ranges.push(trimmedRange(source, start, end - 3));
    start = end;
  }
  ranges.push(trimmedRange(source, start, source.length));
  return ranges;
}

/**
 * Splits a predicate on top-level `and` (outside parentheses, brackets, braces, strings, comments and
 * backtick-quoted names; respecting precedence, so `a and b or c` is not split). Returns [] for a blank
 * predicate and the whole trimmed text when it is not a conjunction or does not parse.
 *
 * @example
 * splitConjuncts('a = 1 and (b or c)'); // ['a = 1', '(b or c)']
 * splitConjuncts('brand = "x and y"'); // ['brand = "x and y"']
 */
export function splitConjuncts(source: string): string[] {
  return conjunctRanges(source).map(({ start, end }) => source.slice(start, end));
}
