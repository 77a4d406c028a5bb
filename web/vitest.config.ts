// Vitest config for the client's unit tests (pure logic only: node environment, no DOM).
// `npm test` runs them once; the browser end-to-end test lives in ../e2e.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    restoreMocks: true,
    unstubGlobals: true,
  },
});
