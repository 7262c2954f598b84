import { defineConfig } from 'vitest/config';

// `npm test` runs everything in CI (CI=true) and with FOLLOWUP_SLOW=1; locally
// it skips the files tagged slow by name (*.slow.test.ts: pty end-to-end,
// concurrency, crash loops) so the edit loop stays quick. `npm run test:all`
// runs them all.
const runSlow = Boolean(process.env.CI || process.env.FOLLOWUP_SLOW);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: runSlow ? ['**/node_modules/**'] : ['**/node_modules/**', '**/*.slow.test.ts'],
    restoreMocks: true,
    unstubEnvs: true,
    unstubGlobals: true,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { FOLLOWUP_HOME: '/nonexistent/followup-tests-must-set-their-own-home', NO_COLOR: '1' },
  },
});
