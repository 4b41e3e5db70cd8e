import { defineConfig } from 'vitest/config';

// Two projects: the whole suite as it always ran (on the release build of the cpyext shim),
// and the cpyext suite again on the debug build (CBRIDGE_CPYEXT=debug), each file under the
// generation-based leak check of tests/helpers/debug-leak-check.ts (docs/cpyext.md, "Debug mode").
// `vitest run --project default` / `--project cpyext-debug` runs one of them.
const shared = { testTimeout: 120_000, hookTimeout: 300_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'default', include: ['tests/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'cpyext-debug',
          include: ['tests/cpyext/**/*.test.ts'],
          // debug.test.ts starts its own children in both builds; layout/elf/debian/fixtures load no shim.
          // real-binaries and test-cython load extensions that keep objects in their own C statics
          // (Cython's constant tables, caches of Debian's binaries), which the leak check's
          // reachability walk (sys.modules, modules, static types) cannot see: they would be
          // reported as leaks. They still run in release mode; debug.test.ts covers the checker.
          exclude: [
            'tests/cpyext/debug.test.ts', 'tests/cpyext/layout.test.ts', 'tests/cpyext/elf.test.ts', 'tests/cpyext/debian.test.ts',
            'tests/cpyext/fixtures.test.ts', 'tests/cpyext/real-binaries.test.ts', 'tests/cpyext/test-cython.test.ts',
          ],
          env: { CBRIDGE_CPYEXT: 'debug' },
          setupFiles: ['tests/helpers/debug-leak-check.ts'],
        },
      },
    ],
  },
});
