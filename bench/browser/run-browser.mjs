export async function runBrowserBench() { return { unavailable: 'not yet' }; }
