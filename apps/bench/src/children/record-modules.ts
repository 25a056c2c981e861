/**
 * `node --import record-modules.js …`: registers the resolve hook of `module-recorder.js`, which appends
 * every ES module URL the process resolves to the file named by BENCH_MODULE_LOG.
 */
import { register } from 'node:module'

register('./module-recorder.js', import.meta.url, { data: { file: process.env.BENCH_MODULE_LOG } })
