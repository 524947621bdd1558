// Reads and validates saved flows (`flows/*.flow.json`): the start command, the first-start import and
// the flows test use it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkExpressionSyntax } from '@flowsync/expression';
import { validateFlow, type FlowIssue } from '@flowsync/flow-core';
import type { Flow } from '@flowsync/contracts';

/** The repository's flows/ folder. */
export const FLOWS_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'flows');

export interface FlowFile {
  file: string;
  flow?: Flow;
  issues: FlowIssue[];
}

export function readFlowFiles(dir = FLOWS_DIR): FlowFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.flow.json'))
    .sort()
    .map((file) => {
      let doc: unknown;
      try {
        doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      } catch (error) {
        return {
          file,
          issues: [{ code: 'schema', path: '', message: `not JSON: ${(error as Error).message}` }],
        };
      }
      const result = validateFlow(doc, { checkExpression: checkExpressionSyntax });
      if (!result.ok) return { file, issues: result.issues };
      const expected = `${result.flow.id}.flow.json`;
      if (file !== expected) {
        return { file, issues: [{ code: 'schema', path: '/id', message: `file name must be ${expected}` }] };
      }
      return { file, flow: result.flow, issues: [] };
    });
}
