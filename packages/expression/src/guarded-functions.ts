import jsonata from 'jsonata';
import { LimitBreach } from './expression-error.ts';
import type { ExpressionLimits } from './limits.ts';

/** A built-in as jsonata stores it. */
interface NativeFunction {
  implementation: (this: jsonata.Focus, ...args: unknown[]) => unknown;
}

interface Natives {
  string: NativeFunction;
  fromMillis: NativeFunction;
}

let natives: Natives | undefined;

/** jsonata does not export its built-ins; evaluating references to them is the simplest way to get them. */
const nativesReady: Promise<Natives> = jsonata('{"string": $string, "fromMillis": $fromMillis}')
  .evaluate({})
  .then((found: Natives) => {
    natives = found;
    return found;
  });

/** Resolves once the built-ins the guards delegate to are loaded (a few microtasks after import). */
export function nativesLoaded(): Promise<Natives> | undefined {
  return natives === undefined ? nativesReady : undefined;
}

function loaded(): Natives {
  if (natives === undefined) throw new Error('expression built-ins are not loaded yet');
  return natives;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Code units taken by the first `count` code points (as `for…of` splits them, lone surrogates alone). */
function unitsOfCodePoints(text: string, count: number): number {
  let units = 0;
  for (let points = 0; points < count && units < text.length; points++) {
    const pair = isHighSurrogate(text.charCodeAt(units)) && isLowSurrogate(text.charCodeAt(units + 1));
    units += pair ? 2 : 1;
  }
  return units;
}

function codePointLength(text: string): number {
  let points = 0;
  for (let units = 0; units < text.length; points++) {
    const pair = isHighSurrogate(text.charCodeAt(units)) && isLowSurrogate(text.charCodeAt(units + 1));
    units += pair ? 2 : 1;
  }
  return points;
}

/**
 * `$pad` with jsonata's semantics (widths and lengths in code points), but refusing results over the
 * string limit before allocating, and building the padding in O(width) even for long pad strings
 * (jsonata's own builds width × padString.length characters first).
 */
function guardedPad(maxStringLength: number) {
  return function pad(str: string | undefined, width: number, char?: string): string | undefined {
    if (str === undefined) return undefined;
    const fill = char === undefined || char.length === 0 ? ' ' : char;
    const target = Math.trunc(width);
    const padLength = Math.abs(target) - codePointLength(str);
    if (!(padLength > 0)) return str;
    // Each code point is at least one code unit, so this is a lower bound of the result's length.
    if (str.length + padLength > maxStringLength) throw new LimitBreach('string');
    const fillPoints = codePointLength(fill);
    let padding = fill.repeat(Math.ceil(padLength / fillPoints));
    if (fill.length > 1) padding = padding.slice(0, unitsOfCodePoints(padding, padLength));
    return target > 0 ? str + padding : padding + str;
  };
}

function guardedJoin(maxStringLength: number) {
  return function join(strs: string[] | undefined, separator?: string): string | undefined {
    if (strs === undefined) return undefined;
    const glue = separator ?? '';
    let total = glue.length * Math.max(strs.length - 1, 0);
    if (total > maxStringLength) throw new LimitBreach('string');
    for (const str of strs) {
      total += str.length;
      if (total > maxStringLength) throw new LimitBreach('string');
    }
    return strs.join(glue);
  };
}

function isJsonataFunction(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return marked._jsonata_function === true || marked._jsonata_lambda === true;
}

/**
 * True when the JSON text of `value` is certainly longer than `budget`. Counts a lower bound per value
 * and stops as soon as it is over, so the walk costs at most O(budget) even for huge or shared structures.
 */
export function jsonCertainlyLongerThan(value: unknown, budget: number): boolean {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      total += item.length + 2;
    } else if (Array.isArray(item)) {
      total += item.length + 1; // brackets and commas; each element adds its own
      for (const element of item) pending.push(element);
    } else if (isJsonataFunction(item)) {
      total += 2; // written as ""
    } else if (typeof item === 'object' && item !== null) {
      total += 2;
      for (const key in item) {
        const member = (item as Record<string, unknown>)[key];
        if (member === undefined) continue;
        total += key.length + 3;
        pending.push(member);
      }
    } else {
      total += 1;
    }
    if (total > budget) return true;
  }
  return false;
}

function guardedString(maxStringLength: number) {
  return function string(this: jsonata.Focus, arg: unknown, prettify?: boolean): unknown {
    // jsonata writes an array input (wrapped in a one-item sequence) as the array itself.
    const written = Array.isArray(arg) && (arg as { outerWrapper?: boolean }).outerWrapper ? arg[0] : arg;
    if (
      typeof written === 'object' &&
      written !== null &&
      jsonCertainlyLongerThan(written, maxStringLength)
    ) {
      throw new LimitBreach('string');
    }
    return loaded().string.implementation.call(this, arg, prettify);
  };
}

/** `$now()` and `$millis()` read the evaluation's own timestamp: jsonata keeps one per compiled object. */
function now(this: jsonata.Focus, picture?: string, timezone?: string): unknown {
  return loaded().fromMillis.implementation.call(
    this,
    this.environment.timestamp.getTime(),
    picture,
    timezone,
  );
}

function millis(this: jsonata.Focus): number {
  return this.environment.timestamp.getTime();
}

/** Replaces the built-ins that can allocate without bound, and the ones that share state across evaluations. */
export function installGuardedFunctions(expression: jsonata.Expression, limits: ExpressionLimits): void {
  // Signatures are jsonata's own for these functions.
  expression.registerFunction('pad', guardedPad(limits.maxStringLength), '<s-ns?:s>');
  expression.registerFunction('join', guardedJoin(limits.maxStringLength), '<a<s>s?:s>');
  expression.registerFunction('string', guardedString(limits.maxStringLength), '<x-b?:s>');
  expression.registerFunction('now', now, '<s?s?:s>');
  expression.registerFunction('millis', millis, '<:n>');
}
