import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    // Ink draws only its last frame when it thinks it runs in CI; the TUI tests need every frame, in CI too.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
