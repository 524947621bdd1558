import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { flowJsonSchemaText } from '../scripts/flow-json-schema.ts';
import { ERROR_CODES, NODE_OUTPUTS, NODE_SCHEMAS, NODE_TYPES } from '../src/index.ts';

describe('contracts', () => {
  it('ships a flow JSON Schema file that matches the TypeBox schema', () => {
    const committed = readFileSync(new URL('../schema/flow.schema.json', import.meta.url), 'utf8');
    assert.equal(
      committed,
      flowJsonSchemaText(),
      'schema/flow.schema.json is stale: run node packages/contracts/scripts/generate-schema.ts',
    );
  });

  it('declares outputs and a schema for every node type', () => {
    for (const type of NODE_TYPES) {
      assert.ok(NODE_OUTPUTS[type].length > 0, type);
      assert.equal(NODE_SCHEMAS[type].properties.type.const, type);
    }
  });

  it('gives every error code an HTTP status in the 4xx or 5xx range', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      assert.ok(spec.http >= 400 && spec.http < 600, code);
      assert.match(code, /^[A-Z_]+$/);
    }
  });
});
