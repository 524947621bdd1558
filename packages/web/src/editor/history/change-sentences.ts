// Turns the server's version diff (flow-core `diffFlows` changes) into sentences people read in the
// version history: "Qualification rule of “Qualification criteria” changed from `a` to `b`".
// Values are segments so the panel can show expressions as code; node moves are counted, not listed.
import type { FlowChange, FlowNode, NodeType } from '@flowsync/contracts';
import { everyText } from '../../pages/flows/flow-profile.ts';

export type Segment = { text: string } | { code: string };

export interface ChangeSentence {
  tone: 'added' | 'removed' | 'changed';
  /** The node the change is about, for a type marker beside the sentence. */
  nodeType?: NodeType;
  segments: Segment[];
  /** Values too long to read inline, shown as a before/after block under the sentence. */
  block?: { before?: string; after?: string };
}

export interface DescribedChanges {
  sentences: ChangeSentence[];
  /** "3 nodes moved": changes that do not alter what the flow does. */
  cosmetic: string | undefined;
}

/** Nodes by id, to name them: the version the diff leads to (removed nodes come with the change). */
export type IndexedNode = Pick<FlowNode, 'id' | 'type' | 'label'> & { config?: unknown };
export type NodeIndex = ReadonlyMap<string, IndexedNode>;

/**
 * Sentences for a version's changes, in the order the server listed them, with node moves folded into
 * one count.
 *
 * @example
 * const { sentences, cosmetic } = describeChanges(diff.changes, nodesById(version.flow.nodes));
 * sentences.map(sentenceText); // ['Qualification rule of “Has company” changed from `a` to `b`']
 * cosmetic; // '2 nodes moved'
 */
export function describeChanges(changes: readonly FlowChange[], current: NodeIndex): DescribedChanges {
  const nodes = withRemovedNodes(current, changes);
  const sentences: ChangeSentence[] = [];
  const moved = new Set<string>();
  const grouped = new Map<string, { sentence: ChangeSentence; apply: (change: FlowChange) => void }>();

  for (const change of changes) {
    if (change.cosmetic || change.kind === 'nodeMoved') {
      moved.add(change.nodeId ?? change.summary);
      continue;
    }
    const group = groupKey(change, nodes);
    if (group) {
      const existing = grouped.get(group.key);
      if (existing) {
        existing.apply(change);
        continue;
      }
      const created = group.create();
      created.apply(change);
      grouped.set(group.key, created);
      sentences.push(created.sentence);
      continue;
    }
    sentences.push(describeOne(change, nodes));
  }
  return {
    sentences: sentences.filter((sentence) => sentence.segments.length > 0),
    cosmetic: moved.size === 0 ? undefined : `${moved.size} ${moved.size === 1 ? 'node' : 'nodes'} moved`,
  };
}

/** Removed nodes are not in the new version; their changes carry them, and edges need their names. */
function withRemovedNodes(current: NodeIndex, changes: readonly FlowChange[]): NodeIndex {
  const removed = changes.filter((change) => change.kind === 'nodeRemoved' && change.nodeId);
  if (removed.length === 0) return current;
  const all = new Map(current);
  for (const change of removed) {
    const node = asNode(change.before);
    if (change.nodeId && node && isNodeType(node.type) && !all.has(change.nodeId)) {
      all.set(change.nodeId, {
        id: change.nodeId,
        type: node.type,
        ...(typeof node.label === 'string' ? { label: node.label } : {}),
      });
    }
  }
  return all;
}

/** A sentence as plain text, code in backticks (for tests, titles and screen-reader-only copies). */
export function sentenceText(sentence: ChangeSentence): string {
  return sentence.segments.map((s) => ('code' in s ? `\`${s.code}\`` : s.text)).join('');
}

/** `nodesById(flow.nodes)` for {@link describeChanges}. */
export function nodesById(nodes: readonly FlowNode[]): NodeIndex {
  return new Map(nodes.map((node) => [node.id, node]));
}

// ---- naming --------------------------------------------------------------------------------------

const TYPE_TITLES: Record<NodeType, string> = {
  trigger: 'Trigger',
  qualify: 'Qualify',
  lookup: 'Lookup',
  map: 'Map',
  upsert: 'Upsert',
};

function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && Object.hasOwn(TYPE_TITLES, value);
}

interface NodeLike {
  id?: unknown;
  type?: unknown;
  label?: unknown;
}

function asNode(value: unknown): NodeLike | undefined {
  return typeof value === 'object' && value !== null ? (value as NodeLike) : undefined;
}

/** “Qualification criteria”, or "Qualify q1" for a node without a label. */
function nodeName(node: NodeLike | undefined, fallbackId: string | undefined): string {
  if (node && typeof node.label === 'string' && node.label.trim() !== '') return `“${node.label.trim()}”`;
  const type = isNodeType(node?.type) ? TYPE_TITLES[node.type] : 'Node';
  const id = typeof node?.id === 'string' ? node.id : (fallbackId ?? '');
  return `${type} ${id}`.trim();
}

function typeTitle(node: NodeLike | undefined): string {
  return isNodeType(node?.type) ? TYPE_TITLES[node.type] : 'Node';
}

function capitalise(segments: Segment[]): Segment[] {
  const [first, ...rest] = segments;
  if (first && 'text' in first && first.text.length > 0) {
    return [{ text: first.text[0]!.toUpperCase() + first.text.slice(1) }, ...rest];
  }
  return segments;
}

// ---- values --------------------------------------------------------------------------------------

/** How a field's values read: code (expressions, names), text (descriptions), or with a unit. */
type ValueKind = 'code' | 'text' | 'seconds' | 'ms' | 'every' | 'bool' | 'plain';

const INLINE_LIMIT = 48;

function valueString(value: unknown, kind: ValueKind): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (kind === 'seconds') return `${value.toLocaleString('en')} s`;
    if (kind === 'ms') return `${value.toLocaleString('en')} ms`;
    if (kind === 'every') return everyText(value).toLowerCase();
    return value.toLocaleString('en');
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return JSON.stringify(value) ?? String(value);
}

function isLong(value: unknown, kind: ValueKind): boolean {
  const text = valueString(value, kind);
  return text.length > INLINE_LIMIT || text.includes('\n');
}

function valueSegment(value: unknown, kind: ValueKind): Segment {
  const text = valueString(value, kind);
  if (typeof value === 'number' || typeof value === 'boolean') return { text };
  if (kind === 'text') return { text: `“${text}”` };
  return { code: text };
}

/** "<subject> changed from A to B", "… set to B", "… removed (was A)", "… turned on", or a block. */
function leafSentence(
  subject: Segment[],
  before: unknown,
  after: unknown,
  kind: ValueKind,
  nodeType: NodeType | undefined,
): ChangeSentence {
  const base = nodeType ? { nodeType } : {};
  if (
    kind === 'bool' &&
    typeof after === 'boolean' &&
    (typeof before === 'boolean' || before === undefined)
  ) {
    return {
      ...base,
      tone: 'changed',
      segments: capitalise([...subject, { text: after ? ' turned on' : ' turned off' }]),
    };
  }
  const long = (before !== undefined && isLong(before, kind)) || (after !== undefined && isLong(after, kind));
  if (long) {
    const verb = before === undefined ? ' set' : after === undefined ? ' removed' : ' changed';
    const block: ChangeSentence['block'] = {};
    if (before !== undefined) block.before = valueString(before, kind);
    if (after !== undefined) block.after = valueString(after, kind);
    return {
      ...base,
      tone: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
      segments: capitalise([...subject, { text: verb }]),
      block,
    };
  }
  if (before === undefined) {
    return {
      ...base,
      tone: 'added',
      segments: capitalise([...subject, { text: ' set to ' }, valueSegment(after, kind)]),
    };
  }
  if (after === undefined) {
    return {
      ...base,
      tone: 'removed',
      segments: capitalise([
        ...subject,
        { text: ' removed (was ' },
        valueSegment(before, kind),
        { text: ')' },
      ]),
    };
  }
  return {
    ...base,
    tone: 'changed',
    segments: capitalise([
      ...subject,
      { text: ' changed from ' },
      valueSegment(before, kind),
      { text: ' to ' },
      valueSegment(after, kind),
    ]),
  };
}

// ---- field phrases -------------------------------------------------------------------------------

interface FieldLook {
  /** The field as people say it; `index` is the 1-based position for `*` patterns. */
  phrase: string | ((index: number) => string);
  kind: ValueKind;
}

const NODE_FIELDS: Record<NodeType, Record<string, FieldLook>> = {
  trigger: {
    connection: { phrase: 'source connection', kind: 'code' },
    object: { phrase: 'source object', kind: 'code' },
    idField: { phrase: 'record id field', kind: 'code' },
    'schedule/kind': { phrase: 'schedule type', kind: 'code' },
    'schedule/everySeconds': { phrase: 'schedule', kind: 'every' },
    'schedule/expression': { phrase: 'cron schedule', kind: 'code' },
    'schedule/timezone': { phrase: 'schedule time zone', kind: 'code' },
    'schedule/checkProcessSeconds': { phrase: 'polling check time', kind: 'seconds' },
    'schedule/sleepSeconds': { phrase: 'polling sleep time', kind: 'seconds' },
    'incremental/field': { phrase: 'incremental field', kind: 'code' },
    'incremental/overlapSeconds': { phrase: 'incremental overlap', kind: 'seconds' },
    'incremental/initialValue': { phrase: 'initial watermark', kind: 'code' },
    pageSize: { phrase: 'page size', kind: 'plain' },
    'filters/*/field': { phrase: (i) => `field of source filter ${i}`, kind: 'code' },
    'filters/*/op': { phrase: (i) => `operator of source filter ${i}`, kind: 'code' },
    'filters/*/value': { phrase: (i) => `value of source filter ${i}`, kind: 'code' },
  },
  qualify: {
    expression: { phrase: 'qualification rule', kind: 'code' },
    description: { phrase: 'rule description', kind: 'text' },
  },
  lookup: {
    as: { phrase: 'result name', kind: 'code' },
    onMultiple: { phrase: 'handling of several matches', kind: 'code' },
    'source/kind': { phrase: 'lookup source', kind: 'code' },
    'source/connection': { phrase: 'lookup connection', kind: 'code' },
    'source/object': { phrase: 'lookup object', kind: 'code' },
    'source/strategies/*/field': { phrase: (i) => `match field of strategy ${i}`, kind: 'code' },
    'source/strategies/*/value': { phrase: (i) => `match value of strategy ${i}`, kind: 'code' },
    'source/flow': { phrase: 'ledger flow', kind: 'code' },
    'source/target': { phrase: 'ledger target', kind: 'code' },
    'source/sourceId': { phrase: 'ledger source id', kind: 'code' },
  },
  map: {},
  upsert: {
    connection: { phrase: 'target connection', kind: 'code' },
    object: { phrase: 'target object', kind: 'code' },
    operation: { phrase: 'write mode', kind: 'code' },
    'match/kind': { phrase: 'match kind', kind: 'code' },
    'match/field': { phrase: 'upsert key', kind: 'code' },
    'match/expression': { phrase: 'target id expression', kind: 'code' },
    batchSize: { phrase: 'batch size', kind: 'plain' },
    'writeBack/field': { phrase: 'write-back field', kind: 'code' },
    'writeBack/connection': { phrase: 'write-back connection', kind: 'code' },
    'writeBack/object': { phrase: 'write-back object', kind: 'code' },
    skipUnchanged: { phrase: 'skipping unchanged records', kind: 'bool' },
  },
};

/** Lists of names whose element changes read as one "added x, removed y" sentence. */
const LIST_FIELDS: Partial<Record<NodeType, Record<string, string>>> = {
  trigger: { fields: 'fields read', 'realtime/events': 'realtime events' },
  lookup: { 'source/fields': 'fields read' },
};

const SETTINGS_FIELDS: Record<string, FieldLook> = {
  'retry/attempts': { phrase: 'retry attempts', kind: 'plain' },
  'retry/backoff': { phrase: 'retry backoff', kind: 'code' },
  'retry/baseDelayMs': { phrase: 'first retry delay', kind: 'ms' },
  'retry/maxDelayMs': { phrase: 'longest retry delay', kind: 'ms' },
  batchSize: { phrase: 'records per page', kind: 'plain' },
  concurrency: { phrase: 'pages in flight', kind: 'plain' },
  'errorPolicy/mode': { phrase: 'error policy', kind: 'code' },
  'errorPolicy/maxErrors': { phrase: 'error limit', kind: 'plain' },
  overlap: { phrase: 'handling of overlapping runs', kind: 'code' },
};

function segmentsOf(path: string | undefined): string[] {
  if (!path) return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `['source', 'strategies', '0', 'value']` → pattern 'source/strategies/*\/value', index 1. */
function patternOf(segments: readonly string[]): { pattern: string; index: number } {
  let index = 0;
  const parts = segments.map((segment) => {
    if (/^\d+$/.test(segment)) {
      index = Number(segment) + 1;
      return '*';
    }
    return segment;
  });
  return { pattern: parts.join('/'), index };
}

function lookPhrase(look: FieldLook, index: number): string {
  return typeof look.phrase === 'string' ? look.phrase : look.phrase(index);
}

// ---- one change ----------------------------------------------------------------------------------

function describeOne(change: FlowChange, nodes: NodeIndex): ChangeSentence {
  const node = change.nodeId ? nodes.get(change.nodeId) : undefined;
  switch (change.kind) {
    case 'nodeAdded': {
      const added = asNode(change.after) ?? node;
      return {
        tone: 'added',
        ...(isNodeType(added?.type) ? { nodeType: added.type } : {}),
        segments: [{ text: `Added ${typeTitle(added)} node ${nodeName(added, change.nodeId)}` }],
      };
    }
    case 'nodeRemoved': {
      const removed = asNode(change.before) ?? node;
      return {
        tone: 'removed',
        ...(isNodeType(removed?.type) ? { nodeType: removed.type } : {}),
        segments: [{ text: `Removed ${typeTitle(removed)} node ${nodeName(removed, change.nodeId)}` }],
      };
    }
    case 'nodeRelabelled': {
      const title = typeTitle(node);
      const from =
        typeof change.before === 'string' && change.before.trim() ? `“${change.before}”` : undefined;
      const to = typeof change.after === 'string' && change.after.trim() ? `“${change.after}”` : undefined;
      const text =
        from && to
          ? `Renamed ${title} node ${from} to ${to}`
          : to
            ? `Named ${title} node ${change.nodeId ?? ''} ${to}`
            : `Removed the name ${from ?? ''} of ${title} node ${change.nodeId ?? ''}`;
      return {
        tone: 'changed',
        ...(isNodeType(node?.type) ? { nodeType: node.type } : {}),
        segments: [{ text: text.replace(/\s+/g, ' ').trim() }],
      };
    }
    case 'edgeAdded':
    case 'edgeRemoved':
      return edgeSentence(change, nodes);
    case 'flowRenamed':
      return flowSentence(change);
    case 'settingsChanged': {
      const { pattern, index } = patternOf(segmentsOf(change.path).slice(1));
      const look = SETTINGS_FIELDS[pattern];
      const phrase = look ? lookPhrase(look, index) : pattern.replaceAll('/', ' ');
      return leafSentence(
        [{ text: `flow setting “${phrase}”` }],
        change.before,
        change.after,
        look?.kind ?? 'code',
        undefined,
      );
    }
    case 'nodeConfigChanged':
      return configSentence(change, node);
    case 'nodeMoved':
      return { tone: 'changed', segments: [{ text: change.summary }] };
  }
}

function edgeSentence(change: FlowChange, nodes: NodeIndex): ChangeSentence {
  const edge = (change.kind === 'edgeAdded' ? change.after : change.before) as
    { source?: unknown; sourceHandle?: unknown; target?: unknown } | undefined;
  if (!edge || typeof edge.source !== 'string' || typeof edge.target !== 'string') {
    return { tone: change.kind === 'edgeAdded' ? 'added' : 'removed', segments: [{ text: change.summary }] };
  }
  const source = nodeName(nodes.get(edge.source), edge.source);
  const target = nodeName(nodes.get(edge.target), edge.target);
  const handle =
    typeof edge.sourceHandle === 'string' && edge.sourceHandle !== 'out' ? edge.sourceHandle : '';
  const from = handle ? `the ${HANDLE_WORDS[handle] ?? handle} output of ${source}` : source;
  return change.kind === 'edgeAdded'
    ? { tone: 'added', segments: capitalise([{ text: `connected ${from} to ${target}` }]) }
    : { tone: 'removed', segments: capitalise([{ text: `disconnected ${from} from ${target}` }]) };
}

const HANDLE_WORDS: Record<string, string> = {
  pass: 'pass',
  reject: 'reject',
  found: 'found',
  notFound: 'not found',
};

function flowSentence(change: FlowChange): ChangeSentence {
  if (change.path === '/name') {
    return leafSentence([{ text: 'flow name' }], change.before, change.after, 'text', undefined);
  }
  if (change.path === '/description') {
    return leafSentence([{ text: 'flow description' }], change.before, change.after, 'text', undefined);
  }
  return { tone: 'changed', segments: [{ text: change.summary }] };
}

function configSentence(change: FlowChange, node: IndexedNode | undefined): ChangeSentence {
  const name = nodeName(node, change.nodeId);
  const type = isNodeType(node?.type) ? node.type : undefined;
  const segments = segmentsOf(change.path);
  if (segments[0] !== 'config' || !type) {
    return { tone: 'changed', ...(type ? { nodeType: type } : {}), segments: [{ text: change.summary }] };
  }
  const inConfig = segments.slice(1);
  if (type === 'map') return mapSentence(change, inConfig, name, node?.config);
  const { pattern, index } = patternOf(inConfig);
  const look = NODE_FIELDS[type][pattern];
  const phrase = look ? lookPhrase(look, index) : inConfig.join('.');
  return leafSentence(
    [{ text: `${phrase} of ${name}` }],
    change.before,
    change.after,
    look?.kind ?? 'code',
    type,
  );
}

function mapSentence(
  change: FlowChange,
  inConfig: readonly string[],
  name: string,
  config: unknown,
): ChangeSentence {
  const [area, position, field] = inConfig;
  if (area === 'fields' && position !== undefined && /^\d+$/.test(position)) {
    const mapping = (change.after ?? change.before) as { target?: unknown } | undefined;
    const target =
      field === undefined && typeof mapping?.target === 'string'
        ? mapping.target
        : targetAt(config, Number(position));
    const targetSegment: Segment = target ? { code: target } : { text: `field ${Number(position) + 1}` };
    if (field === undefined) return wholeMappingSentence(change, targetSegment, name);
    const phrase =
      field === 'expression'
        ? 'mapping of '
        : field === 'value'
          ? 'static value of '
          : field === 'map'
            ? 'value map used by '
            : field === 'kind'
              ? 'kind of mapping of '
              : `${field} of `;
    return leafSentence(
      [{ text: phrase }, targetSegment, { text: ` in ${name}` }],
      change.before,
      change.after,
      field === 'value' && typeof (change.after ?? change.before) !== 'string' ? 'plain' : 'code',
      'map',
    );
  }
  return leafSentence(
    [{ text: `${inConfig.join('.')} of ${name}` }],
    change.before,
    change.after,
    'code',
    'map',
  );
}

function targetAt(config: unknown, index: number): string | undefined {
  const fields = (config as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return undefined;
  const target = (fields[index] as { target?: unknown } | undefined)?.target;
  return typeof target === 'string' ? target : undefined;
}

function wholeMappingSentence(change: FlowChange, target: Segment, name: string): ChangeSentence {
  const mapping = (change.after ?? change.before) as {
    kind?: unknown;
    expression?: unknown;
    value?: unknown;
  };
  const source: Segment =
    mapping.kind === 'static'
      ? valueSegment(mapping.value, 'code')
      : { code: typeof mapping.expression === 'string' ? mapping.expression : '' };
  if (change.after !== undefined) {
    return {
      tone: 'added',
      nodeType: 'map',
      segments: [{ text: 'Added mapping ' }, target, { text: ' ← ' }, source, { text: ` to ${name}` }],
    };
  }
  return {
    tone: 'removed',
    nodeType: 'map',
    segments: [{ text: 'Removed mapping ' }, target, { text: ` from ${name}` }],
  };
}

// ---- grouped changes -----------------------------------------------------------------------------

interface Group {
  key: string;
  create: () => { sentence: ChangeSentence; apply: (change: FlowChange) => void };
}

/** Element edits of a list of names, and edits inside one value map, each read as one sentence. */
function groupKey(change: FlowChange, nodes: NodeIndex): Group | undefined {
  if (change.kind !== 'nodeConfigChanged' || !change.nodeId) return undefined;
  const node = nodes.get(change.nodeId);
  if (!node || !isNodeType(node.type)) return undefined;
  const segments = segmentsOf(change.path);
  if (segments[0] !== 'config') return undefined;
  const inConfig = segments.slice(1);
  const name = nodeName(node, change.nodeId);
  const type = node.type;

  const last = inConfig.at(-1);
  const listPath = inConfig.slice(0, -1).join('/');
  const listPhrase = LIST_FIELDS[type]?.[listPath];
  if (listPhrase && last !== undefined && /^\d+$/.test(last)) {
    return {
      key: `${change.nodeId} list ${listPath}`,
      create: () => listGroup(`${listPhrase} of ${name}`, type),
    };
  }
  if (type === 'map' && inConfig[0] === 'valueMaps' && inConfig[1] !== undefined) {
    const mapName = inConfig[1];
    return {
      key: `${change.nodeId} valueMap ${mapName}`,
      create: () => {
        let edits = 0;
        const sentence: ChangeSentence = { tone: 'changed', nodeType: 'map', segments: [] };
        return {
          sentence,
          apply: () => {
            edits += 1;
            sentence.segments = [
              { text: 'Value map ' },
              { code: mapName },
              { text: ` of ${name} changed (${edits} ${edits === 1 ? 'edit' : 'edits'})` },
            ];
          },
        };
      },
    };
  }
  return undefined;
}

function listGroup(
  subject: string,
  type: NodeType,
): { sentence: ChangeSentence; apply: (c: FlowChange) => void } {
  const before: unknown[] = [];
  const after: unknown[] = [];
  const sentence: ChangeSentence = { tone: 'changed', nodeType: type, segments: [] };
  const apply = (change: FlowChange) => {
    if (change.before !== undefined) before.push(change.before);
    if (change.after !== undefined) after.push(change.after);
    // Shifted elements show up on both sides and cancel out; what remains was added or removed.
    const added = difference(after, before);
    const removed = difference(before, after);
    const parts: Segment[] = [];
    const list = (label: string, values: unknown[]) => {
      parts.push({ text: parts.length === 0 ? `: ${label} ` : `; ${label} ` });
      values.forEach((value, i) => {
        if (i > 0) parts.push({ text: ', ' });
        parts.push({ code: valueString(value, 'code') });
      });
    };
    if (added.length > 0) list('added', added);
    if (removed.length > 0) list('removed', removed);
    if (parts.length === 0) parts.push({ text: ': reordered' });
    sentence.tone =
      removed.length === 0 && added.length > 0
        ? 'added'
        : added.length === 0 && removed.length > 0
          ? 'removed'
          : 'changed';
    sentence.segments = capitalise([{ text: subject }, ...parts]);
  };
  return { sentence, apply };
}

function difference(from: readonly unknown[], remove: readonly unknown[]): unknown[] {
  const left = [...remove];
  const result: unknown[] = [];
  for (const value of from) {
    const at = left.findIndex((other) => other === value);
    if (at >= 0) left.splice(at, 1);
    else result.push(value);
  }
  return result;
}
