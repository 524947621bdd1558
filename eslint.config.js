import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import {
  ALLOWED_WORKSPACE_IMPORTS,
  BROWSER_PACKAGES,
  ENGINE_FORBIDDEN_MODULES,
} from './tooling/dependency-rule.js';

const ALL_PACKAGES = Object.keys(ALLOWED_WORKSPACE_IMPORTS);

/** `connectors` stands for every package under packages/connectors/. */
function workspacePatterns(name) {
  return name === 'connectors'
    ? ['@flowsync/connector-*', '!@flowsync/connector-sdk']
    : [`@flowsync/${name}`];
}

function sourceGlobs(name) {
  const folder = name === 'connectors' ? 'packages/connectors/*' : `packages/${name}`;
  return [`${folder}/src/**/*.{ts,tsx}`];
}

function boundaryConfig(name) {
  const allowed = new Set(ALLOWED_WORKSPACE_IMPORTS[name]);
  const forbidden = ALL_PACKAGES.filter((other) => !allowed.has(other) && other !== name);
  const patterns = [
    {
      group: ['@flowsync/*/*'],
      message: 'Import a workspace package by its name only, never its internals.',
    },
    {
      group: workspacePatterns(name),
      message: 'A package must not import its own index (circular import); use a relative path.',
    },
  ];
  if (forbidden.length > 0) {
    patterns.push({
      group: forbidden.flatMap(workspacePatterns),
      message: `The dependency rule (DESIGN.md) does not let ${name} import this package.`,
    });
  }
  if (name === 'engine') {
    patterns.push({
      group: ENGINE_FORBIDDEN_MODULES,
      message: 'The engine reaches the world only through injected ports.',
    });
  }
  if (BROWSER_PACKAGES.includes(name)) {
    patterns.push({ group: ['node:*'], message: `${name} runs in the browser: no Node built-ins.` });
  }
  const rules = { 'no-restricted-imports': ['error', { patterns }] };
  if (name === 'engine' || BROWSER_PACKAGES.includes(name) || name === 'store' || name === 'connectors') {
    rules['no-restricted-properties'] = [
      'error',
      { object: 'process', property: 'env', message: 'Only the server reads configuration and environment.' },
    ];
  }
  if (name === 'engine') {
    rules['no-restricted-globals'] = [
      'error',
      { name: 'process', message: 'The engine gets clock, logger and config through its ports.' },
      { name: 'fetch', message: 'The engine reaches systems only through connectors.' },
    ];
  }
  return { files: sourceGlobs(name), rules };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '.tooling/**',
      '.data/**',
      '**/dist/**',
      'test-results/**',
      '**/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // The dependency graph (no-cycle) needs to parse the imported TypeScript files too.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  ...ALL_PACKAGES.map(boundaryConfig),
  {
    files: ['packages/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', location: 'readonly', navigator: 'readonly' },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['scripts/**', 'tooling/**', '.ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
