import type { FlowNode } from '@flowsync/contracts';
import { assertNever } from './assert-never.ts';
import { pointer } from './json-pointer.ts';

/** One expression of a node: where it sits and whether it decides (predicate) or computes (value). */
export interface NodeExpression {
  /** JSON pointer relative to the node, e.g. `/config/fields/3/expression`. */
  path: string;
  source: string;
  role: 'predicate' | 'value';
}

/** One connection name a node uses, with its JSON pointer relative to the node. */
export interface NodeConnectionRef {
  path: string;
  name: string;
}

/**
 * Every expression in a node's config with its JSON pointer relative to the node.
 *
 * @example
 * expressionsOf({ id: 'q', type: 'qualify', position: { x: 0, y: 0 }, config: { expression: 'Company != ""' } });
 * // [{ path: '/config/expression', source: 'Company != ""', role: 'predicate' }]
 */
export function expressionsOf(node: FlowNode): NodeExpression[] {
  switch (node.type) {
    case 'trigger':
      return [];
    case 'qualify':
      return [{ path: pointer('config', 'expression'), source: node.config.expression, role: 'predicate' }];
    case 'lookup': {
      const source = node.config.source;
      switch (source.kind) {
        case 'ledger':
          return [{ path: pointer('config', 'source', 'sourceId'), source: source.sourceId, role: 'value' }];
        case 'connector':
          return source.strategies.map((strategy, index) => ({
            path: pointer('config', 'source', 'strategies', index, 'value'),
            source: strategy.value,
            role: 'value' as const,
          }));
        default:
          return assertNever(source, 'lookup source');
      }
    }
    case 'map': {
      const found: NodeExpression[] = [];
      node.config.fields.forEach((field, index) => {
        switch (field.kind) {
          case 'expression':
          case 'valueMap':
            found.push({
              path: pointer('config', 'fields', index, 'expression'),
              source: field.expression,
              role: 'value',
            });
            break;
          case 'static':
            break;
          default:
            assertNever(field, 'field mapping');
        }
      });
      return found;
    }
    case 'upsert': {
      const match = node.config.match;
      if (match === undefined) return [];
      switch (match.kind) {
        case 'targetId':
          return [
            { path: pointer('config', 'match', 'expression'), source: match.expression, role: 'value' },
          ];
        case 'externalId':
          return [];
        default:
          return assertNever(match, 'upsert match');
      }
    }
    default:
      return assertNever(node, 'node type');
  }
}

/**
 * Every connection name a node uses, with its JSON pointer relative to the node.
 *
 * @example
 * connectionRefsOf(upsertNode); // [{ path: '/config/connection', name: 'salesforce' }, ...]
 */
export function connectionRefsOf(node: FlowNode): NodeConnectionRef[] {
  switch (node.type) {
    case 'trigger':
      return [{ path: pointer('config', 'connection'), name: node.config.connection }];
    case 'qualify':
    case 'map':
      return [];
    case 'lookup':
      return node.config.source.kind === 'connector'
        ? [{ path: pointer('config', 'source', 'connection'), name: node.config.source.connection }]
        : [];
    case 'upsert': {
      const refs = [{ path: pointer('config', 'connection'), name: node.config.connection }];
      const writeBackConnection = node.config.writeBack?.connection;
      if (writeBackConnection !== undefined) {
        refs.push({ path: pointer('config', 'writeBack', 'connection'), name: writeBackConnection });
      }
      return refs;
    }
    default:
      return assertNever(node, 'node type');
  }
}

/**
 * The distinct connection names a node uses, in the order they appear.
 *
 * @example
 * connectionsOf(triggerNode); // ['netsuite']
 */
export function connectionsOf(node: FlowNode): string[] {
  return [...new Set(connectionRefsOf(node).map((ref) => ref.name))];
}
