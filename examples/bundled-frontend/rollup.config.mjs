import { nodeResolve } from '@rollup/plugin-node-resolve';

// `browser: true` makes node-resolve use the `browser` export condition: `weft` resolves to
// `dist/browser.js`, which wraps the browser's own WebSocket and imports no Node module.
export default {
  input: 'src/main.js',
  output: { file: 'dist/app.js', format: 'es', sourcemap: true },
  plugins: [nodeResolve({ browser: true })],
};
