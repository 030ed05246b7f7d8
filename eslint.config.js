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
    // Plain JavaScript entry points (bin/zhida.js) run on Node: its globals are defined.
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // src/core is the pure domain: it must not reach into storage, the server or the web app.
    // Its tests may read fixtures from disk.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/**/test-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/db/**', '**/server/**', '**/web/**', '**/services/**', '**/cli/**', 'node:fs', 'node:fs/*'] },
      ],
    },
  },
);
