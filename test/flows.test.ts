// Every saved flow in flows/ validates and compiles.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileFlow } from '@flowsync/engine';
import { readFlowFiles } from '@flowsync/server';

describe('flows/*.flow.json', () => {
  const files = readFlowFiles();
  it('has the example flows', () => {
    assert.ok(files.some((f) => f.file === 'netsuite-contacts-to-salesforce.flow.json'));
  });
  for (const file of files) {
    it(`${file.file} validates and compiles`, () => {
      assert.deepEqual(
        file.issues.map((i) => `${i.path}: ${i.message}`),
        [],
      );
      assert.ok(file.flow);
      compileFlow(file.flow);
    });
  }
});
