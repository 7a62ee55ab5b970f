// ESLint: typescript-eslint's type-checked rules over src/ and test/; any warning fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'docs/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off', // `(err) => next(err)` reads better with no braces
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // supertest's response bodies are untyped by design.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // A test that finds null where it expected a value fails loudly either way.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['public/**'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
  },
  {
    // The browser's scripts (public/session-clock.js): plain ES2020, no modules, only these browser globals.
    files: ['public/**/*.js'],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'performance', 'fetch', 'FormData', 'URLSearchParams', 'BroadcastChannel', 'localStorage', 'setInterval'].map((name) => [name, 'readonly']),
      ),
    },
    rules: { strict: ['error', 'global'] },
  },
);
