/**
 * Runs `task` with a signal that aborts after `ms` or when `parent` aborts, and settles by then
 * even if the task ignores its signal: nothing waits on a vault for ever.
 * setTimeout (not AbortSignal.timeout) so fake timers can drive it in tests.
 */
export async function withTimeout<T>(
  ms: number,
  parent: AbortSignal,
  task: (signal: AbortSignal) => Promise<T>,
  timeoutError: () => Error,
): Promise<T> {
  parent.throwIfAborted()
  const controller = new AbortController()
  let onParentAbort: (() => void) | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const stopped = new Promise<never>((_, reject) => {
    onParentAbort = () => {
      controller.abort(parent.reason)
      reject(parent.reason)
    }
    parent.addEventListener('abort', onParentAbort, { once: true })
    timer = setTimeout(() => {
      const error = timeoutError()
      controller.abort(error)
      reject(error)
    }, ms)
  })
  try {
    return await Promise.race([task(controller.signal), stopped])
  } finally {
    clearTimeout(timer)
    parent.removeEventListener('abort', onParentAbort as () => void)
  }
}
