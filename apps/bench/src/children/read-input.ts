/** The JSON the bench sent on stdin (credentials included, which is why it is not in argv). */
export async function readInput<T>(): Promise<T> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T
}
