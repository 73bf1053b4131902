// `npm test`: every test — unit and integration (Vitest, real PostgreSQL and SMTP), then the
// browser journeys (Playwright, Debian's chromium) — and one closing line with the totals.
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";

type Totals = { passed: number; failed: number; skipped: number };

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

async function vitestTotals(file: string): Promise<Totals> {
  const report = JSON.parse(await readFile(file, "utf8"));
  // A file that fails to load has no failed test of its own but must still count as a failure.
  const brokenFiles = report.numFailedTests === 0 ? (report.numFailedTestSuites ?? 0) : 0;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

async function playwrightTotals(file: string): Promise<Totals> {
  const { stats } = JSON.parse(await readFile(file, "utf8"));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

async function totalsOr(read: Promise<Totals>, exitCode: number): Promise<Totals> {
  // A runner that crashed before reporting still counts as a failure.
  return read.catch(() => ({ passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 }));
}

await rm("test-results", { recursive: true, force: true });
const bin = (name: string) => `node_modules/.bin/${name}`;
const unitExit = await run(bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  "--outputFile=test-results/unit-results.json",
]);
const unit = await totalsOr(vitestTotals("test-results/unit-results.json"), unitExit);
const e2eExit = await run(bin("playwright"), ["test"]);
const e2e = await totalsOr(playwrightTotals("test-results/e2e-results.json"), e2eExit);

const passed = unit.passed + e2e.passed;
const failed =
  unit.failed +
  e2e.failed +
  (unitExit !== 0 && unit.failed === 0 ? 1 : 0) +
  (e2eExit !== 0 && e2e.failed === 0 ? 1 : 0);
const skipped = unit.skipped + e2e.skipped;
console.log(
  `\nUnit and integration: ${unit.passed} passed, ${unit.failed} failed. Browser journeys: ${e2e.passed} passed, ${e2e.failed} failed.`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
