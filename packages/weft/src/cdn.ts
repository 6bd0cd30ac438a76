/**
 * The `<script>` build (`dist/weft.min.js`): everything of the browser build on the global
 * `Weft`, e.g. `Weft.connect(url)`.
 *
 * @packageDocumentation
 */
export * from './browser.js';
