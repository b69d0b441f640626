/**
 * Retries an assertion until it passes or `timeoutMs` runs out, then throws its last error.
 * For outcomes a background loop produces (the mail dispatcher), never for timings.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
