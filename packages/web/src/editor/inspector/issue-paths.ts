// Ties flow-core's validation issues to the inspector's fields: issue paths point into the whole flow
// document (`/nodes/3/config/fields/1/expression`), the inspector's fields know only their place in
// the node (`/config/fields/1/expression`), and inline messages read better without the node name.
import type { FlowIssue } from '@flowsync/flow-core';

const NODE_PREFIX = /^\/nodes\/\d+(?=\/|$)/;

/**
 * The part of an issue's JSON pointer inside its node, or undefined for flow-level paths.
 *
 * @example
 * nodeRelativePath('/nodes/4/config/fields/1/expression'); // '/config/fields/1/expression'
 * nodeRelativePath('/settings/batchSize'); // undefined
 */
export function nodeRelativePath(path: string): string | undefined {
  const match = NODE_PREFIX.exec(path);
  return match ? path.slice(match[0].length) : undefined;
}

/** `/config/fields/3/expression` → `fields[3].expression`, the way flow-core names node fields. */
export function nodeFieldLabel(relativePath: string): string {
  const inner = relativePath.startsWith('/config/') ? relativePath.slice('/config'.length) : relativePath;
  let name = '';
  for (const raw of inner.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^\d+$/.test(segment)) name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
  }
  return name;
}

/**
 * An issue's message without the node name in front (the inspector already shows the node).
 *
 * @example
 * withoutNodeName({ message: 'Map "Contact fields": fields[1].expression: Unexpected end', ... }, 'Map "Contact fields"');
 * // 'fields[1].expression: Unexpected end'
 */
export function withoutNodeName(issue: FlowIssue, nodeName: string): string {
  const prefix = `${nodeName}: `;
  return issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
}

/** An issue's message as shown under the field it concerns: without node name and field name. */
export function inlineIssueMessage(issue: FlowIssue, nodeName: string): string {
  const message = withoutNodeName(issue, nodeName);
  const relative = nodeRelativePath(issue.path);
  if (relative === undefined) return message;
  const field = `${nodeFieldLabel(relative)}: `;
  return message.startsWith(field) ? message.slice(field.length) : message;
}

/**
 * The first issue at a field of the node, or below it (a missing `schedule.everySeconds` marks the
 * schedule when no field of its own shows it).
 *
 * @example
 * issueAt(nodeIssues, '/config/connection'); // the issue whose path is /nodes/<i>/config/connection
 */
export function issueAt(
  issues: readonly FlowIssue[],
  relativePath: string,
  options: { includeNested?: boolean } = {},
): FlowIssue | undefined {
  return issues.find((issue) => {
    const relative = nodeRelativePath(issue.path);
    if (relative === undefined) return false;
    return (
      relative === relativePath || (options.includeNested === true && relative.startsWith(`${relativePath}/`))
    );
  });
}

/**
 * The value a node-relative JSON pointer points at (`/config/fields/2/target`), or undefined.
 *
 * @example
 * valueAt({ config: { fields: [{ target: 'Name' }] } }, '/config/fields/0/target'); // 'Name'
 */
export function valueAt(root: unknown, relativePath: string): unknown {
  let cursor = root;
  for (const raw of relativePath.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (cursor === null || typeof cursor !== 'object' || !Object.hasOwn(cursor, segment)) return undefined;
    cursor = (cursor as Record<string, unknown>)[segment];
  }
  return cursor;
}

const PATTERN_HINTS: [string, string][] = [
  ['^[A-Za-z_][A-Za-z0-9_]{0,63}$', 'Use letters, digits and _, not starting with a digit'],
  [
    '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$',
    'Use field names (letters, digits, _) joined by dots, e.g. Address.City',
  ],
  ['^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$', 'Use letters, digits, _ . and -, starting with a letter or digit'],
];

/**
 * A schema message as people read it under a field: "Required" for an empty required field, limits
 * in words, and what a name pattern allows instead of the regular expression.
 *
 * @example
 * friendlyProblem("Expected string to match '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$'", ''); // 'Required'
 * friendlyProblem('Expected integer to be less or equal to 59', 90); // 'Must be 59 or less'
 */
export function friendlyProblem(message: string, value: unknown): string {
  const empty = value === undefined || value === '';
  if (message === 'is required') return 'Required';
  if (
    empty &&
    (message === 'Expected string length greater or equal to 1' ||
      message.startsWith('Expected string to match'))
  ) {
    return 'Required';
  }
  let match = /^Expected (?:integer|number) to be greater or equal to (-?[\d.]+)$/.exec(message);
  if (match) return `Must be ${match[1]} or more`;
  match = /^Expected (?:integer|number) to be less or equal to (-?[\d.]+)$/.exec(message);
  if (match) return `Must be ${match[1]} or less`;
  if (message === 'Expected integer') return 'Must be a whole number';
  match = /^Expected string length less or equal to (\d+)$/.exec(message);
  if (match) return `At most ${match[1]} characters`;
  match = /^Expected array length to be greater or equal to (\d+)$/.exec(message);
  if (match) return match[1] === '1' ? 'Add at least one' : `Add at least ${match[1]}`;
  match = /^Expected array length to be less or equal to (\d+)$/.exec(message);
  if (match) return `At most ${match[1]}`;
  match = /^Expected string to match '(.*)'$/.exec(message);
  if (match) return PATTERN_HINTS.find(([pattern]) => pattern === match?.[1])?.[1] ?? message;
  return message;
}

type Titler = string | ((match: RegExpExecArray) => string);
const nth = (index: string | undefined) => Number(index ?? 0) + 1;

/** The inspector's names for config fields, per node type: what the problem list calls them. */
const FIELD_TITLES: Record<string, [RegExp, Titler][]> = {
  trigger: [
    [/^connection$/, 'Connection'],
    [/^object$/, 'Object'],
    [/^idField$/, 'Record id field'],
    [/^fields(\[\d+\])?$/, 'Fields to read'],
    [/^filters\[(\d+)\]/, (m) => `Filter ${nth(m[1])}`],
    [/^schedule\.expression$/, 'Cron expression'],
    [/^schedule\.timezone$/, 'Time zone'],
    [/^schedule\.checkProcessSeconds$/, 'Keep polling for'],
    [/^schedule\.sleepSeconds$/, 'Sleep between polls'],
    [/^schedule/, 'Schedule'],
    [/^realtime/, 'Realtime events'],
    [/^incremental\.field$/, 'Watermark field'],
    [/^incremental\.overlapSeconds$/, 'Overlap'],
    [/^incremental\.initialValue$/, 'Initial value'],
    [/^pageSize$/, 'Page size'],
  ],
  lookup: [
    [/^as$/, 'Alias'],
    [/^onMultiple$/, 'When several match'],
    [/^source\.connection$/, 'Connection'],
    [/^source\.object$/, 'Object'],
    [/^source\.strategies\[(\d+)\]\.field$/, (m) => `Match ${nth(m[1])}, field`],
    [/^source\.strategies\[(\d+)\]\.value$/, (m) => `Match ${nth(m[1])}, value`],
    [/^source\.strategies/, 'Match by'],
    [/^source\.fields/, 'Fields to return'],
    [/^source\.flow$/, 'Ledger of'],
    [/^source\.target$/, 'Ledger target'],
    [/^source\.sourceId$/, 'Source id expression'],
  ],
  map: [
    [/^fields\[(\d+)\]\.target$/, (m) => `Mapping ${nth(m[1])}, target field`],
    [/^fields\[(\d+)\]\.expression$/, (m) => `Mapping ${nth(m[1])}, source`],
    [/^fields\[(\d+)\]\.value$/, (m) => `Mapping ${nth(m[1])}, static value`],
    [/^fields\[(\d+)\]\.map$/, (m) => `Mapping ${nth(m[1])}, value map`],
    [/^fields\[(\d+)\]/, (m) => `Mapping ${nth(m[1])}`],
    [/^fields$/, 'Mappings'],
    [/^valueMaps\.([A-Za-z0-9_]+)/, (m) => `Value map ${m[1] ?? ''}`],
  ],
  upsert: [
    [/^connection$/, 'Connection'],
    [/^object$/, 'Object'],
    [/^operation$/, 'Mode'],
    [/^match\.expression$/, 'Target id expression'],
    [/^match/, 'Upsert key'],
    [/^batchSize$/, 'Batch size'],
    [/^skipUnchanged$/, 'Skip unchanged records'],
    [/^writeBack\.connection$/, 'Write-back system'],
    [/^writeBack\.object$/, 'Write-back record type'],
    [/^writeBack/, 'Write back'],
  ],
};

/**
 * The inspector's name for a node field (as flow-core names it), or the field name itself.
 *
 * @example
 * fieldTitle('map', 'fields[2].expression'); // 'Mapping 3, source'
 * fieldTitle('upsert', 'match'); // 'Upsert key'
 */
export function fieldTitle(nodeType: unknown, field: string): string {
  const titles =
    typeof nodeType === 'string' && Object.hasOwn(FIELD_TITLES, nodeType) ? FIELD_TITLES[nodeType] : [];
  for (const [pattern, title] of titles ?? []) {
    const match = pattern.exec(field);
    if (match) return typeof title === 'string' ? title : title(match);
  }
  return field;
}

/**
 * An issue as the node's problem list shows it: the field by its name in the inspector and a
 * readable message.
 *
 * @example
 * issueSummary(issue, node, 'Trigger "Contacts"'); // 'Connection: Required'
 */
export function issueSummary(issue: FlowIssue, node: { type?: unknown }, nodeName: string): string {
  const relative = nodeRelativePath(issue.path);
  if (relative === undefined || relative === '') return withoutNodeName(issue, nodeName);
  const inline = inlineIssueMessage(issue, nodeName);
  const friendly = friendlyProblem(inline, valueAt(node, relative));
  const field = nodeFieldLabel(relative);
  return field === '' ? friendly : `${fieldTitle(node.type, field)}: ${friendly}`;
}
