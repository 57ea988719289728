import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const WORKSHOP_IMPORT = 'src/ is the product: it must not import the workshop under tools/';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-tools/',
      'node_modules/',
      'models/',
      'index/',
      'coverage/',
      'test/.artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The product never depends on its workshop (benchmarks, model generator, kill test):
    // the build and the image leave tools/ out.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/tools/**', '**/dist-tools/**'], message: WORKSHOP_IMPORT }] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression > Literal[value=/(^|\\/)(dist-)?tools\\//]',
          message: WORKSHOP_IMPORT,
        },
      ],
    },
  },
  {
    // The search page: plain ES modules run by the browser as written.
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'history',
          'fetch',
          'matchMedia',
          'setTimeout',
          'clearTimeout',
          'console',
          'URL',
          'URLSearchParams',
          'AbortController',
          'ResizeObserver',
          'Element',
          'HTMLElement',
          'HTMLInputElement',
          'HTMLFormElement',
          'localStorage',
          'Blob',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
);
