/**
 * The one concurrency pool of the tree: link checks (moderation), logo encoding (build), the
 * benchmarks. On floor 1 so that every room, scripts/ and bench/ may import it. No Node import.
 */

/**
 * Runs `task` on every item, at most `limit` at a time, and gives the results in the items'
 * order. A task that throws rejects the whole run (the tasks already started still finish).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
