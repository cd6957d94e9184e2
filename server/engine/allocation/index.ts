/**
 * Location–allocation solved exactly where it can be: MIP models over plain arrays solved by HiGHS
 * (WebAssembly), reduced instances, and the heuristics used as incumbents and fallbacks. Pure
 * functions of plain data (the solver runtime is passed in), so a solve can run in a worker thread.
 */
export * from './heuristic.js';
export * from './reduce.js';
export * from './mip.js';
export * from './covering.js';
