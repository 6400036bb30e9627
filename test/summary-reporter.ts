import type { Reporter, TestModule } from 'vitest/node';
import { BROWSER_TESTS_SKIPPED_MESSAGE, hasChromium } from '../e2e/harness.js';

/**
 * Prints the plain closing line CI reads ("Tests: N passed, N failed, N skipped") after
 * vitest's own summary.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    if (!hasChromium) process.stdout.write(`\n${BROWSER_TESTS_SKIPPED_MESSAGE}\n`);
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
