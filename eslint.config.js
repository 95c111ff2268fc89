// Lint: typescript-eslint's recommended type-aware rules plus the architecture's import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const boundary = (regex, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', '.tmp/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  // Import boundaries (docs/architecture.md): lib imports nothing internal; the domain never imports
  // http, the process engine or the CLI; http never touches a store directly.
  {
    files: ['src/lib/**/*.ts'],
    rules: boundary('^\\.\\./', 'src/lib imports nothing internal.'),
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: boundary(
      // another module's internals (../<module>/<file> other than index.ts), or an outer layer
      '^\\.\\./(?!\\.\\.)[^/]+/(?!index\\.ts$)[^/]+$|/(http|process-engine|cli)/|/app\\.ts$',
      'A domain module imports other modules only through their index.ts, and never http, the engine or the CLI.',
    ),
  },
  {
    files: ['src/http/**/*.ts'],
    rules: boundary(
      '\\.store\\.ts$|/store/migrations/|/domain/[^/]+/(?!index\\.ts$)[^/]+$',
      'http reaches the domain only through domain/<module>/index.ts (and errors.ts).',
    ),
  },
  { files: ['src/**/*.ts'], ignores: ['src/**/*.test.ts'], rules: { 'no-console': 'error' } },
  // node:test's test() returns a promise the runner tracks itself.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-floating-promises': 'off' } },
);
