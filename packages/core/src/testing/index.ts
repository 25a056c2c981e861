export { printedForms, vaultFailure, vaultThrown } from './assertions.js'
export { type ConformanceFixture, describeProviderConformance } from './conformance.js'
export { type ServedHandlers, serveHandlers } from './serve-handlers.js'
