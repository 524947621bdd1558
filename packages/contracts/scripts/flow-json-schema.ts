import { Flow } from '../src/index.ts';

/** The Flow schema as a standalone JSON Schema document (draft 2020-12 compatible). */
export function flowJsonSchemaText(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...JSON.parse(JSON.stringify(Flow)),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
