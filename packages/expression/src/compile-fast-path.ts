/**
 * A plain, synchronous evaluator for the common expression forms (paths, variables, literals,
 * comparisons, `and` / `or`, `&`, conditions and a few string functions), built from jsonata's own
 * parse tree. It gives exactly jsonata's result or none at all: whenever a value or a form would need
 * more than the straight-line semantics below (arrays and sequences, type errors, built-ins rebound by
 * the bindings, a string over the size limit), it answers INTERPRET and the caller runs the interpreter
 * for that evaluation, which then also produces any error.
 */

/** The answer of a fast evaluator that could not decide this evaluation: run the interpreter. */
export const INTERPRET: unique symbol = Symbol('flowsync.expression.interpret');

export type FastEvaluator = (input: unknown, bindings: Record<string, unknown> | undefined) => unknown;

export interface FastPathOptions {
  /** jsonata's depth guard counts one level per nested node; deeper trees are left to it. */
  maxDepth: number;
  maxStringLength: number;
  /** Whether the interpreter checks the size of strings made by `&` and function calls (see needsResultChecks). */
  checkResults: boolean;
}

type Bindings = Record<string, unknown>;
type Evaluate = (input: unknown, bindings: Bindings) => unknown;

/** Thrown inside an evaluator to abandon it; never escapes this module. */
const ABANDON: object = Object.freeze({ abandon: true });
const NO_BINDINGS: Bindings = Object.freeze({});

/** Every name jsonata 2.2.2 binds in its static frame or the expression's own: `$name` may mean one of these. */
export const JSONATA_BUILT_INS: ReadonlySet<string> = new Set([
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter',
  'lowercase', 'uppercase', 'length', 'trim', 'pad', 'match', 'contains', 'replace', 'split', 'join',
  'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number', 'floor', 'ceil', 'round',
  'abs', 'sqrt', 'power', 'random', 'boolean', 'not', 'map', 'zip', 'filter', 'single', 'reduce', 'sift',
  'keys', 'lookup', 'append', 'exists', 'spread', 'merge', 'reverse', 'each', 'error', 'assert', 'type',
  'sort', 'shuffle', 'distinct', 'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl',
  'decodeUrlComponent', 'decodeUrl', 'eval', 'toMillis', 'fromMillis', 'clone', 'now', 'millis',
]); // prettier-ignore

const { hasOwnProperty, propertyIsEnumerable } = Object.prototype;

/** The keys the parser puts on each supported node; any other key (predicate, stages, group…) refuses it. */
const NODE_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  path: new Set(['type', 'steps']),
  name: new Set(['type', 'value', 'position']),
  variable: new Set(['type', 'value', 'position']),
  string: new Set(['type', 'value', 'position']),
  number: new Set(['type', 'value', 'position']),
  value: new Set(['type', 'value', 'position']),
  binary: new Set(['type', 'value', 'position', 'lhs', 'rhs']),
  function: new Set(['type', 'name', 'value', 'position', 'arguments', 'procedure']),
  condition: new Set(['type', 'position', 'condition', 'then', 'else']),
  block: new Set(['type', 'position', 'expressions']),
};

interface AstNode {
  type: string;
  value?: unknown;
  steps?: unknown;
  lhs?: unknown;
  rhs?: unknown;
  arguments?: unknown;
  procedure?: unknown;
  condition?: unknown;
  then?: unknown;
  else?: unknown;
  expressions?: unknown;
}

function asNode(candidate: unknown): AstNode | undefined {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) return undefined;
  const type = (candidate as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  const allowed = NODE_KEYS[type];
  if (allowed === undefined) return undefined;
  for (const [key, value] of Object.entries(candidate)) {
    // The parser copies a `name` onto function nodes; it is always undefined.
    if (!allowed.has(key) || (key === 'name' && value !== undefined)) return undefined;
  }
  return candidate as AstNode;
}

/**
 * Lets through the values whose jsonata semantics here are plain JavaScript: undefined, null, booleans,
 * strings, finite numbers and objects that are not arrays (sequences), jsonata functions or thenables
 * (which jsonata awaits). Anything else abandons the evaluation.
 */
function admit(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw ABANDON;
    case 'object': {
      if (value === null) return value;
      if (Array.isArray(value)) throw ABANDON;
      const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown; then?: unknown };
      if (marked._jsonata_function === true || marked._jsonata_lambda === true) throw ABANDON;
      if (typeof marked.then === 'function') throw ABANDON;
      return value;
    }
    default:
      throw ABANDON; // functions, bigints, symbols
  }
}

/** jsonata's `lookup` on a single admitted value. */
function member(target: unknown, key: string): unknown {
  if (typeof target !== 'object' || target === null || !hasOwnProperty.call(target, key)) return undefined;
  return admit((target as Bindings)[key]);
}

/** A variable not bound by the caller is undefined: built-in names were refused when compiling. */
function variable(bindings: Bindings, name: string): unknown {
  return propertyIsEnumerable.call(bindings, name) ? admit(bindings[name]) : undefined;
}

/** jsonata's `$boolean` on an admitted value. */
function toBoolean(value: unknown): boolean | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value;
    case 'string':
      return value.length > 0;
    case 'number':
      return value !== 0;
    case 'object':
      return value !== null && Object.keys(value).length > 0;
    default:
      throw ABANDON;
  }
}

/** jsonata's number formatting in `$string` and `&`: 15 significant digits for non-integers. */
function formatNumber(value: number): string {
  return String(Number.isInteger(value) ? value : Number(value.toPrecision(15)));
}

/** jsonata's `$string` on an admitted scalar; objects are left to the interpreter (its guarded `$string`). */
function toText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'undefined':
    case 'string':
      return value;
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      throw ABANDON;
    default:
      throw ABANDON;
  }
}

function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** jsonata's `$substring`, arguments already checked to be a string and numbers. */
function substring(text: string, start: number, length: number | undefined): string {
  const chars = Array.from(text);
  let from = start;
  if (chars.length + from < 0) from = 0;
  if (length === undefined) return chars.slice(from).join('');
  if (length <= 0) return '';
  const end = from >= 0 ? from + length : chars.length + from + length;
  return chars.slice(from, end).join('');
}

function trim(text: string): string {
  let result = text.replace(/[ \t\n\r]+/gm, ' ');
  if (result.charAt(0) === ' ') result = result.substring(1);
  if (result.charAt(result.length - 1) === ' ') result = result.substring(0, result.length - 1);
  return result;
}

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;

/** jsonata's `$number` for numbers, booleans and plain decimal strings; hex and the rest are interpreted. */
function toNumber(value: unknown): number | undefined {
  switch (typeof value) {
    case 'undefined':
    case 'number':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'string': {
      const parsed = parseFloat(value);
      if (DECIMAL.test(value) && Number.isFinite(parsed)) return parsed;
      throw ABANDON;
    }
    default:
      throw ABANDON;
  }
}

function stringArgument(value: unknown): string | undefined {
  if (typeof value === 'string' || value === undefined) return value;
  throw ABANDON;
}

type Unary = (value: unknown) => unknown;

/** The built-ins compiled here, each for exactly the argument count given (the rest use the context). */
const UNARY_FUNCTIONS: Readonly<Record<string, Unary>> = {
  exists: (value) => value !== undefined,
  boolean: toBoolean,
  not: (value) => {
    const truth = toBoolean(value);
    return truth === undefined ? undefined : !truth;
  },
  string: toText,
  number: toNumber,
  lowercase: (value) => stringArgument(value)?.toLowerCase(),
  uppercase: (value) => stringArgument(value)?.toUpperCase(),
  trim: (value) => {
    const text = stringArgument(value);
    return text === undefined ? undefined : trim(text);
  },
  length: (value) => {
    const text = stringArgument(value);
    return text === undefined ? undefined : codePointLength(text);
  },
};

function substringCall(text: unknown, start: unknown, length: unknown): unknown {
  const str = stringArgument(text);
  if (typeof start !== 'number' || (length !== undefined && typeof length !== 'number')) throw ABANDON;
  return str === undefined ? undefined : substring(str, start, length);
}

function isOrderable(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function compare(op: string, lhs: unknown, rhs: unknown): boolean | undefined {
  // Other types, and mixed ones, are jsonata errors T2010 / T2009: the interpreter throws them.
  if ((lhs !== undefined && !isOrderable(lhs)) || (rhs !== undefined && !isOrderable(rhs))) throw ABANDON;
  if (lhs === undefined || rhs === undefined) return undefined;
  if (typeof lhs !== typeof rhs) throw ABANDON;
  switch (op) {
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    default:
      throw ABANDON;
  }
}

function equals(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  // Two objects need jsonata's deep equality; any other mix of admitted values differs.
  if (typeof lhs === 'object' && typeof rhs === 'object' && lhs !== null && rhs !== null) throw ABANDON;
  return false;
}

interface Compiler {
  readonly options: FastPathOptions;
  /** Built-ins the tree calls: a binding of the same name would replace them. */
  readonly calls: Set<string>;
}

function compileNode(candidate: unknown, compiler: Compiler): Evaluate | undefined {
  const node = asNode(candidate);
  if (node === undefined) return undefined;
  switch (node.type) {
    case 'path':
      return compilePath(node);
    case 'variable':
      return compileVariable(node);
    case 'string':
    case 'number':
    case 'value':
      return compileLiteral(node);
    case 'binary':
      return compileBinary(node, compiler);
    case 'function':
      return compileCall(node, compiler);
    case 'condition':
      return compileCondition(node, compiler);
    case 'block':
      return compileBlock(node, compiler);
    default:
      // 'name' appears only as a path step.
      return undefined;
  }
}

function variableName(node: AstNode): string | undefined {
  const name = node.value;
  // '' is the context `$` and '$' the root `$$`: both may be jsonata sequences.
  if (typeof name !== 'string' || name === '' || name === '$' || JSONATA_BUILT_INS.has(name))
    return undefined;
  return name;
}

function compileVariable(node: AstNode): Evaluate | undefined {
  const name = variableName(node);
  if (name === undefined) return undefined;
  return (_input, bindings) => variable(bindings, name);
}

function compilePath(node: AstNode): Evaluate | undefined {
  const steps = node.steps;
  if (!Array.isArray(steps) || steps.length === 0) return undefined;
  const names: string[] = [];
  let root: string | undefined;
  for (let index = 0; index < steps.length; index++) {
    const step = asNode(steps[index]);
    if (step === undefined) return undefined;
    if (step.type === 'variable' && index === 0) {
      root = variableName(step);
      if (root === undefined) return undefined;
    } else if (step.type === 'name' && typeof step.value === 'string') {
      names.push(step.value);
    } else {
      return undefined;
    }
  }
  const start: Evaluate =
    root === undefined ? (input) => input : (_input, bindings) => variable(bindings, root);
  if (names.length === 1) {
    const [only] = names as [string];
    return (input, bindings) => member(start(input, bindings), only);
  }
  if (names.length === 2) {
    const [first, second] = names as [string, string];
    return (input, bindings) => member(member(start(input, bindings), first), second);
  }
  return (input, bindings) => {
    let value = start(input, bindings);
    for (const name of names) {
      if (value === undefined) return undefined;
      value = member(value, name);
    }
    return value;
  };
}

function compileLiteral(node: AstNode): Evaluate | undefined {
  const value = node.value;
  const literal =
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    value === null ||
    (typeof value === 'number' && Number.isFinite(value));
  return literal ? () => value : undefined;
}

/** Results the interpreter would check against the string limit (when it checks at all). */
function limitedText(result: unknown, options: FastPathOptions): unknown {
  if (typeof result === 'string' && result.length > options.maxStringLength) throw ABANDON;
  return result;
}

function compileBinary(node: AstNode, compiler: Compiler): Evaluate | undefined {
  const lhs = compileNode(node.lhs, compiler);
  const rhs = compileNode(node.rhs, compiler);
  if (lhs === undefined || rhs === undefined) return undefined;
  const { options } = compiler;
  switch (node.value) {
    case 'and':
      return (input, bindings) =>
        toBoolean(lhs(input, bindings)) === true && toBoolean(rhs(input, bindings)) === true;
    case 'or':
      return (input, bindings) =>
        toBoolean(lhs(input, bindings)) === true || toBoolean(rhs(input, bindings)) === true;
    case '=':
      return (input, bindings) => {
        const left = lhs(input, bindings);
        const right = rhs(input, bindings);
        return left !== undefined && right !== undefined && equals(left, right);
      };
    case '!=':
      return (input, bindings) => {
        const left = lhs(input, bindings);
        const right = rhs(input, bindings);
        return left !== undefined && right !== undefined && !equals(left, right);
      };
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const op = node.value;
      return (input, bindings) => compare(op, lhs(input, bindings), rhs(input, bindings));
    }
    case '&':
      return (input, bindings) => {
        const left = toText(lhs(input, bindings)) ?? '';
        const right = toText(rhs(input, bindings)) ?? '';
        const joined = left + right;
        return options.checkResults ? limitedText(joined, options) : joined;
      };
    default:
      return undefined;
  }
}

function compileCall(node: AstNode, compiler: Compiler): Evaluate | undefined {
  const procedure = asNode(node.procedure);
  if (procedure?.type !== 'variable' || typeof procedure.value !== 'string') return undefined;
  const name = procedure.value;
  if (!Array.isArray(node.arguments)) return undefined;
  const args: Evaluate[] = [];
  for (const argument of node.arguments) {
    const compiled = compileNode(argument, compiler);
    if (compiled === undefined) return undefined;
    args.push(compiled);
  }
  let call: Evaluate;
  const unary = hasOwnProperty.call(UNARY_FUNCTIONS, name) ? UNARY_FUNCTIONS[name] : undefined;
  if (unary !== undefined && args.length === 1) {
    const [argument] = args as [Evaluate];
    call = (input, bindings) => unary(argument(input, bindings));
  } else if (name === 'substring' && args.length === 2) {
    const [text, start] = args as [Evaluate, Evaluate];
    call = (input, bindings) => substringCall(text(input, bindings), start(input, bindings), undefined);
  } else if (name === 'substring' && args.length === 3) {
    const [text, start, length] = args as [Evaluate, Evaluate, Evaluate];
    call = (input, bindings) =>
      substringCall(text(input, bindings), start(input, bindings), length(input, bindings));
  } else {
    return undefined;
  }
  compiler.calls.add(name);
  const { options } = compiler;
  return options.checkResults ? (input, bindings) => limitedText(call(input, bindings), options) : call;
}

function compileCondition(node: AstNode, compiler: Compiler): Evaluate | undefined {
  const condition = compileNode(node.condition, compiler);
  const then = compileNode(node.then, compiler);
  const otherwise = node.else === undefined ? () => undefined : compileNode(node.else, compiler);
  if (condition === undefined || then === undefined || otherwise === undefined) return undefined;
  return (input, bindings) =>
    toBoolean(condition(input, bindings)) === true ? then(input, bindings) : otherwise(input, bindings);
}

function compileBlock(node: AstNode, compiler: Compiler): Evaluate | undefined {
  const expressions = node.expressions;
  if (!Array.isArray(expressions) || expressions.length === 0) return undefined;
  const compiled: Evaluate[] = [];
  for (const expression of expressions) {
    const one = compileNode(expression, compiler);
    if (one === undefined) return undefined;
    compiled.push(one);
  }
  if (compiled.length === 1) return compiled[0];
  return (input, bindings) => {
    // Earlier expressions have no side effects here, but may still abandon (e.g. on an array).
    let result: unknown;
    for (const one of compiled) result = one(input, bindings);
    return result;
  };
}

/** Levels of jsonata's evaluation stack the tree takes (the root is level 1). */
function depthOf(candidate: unknown): number {
  if (typeof candidate !== 'object' || candidate === null) return 0;
  if (Array.isArray(candidate)) return Math.max(0, ...candidate.map(depthOf));
  const node = candidate as AstNode;
  const children = [
    node.steps,
    node.lhs,
    node.rhs,
    node.arguments,
    node.procedure,
    node.condition,
    node.then,
    node.else,
    node.expressions,
  ];
  return 1 + Math.max(0, ...children.map(depthOf));
}

/**
 * Compiles jsonata's parse tree to a synchronous evaluator when the whole tree is in the supported
 * subset; undefined otherwise. The evaluator returns INTERPRET when this evaluation needs the
 * interpreter. `bindings` must already be normalised (names without `$`).
 *
 * @example
 * const fast = compileFastPath(jsonata('$lowercase(email)').ast(), { maxDepth: 200, maxStringLength: 1e6, checkResults: false });
 * fast?.({ email: 'A@B.COM' }, undefined); // 'a@b.com'
 * fast?.({ email: ['A@B.COM'] }, undefined); // INTERPRET: arrays are the interpreter's (here: error T0410)
 */
export function compileFastPath(ast: unknown, options: FastPathOptions): FastEvaluator | undefined {
  if (depthOf(ast) > options.maxDepth) return undefined;
  const compiler: Compiler = { options, calls: new Set() };
  const root = compileNode(ast, compiler);
  if (root === undefined) return undefined;
  const calls = [...compiler.calls];
  return (input, bindings) => {
    const bound = bindings ?? NO_BINDINGS;
    // A binding named like a built-in replaces it for this evaluation.
    for (const name of calls) if (propertyIsEnumerable.call(bound, name)) return INTERPRET;
    try {
      // jsonata wraps an array input in a sequence; other unusual inputs are simply left to it.
      admit(input);
      return root(input, bound);
    } catch {
      // ABANDON, or anything the data did (a throwing getter): the interpreter redoes it faithfully.
      return INTERPRET;
    }
  };
}
