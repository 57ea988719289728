import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'models/', 'index/', 'coverage/', 'test/.artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
