import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
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
  {
    // The web app runs in a browser; its components follow the rules of hooks.
    files: ['src/web/**/*.{ts,tsx}'],
    ignores: ['src/web/vite.config.ts'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
  },
);
