/**
 * Sattolo's shuffle: a random permutation in which no element keeps its place (for two elements
 * or more). Batch results are listed this way so a client that matches them by position, not by
 * the echoed request, fails every time instead of by chance.
 */
export function cyclicShuffle<T>(items: readonly T[], random: () => number): T[] {
  const shuffled = [...items]
  for (let index = shuffled.length - 1; index > 0; index--) {
    // Always below index (even if an injected random() returns 1), which is what moves every element.
    const other = Math.min(index - 1, Math.floor(random() * index))
    ;[shuffled[index], shuffled[other]] = [shuffled[other], shuffled[index]]
  }
  return shuffled
}
