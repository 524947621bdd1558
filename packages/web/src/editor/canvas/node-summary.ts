// The words on a canvas node: its title and a one-line summary of its configuration, so a flow reads
// at a glance without opening the inspector.
import type { FlowNode, NodeType } from '@flowsync/contracts';
import { nodeDisplayName } from '@flowsync/flow-core';

const SUMMARY_LENGTH = 60;

/** The node's label, or a readable default ("Qualify qualify-2"). */
export function nodeTitle(node: FlowNode): string {
  return node.label?.trim() ? node.label : nodeDisplayName(node);
}

function shorten(text: string, length = SUMMARY_LENGTH): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= length ? oneLine : `${oneLine.slice(0, length - 1)}…`;
}

function where(connection: string, object: string): string | undefined {
  if (!connection) return undefined;
  return object ? `${connection} · ${object}` : connection;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Output handle names as people read them. */
export const OUTPUT_LABELS: Readonly<Record<string, string>> = {
  out: 'out',
  pass: 'pass',
  reject: 'reject',
  found: 'found',
  notFound: 'not found',
};

/**
 * One line describing what the node does, e.g. "netsuite · contact", "5 mappings",
 * "salesforce · Contact upsert by NetSuite_Id__c". Says what is missing when the node is not set up.
 *
 * @example
 * nodeSummary({ id: 'm', type: 'map', position: { x: 0, y: 0 }, config: { fields: [f1, f2] } }); // '2 mappings'
 */
export function nodeSummary(node: FlowNode): string {
  switch (node.type) {
    case 'trigger': {
      const source = where(node.config.connection, node.config.object);
      if (source === undefined) return 'Choose a connection';
      const cadence = [
        node.config.realtime ? 'realtime' : undefined,
        node.config.schedule?.kind === 'interval'
          ? `every ${everyText(node.config.schedule.everySeconds)}`
          : undefined,
        node.config.schedule?.kind === 'polling'
          ? `polls every ${everyText(node.config.schedule.everySeconds)}`
          : undefined,
        node.config.schedule?.kind === 'cron' ? `cron ${node.config.schedule.expression}` : undefined,
      ].filter(Boolean);
      return shorten([source, ...cadence].join(' · '));
    }
    case 'qualify':
      return node.config.expression.trim() ? shorten(node.config.expression) : 'No criteria yet';
    case 'lookup': {
      const source = node.config.source;
      if (source.kind === 'ledger') {
        return shorten(`ledger · ${source.target ?? (source.flow ? `${source.flow} targets` : 'this flow')}`);
      }
      const at = where(source.connection, source.object);
      if (at === undefined) return 'Choose a connection';
      const fields = source.strategies.map((s) => s.field).filter(Boolean);
      return shorten(fields.length > 0 ? `${at} by ${fields.join(', ')}` : at);
    }
    case 'map':
      return node.config.fields.length === 0
        ? 'No mappings yet'
        : plural(node.config.fields.length, 'mapping');
    case 'upsert': {
      const at = where(node.config.connection, node.config.object);
      if (at === undefined) return 'Choose a connection';
      const match = node.config.match;
      const key =
        match === undefined
          ? ''
          : match.kind === 'externalId'
            ? match.field && ` by ${match.field}`
            : match.expression && ` by ${match.expression}`;
      return shorten(`${at} ${node.config.operation}${key}`);
    }
  }
}

function everyText(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const SCHEMA_WORDING: readonly [RegExp, string][] = [
  [/: Expected string length greater or equal to 1$/, ': required'],
  [/: Expected array length to be greater or equal to 1$/, ': add at least one'],
  [/: Expected string to match '[^']*'$/, ': missing or not valid'],
];

/**
 * A validation message as shown on its own node: without the node's name (the node is right there) and
 * with schema jargon in plain words.
 *
 * @example
 * issueOnNode(mapNode, 'Map map-1: fields: Expected array length to be greater or equal to 1');
 * // 'fields: add at least one'
 */
export function issueOnNode(node: FlowNode, message: string): string {
  const prefix = `${nodeDisplayName(node)}: `;
  return plainIssue(message.startsWith(prefix) ? message.slice(prefix.length) : message);
}

/**
 * A validation message with schema jargon in plain words.
 *
 * @example
 * plainIssue('Trigger t1: object: Expected string length greater or equal to 1'); // 'Trigger t1: object: required'
 */
export function plainIssue(message: string): string {
  let text = message;
  for (const [pattern, wording] of SCHEMA_WORDING) text = text.replace(pattern, wording);
  return text;
}

/** Whether the summary is code (shown in the monospace font). */
export function summaryIsCode(type: NodeType): boolean {
  return type === 'qualify';
}
