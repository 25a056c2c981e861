import { describe, expect, it } from 'vitest'
import { DEFAULT_PORT, parseCliOptions } from './cli-options.js'

describe('parseCliOptions', () => {
  it('defaults to mocked vaults on the default port', () => {
    expect(parseCliOptions([], {})).toEqual({ live: false, port: DEFAULT_PORT })
  })

  it('reads --live and --port, and --port wins over PORT', () => {
    expect(parseCliOptions(['--live', '--port', '0'], { PORT: '9000' })).toEqual({ live: true, port: 0 })
    expect(parseCliOptions(['--port=8123'], {})).toEqual({ live: false, port: 8123 })
  })

  it('takes PORT when --port is absent', () => {
    expect(parseCliOptions([], { PORT: '0' })).toEqual({ live: false, port: 0 })
  })

  it('rejects a bad port and an unknown switch with a message naming them', () => {
    expect(() => parseCliOptions(['--port', 'abc'], {})).toThrow(/--port must be a port number.*"abc"/)
    expect(() => parseCliOptions([], { PORT: '70000' })).toThrow(/PORT must be a port number/)
    expect(() => parseCliOptions(['--mock'], {})).toThrow(/--mock[\s\S]*Usage: pnpm demo/)
  })

  it('answers help', () => {
    expect(parseCliOptions(['--help'], {})).toBe('help')
  })
})
