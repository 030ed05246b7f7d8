import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'zhida-data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      'no-irregular-whitespace': 'off',
    },
  },
  {
    // src/core is the pure domain: it must not reach into storage, the server or the web app.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/db/**', '**/server/**', '**/web/**', '**/services/**', '**/cli/**', 'node:fs', 'node:fs/*'] },
      ],
    },
  },
);
