import type { TestModule } from 'vitest/node';
import { JsonReporter, type JsonTestResults } from 'vitest/reporters';

/**
 * vitest's JSON report, with each file's `duration` (ms) added: all its tests and hooks. The
 * report's own startTime/endTime span its tests only, and leave out work done in a beforeAll
 * (where the month simulation runs). `.ci/run` reads it to print the slowest files.
 */
export default class JsonReporterWithFileDurations extends JsonReporter {
  private durations = new Map<string, number>();

  override async onTestRunEnd(modules: ReadonlyArray<TestModule>): Promise<void> {
    for (const module of modules) this.durations.set(module.moduleId, module.diagnostic().duration);
    await super.onTestRunEnd(modules);
  }

  override async writeReport(report: string): Promise<void> {
    const results = JSON.parse(report) as JsonTestResults;
    const testResults = results.testResults.map((file) => ({ ...file, duration: this.durations.get(file.name) }));
    await super.writeReport(JSON.stringify({ ...results, testResults }));
  }
}
