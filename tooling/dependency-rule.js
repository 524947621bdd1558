// The dependency rule of DESIGN.md as data: which workspace packages each package may import.
// eslint.config.js turns it into lint errors; tooling/lint-boundaries.test.ts shows that it bites.

/** Packages (folder under packages/, or `connectors` for every packages/connectors/*) → allowed imports. */
export const ALLOWED_WORKSPACE_IMPORTS = {
  contracts: [],
  'flow-core': ['contracts'],
  expression: ['contracts', 'flow-core'],
  'connector-sdk': ['contracts', 'flow-core', 'expression'],
  engine: ['contracts', 'flow-core', 'expression', 'connector-sdk'],
  store: ['contracts', 'flow-core'],
  connectors: ['contracts', 'connector-sdk'],
  sandbox: ['contracts', 'connector-sdk'],
  server: [
    'contracts',
    'flow-core',
    'expression',
    'connector-sdk',
    'engine',
    'store',
    'connectors',
    'sandbox',
  ],
  web: ['contracts', 'flow-core', 'expression'],
};

/** What the engine may never touch: it reaches the world only through injected ports. */
export const ENGINE_FORBIDDEN_MODULES = [
  'fastify',
  '@fastify/*',
  'mongodb',
  'node:sqlite',
  'ws',
  'undici',
  'node:fs',
  'node:fs/*',
  'fs',
  'fs/*',
  'node:net',
  'net',
  'node:http',
  'http',
  'node:https',
  'https',
  'node:http2',
  'node:dgram',
  'node:child_process',
  'child_process',
];

/** Browser-bound packages must not pull in Node built-ins. */
export const BROWSER_PACKAGES = ['contracts', 'flow-core', 'expression', 'web'];
