// Writes schema/flow.schema.json from the TypeBox Flow schema, for editors and CI.
// Run: node packages/contracts/scripts/generate-schema.ts  (a test fails when the file is stale).
import { writeFileSync } from 'node:fs';
import { flowJsonSchemaText } from './flow-json-schema.ts';

const target = new URL('../schema/flow.schema.json', import.meta.url);
writeFileSync(target, flowJsonSchemaText());
console.log(`wrote ${target.pathname}`);
