// Type-aware lint: the async mistakes (floating promises, un-awaited expects) fail CI.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/support/*.js', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The web pages are a second front end over the services: they never reach the data layer.
    files: ['src/web/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['typeorm', '**/*.entity', '**/database/*'],
              message: 'Pages call services; entities, EntityManager and Transactions stay behind them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Nothing in the API core depends on the pages; only the app's assembly knows both.
    files: ['src/**/*.ts'],
    ignores: ['src/web/**', 'src/configure-app.ts', 'src/app.module.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/*', '**/web'], message: 'The API core must not import the web pages.' }] },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'test/bench/**/*.ts', 'src/demo/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
