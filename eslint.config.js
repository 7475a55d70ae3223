// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node built-ins, by both spellings: the renderer and the contract must not touch them. */
const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'net',
  'url',
  'util',
  'worker_threads',
];

const noElectron = {
  name: 'electron',
  message: "Only electron/ may import 'electron' (main/ must run in plain Node).",
};
const noTensorflow = {
  group: ['@tensorflow/*'],
  message: 'TensorFlow.js lives in main/ (the trainer process) only.',
};

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs['flat/recommended'],
  prettier,
  ...svelte.configs['flat/prettier'],
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig: undefined },
    },
  },
  // Layers: imports run downhill only (renderer -> main/contract; electron -> main; main/* -> main/contract).
  {
    files: ['main/**/*.ts'],
    ignores: ['main/contract/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['electron/**/*.ts', 'electron/**/*.cts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTensorflow] }] },
  },
  {
    files: ['bench/**/*.ts', 'e2e/**/*.ts', 'bin/**/*.js', '*.ts', '*.js'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [noTensorflow] }] },
  },
  {
    files: ['main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins
              .filter((n) => !n.includes('*'))
              .map((name) => ({ name, message: 'The contract is shared with the renderer: no Node APIs.' })),
          ],
          patterns: [
            noTensorflow,
            { group: ['node:*'], message: 'The contract is shared with the renderer: no Node APIs.' },
            { group: ['../*', '!../contract'], message: 'The contract imports nothing else from main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins
              .filter((n) => !n.includes('*'))
              .map((name) => ({
                name,
                message: 'The renderer has no Node: ask the service through src/lib/api.ts.',
              })),
          ],
          patterns: [
            noTensorflow,
            {
              group: ['node:*'],
              message: 'The renderer has no Node: ask the service through src/lib/api.ts.',
            },
            {
              group: ['**/main/**', '!**/main/contract', '!**/main/contract/**'],
              message: 'The renderer imports nothing from main/ but main/contract (use $contract).',
            },
          ],
        },
      ],
    },
  },
);
