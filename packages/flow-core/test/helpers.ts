import { readFileSync } from 'node:fs';
import type { Flow, FlowEdge, FlowNode } from '@flowsync/contracts';
import type { ExpressionSyntaxChecker } from '@flowsync/flow-core';

export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

export const SETTINGS: Flow['settings'] = {
  retry: { attempts: 4, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
  batchSize: 200,
  concurrency: 4,
  errorPolicy: { mode: 'continue' },
  overlap: 'skip',
};

export function trigger(id = 'trigger', label?: string): FlowNode {
  return {
    id,
    type: 'trigger',
    position: { x: 0, y: 0 },
    ...(label === undefined ? {} : { label }),
    config: { connection: 'netsuite', object: 'contact', idField: 'id' },
  };
}

export function qualify(id: string, expression: string, label?: string): FlowNode {
  return {
    id,
    type: 'qualify',
    position: { x: 200, y: 0 },
    ...(label === undefined ? {} : { label }),
    config: { expression },
  };
}

export function map(id: string, label?: string): FlowNode {
  return {
    id,
    type: 'map',
    position: { x: 400, y: 0 },
    ...(label === undefined ? {} : { label }),
    config: { fields: [{ target: 'Email', kind: 'expression', expression: 'email' }] },
  };
}

export function ledgerLookup(id: string, as: string): FlowNode {
  return {
    id,
    type: 'lookup',
    position: { x: 300, y: 0 },
    config: { as, source: { kind: 'ledger', sourceId: 'id' }, onMultiple: 'error' },
  };
}

export function upsert(id: string): FlowNode {
  return {
    id,
    type: 'upsert',
    position: { x: 600, y: 0 },
    config: {
      connection: 'salesforce',
      object: 'Contact',
      operation: 'create',
      skipUnchanged: true,
    },
  };
}

export function edge(
  source: string,
  sourceHandle: string,
  target: string,
  id = `${source}-${sourceHandle}-${target}`,
): FlowEdge {
  return { id, source, sourceHandle, target };
}

/** trigger → qualify (pass) → map → upsert: the smallest realistic valid flow. */
export function simpleFlow(): Flow {
  return {
    schemaVersion: 1,
    id: 'simple',
    name: 'Simple',
    nodes: [
      trigger('trigger', 'Contacts'),
      qualify('q1', 'Company != ""', 'Has company'),
      map('m1', 'Fields'),
      upsert('u1'),
    ],
    edges: [edge('trigger', 'out', 'q1'), edge('q1', 'pass', 'm1'), edge('m1', 'out', 'u1')],
    settings: structuredClone(SETTINGS),
  };
}

/**
 * Stand-in for @flowsync/expression's checker (flow-core may not depend on it): reports the first
 * unbalanced parenthesis, like a real parser would.
 */
export const parenChecker: ExpressionSyntaxChecker = (source) => {
  const open: number[] = [];
  for (let i = 0; i < source.length; i += 1) {
    if (source[i] === '(') open.push(i);
    if (source[i] === ')') {
      if (open.pop() === undefined) return { message: 'Unexpected ")"', position: i, token: ')' };
    }
  }
  return open.length === 0
    ? null
    : { message: 'Expected ")" before end of expression', position: source.length };
};
