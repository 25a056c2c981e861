// Adds up the JSON reports every package's vitest run writes, and prints "N passed, N failed".
// A test file that failed to load counts as one failure; no report at all is a failure too.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

let passed = 0
let failed = 0
let reports = 0
for (const group of ['packages', 'apps']) {
  if (!existsSync(group)) continue
  for (const name of readdirSync(group)) {
    const report = join(group, name, 'test-results', 'vitest.json')
    if (!existsSync(report)) continue
    const result = JSON.parse(readFileSync(report, 'utf8'))
    reports++
    passed += result.numPassedTests
    failed += result.numFailedTests
    for (const file of result.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed++
    }
  }
}
if (reports === 0) {
  console.error('no vitest report found: the tests did not run')
  failed++
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
